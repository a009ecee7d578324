package logto_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

func benchClient(b *testing.B) (*logto.Client, *emulator.Emulator, string, *httptest.Server) {
	b.Helper()
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	b.Cleanup(srv.Close)
	ts, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: srv.URL, AppID: emulator.DefaultM2MAppID, AppSecret: emulator.DefaultM2MAppSecret})
	c, _ := logto.New(logto.Options{Endpoint: srv.URL, Tokens: ts})
	id := emu.SeedDemo()
	if _, err := c.GetUser(context.Background(), id, logto.GetUserOptions{}); err != nil {
		b.Fatal(err)
	}
	return c, emu, id, srv
}

// BenchmarkClientGetUser is one GET user through the client against the
// emulator on loopback, with a warm M2M token (goal ≤ 0.3 ms).
func BenchmarkClientGetUser(b *testing.B) {
	c, _, id, _ := benchClient(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.GetUser(ctx, id, logto.GetUserOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWarmCache1000Calls makes 1,000 calls per op and reports how many
// token requests they needed (must be 0 after the warm-up call).
func BenchmarkWarmCache1000Calls(b *testing.B) {
	c, emu, id, _ := benchClient(b)
	ctx := context.Background()
	before := emu.CountRequests(http.MethodPost, "/oidc/token")
	for b.Loop() {
		for range 1000 {
			if _, err := c.GetUser(ctx, id, logto.GetUserOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(emu.CountRequests(http.MethodPost, "/oidc/token")-before)/float64(b.N), "token-requests/op")
}

// BenchmarkEmulatorGetUserParallel measures the emulator's GET user
// throughput over loopback HTTP with keep-alive clients on every core.
func BenchmarkEmulatorGetUserParallel(b *testing.B) {
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	id := emu.SeedDemo()
	ts, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: srv.URL, AppID: emulator.DefaultM2MAppID, AppSecret: emulator.DefaultM2MAppSecret})
	tok, err := ts.Token(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/users/"+id, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// BenchmarkMyAccountMe is one GET /api/my-account through the Account API
// client with the user's own token (same goal as the Management GET user).
func BenchmarkMyAccountMe(b *testing.B) {
	_, emu, id, srv := benchClient(b)
	emu.SetAccountCenter(true, emulator.AllFields(emulator.FieldEdit))
	tok, err := emu.UserToken(id, emulator.DefaultDeviceAppID, emulator.AccountScopes)
	if err != nil {
		b.Fatal(err)
	}
	c, _ := logto.New(logto.Options{Endpoint: srv.URL, Tokens: staticToken(tok)})
	acct := logto.NewMyAccount(c)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := acct.Me(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// directory is a client of a tenant holding n users (and the demo's).
func directory(b *testing.B, n int) *logto.Client {
	b.Helper()
	c, emu, _, _ := benchClient(b)
	for i := range n {
		emu.SeedUser(emulator.UserSeed{Username: fmt.Sprintf("person%06d", i), Name: fmt.Sprintf("Person %d", i),
			Email: fmt.Sprintf("person%06d@example.com", i)})
	}
	return c
}

// ratio times small and large one after the other, many times, and
// reports large's time as a multiple of small's: the goal is stated as such
// a ratio, measured in the same run so that the machine's speed cancels out.
func ratio(b *testing.B, small, large func()) {
	var ts, tl time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		small()
		t1 := time.Now()
		large()
		ts, tl = ts+t1.Sub(t0), tl+time.Since(t1)
	}
	b.ReportMetric(float64(tl)/float64(ts), "x-small")
	b.ReportMetric(float64(ts.Microseconds())/float64(b.N), "small-µs/op")
	b.ReportMetric(float64(tl.Microseconds())/float64(b.N), "large-µs/op")
}

// BenchmarkPickerPage is one page of the admin picker (27 users, its page
// at 120×40) through the client and the emulator on loopback, from a
// tenant of 100,000 users against one of 100 (goal ≤ 1.5×): the first page
// and the last of the plain listing, and the first page of a search that
// every user matches (the emulator scans for a search, as Logto's ILIKE
// does without an index).
func BenchmarkPickerPage(b *testing.B) {
	small, large := directory(b, 100), directory(b, 100_000)
	ctx := context.Background()
	page := func(c *logto.Client, q logto.UserQuery, want int) func() {
		return func() {
			p, err := c.SearchUsers(ctx, q)
			if err != nil || len(p.Users) != want {
				b.Fatalf("%+v: %v", q, err)
			}
		}
	}
	// The demo's user makes 101 and 100,001: both last pages hold 20.
	for _, c := range []struct {
		name           string
		small, large   logto.UserQuery
		smallN, largeN int
	}{
		{"first", logto.UserQuery{PageSize: 27}, logto.UserQuery{PageSize: 27}, 27, 27},
		{"last", logto.UserQuery{Page: 4, PageSize: 27}, logto.UserQuery{Page: 3704, PageSize: 27}, 20, 20},
		{"search", logto.UserQuery{Search: "person", PageSize: 27}, logto.UserQuery{Search: "person", PageSize: 27}, 27, 27},
	} {
		b.Run(c.name, func(b *testing.B) {
			ratio(b, page(small, c.small, c.smallN), page(large, c.large, c.largeN))
		})
	}
}
