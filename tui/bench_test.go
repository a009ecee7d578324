package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// signedInRoot is a root model signed in against the emulator at 120×40.
func signedInRoot(b *testing.B) *Model {
	m, _ := newRoot(b)
	signInAt(b, m, 120, 40)
	if m.signing {
		b.Fatal("not signed in")
	}
	return m
}

// BenchmarkViewScreens renders every screen at 120×40 (goal ≤ 1 ms each).
func BenchmarkViewScreens(b *testing.B) {
	m := signedInRoot(b)
	for i, s := range m.screens {
		tt.Drive(b, rootUpdater{m}, tt.Run(m.show(i))...) // loaded, not "Loading…"
		if v := tt.Plain(m.render()); strings.Contains(v, "Loading") {
			b.Fatalf("%s is still loading:\n%s", s.Title(), v)
		}
		b.Run(s.Title(), func(b *testing.B) {
			m.active = i
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
	b.Run("Sign in", func(b *testing.B) {
		m.signing = true
		defer func() { m.signing = false }()
		b.ReportAllocs()
		for b.Loop() {
			_ = m.View()
		}
	})
}

// BenchmarkKeyToFrame is one key press through Update and the next View
// (goal ≤ 2 ms).
func BenchmarkKeyToFrame(b *testing.B) {
	m := signedInRoot(b)
	down, up := tt.Key("j"), tt.Key("k")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := down
		if i%2 == 1 {
			k = up
		}
		i++
		m.Update(k)
		_ = m.View()
	}
}

// rootWithCustomData is a root signed in at 120×40 as a user whose custom
// data has keys keys (or, with big, one value of 1 MiB).
func rootWithCustomData(b *testing.B, keys int, big bool) *Model {
	env := tt.NewEnv(b)
	data := map[string]any{}
	for i := range keys {
		data[fmt.Sprintf("key%05d", i)] = map[string]any{"on": i%2 == 0, "label": fmt.Sprintf("value number %d", i)}
	}
	if big {
		data["blob"] = strings.Repeat("x", 1<<20)
	}
	env.Emu.SeedUser(emulator.UserSeed{ID: "big000000001", Username: "big", Name: "Big Data", CustomData: data})
	m := New(Options{Tenant: "tenant.example", Flow: instantFlow{acct: logto.NewManagementAccount(env.Client, "big000000001")},
		NoColor: true, Clock: tt.NewClock(tt.Epoch)})
	signInAt(b, m, 120, 40)
	if !strings.Contains(tt.Plain(m.render()), "Custom data") {
		b.Fatal("the profile is not on screen")
	}
	return m
}

// ratio times a and b one after the other, many times, and reports b's
// time as a multiple of a's (the goal is stated as such a ratio, measured
// in the same run so the machine's speed cancels out).
func ratio(bm *testing.B, a, b func()) {
	var ta, tb time.Duration
	bm.ReportAllocs()
	for bm.Loop() {
		t0 := time.Now()
		a()
		t1 := time.Now()
		b()
		ta, tb = ta+t1.Sub(t0), tb+time.Since(t1)
	}
	bm.ReportMetric(float64(tb)/float64(ta), "x-small")
	bm.ReportMetric(float64(ta.Microseconds())/float64(bm.N), "small-µs/op")
}

// BenchmarkCustomDataFrame is one frame of the profile with 1,000 or 10,000
// custom-data keys, or one 1 MiB value, against 10 keys (goal ≤ 1.2×).
func BenchmarkCustomDataFrame(b *testing.B) {
	small := rootWithCustomData(b, 10, false)
	for _, c := range []struct {
		name string
		keys int
		big  bool
	}{{"keys=1000", 1000, false}, {"keys=10000", 10000, false}, {"value=1MiB", 10, true}} {
		large := rootWithCustomData(b, c.keys, c.big)
		b.Run(c.name, func(b *testing.B) {
			ratio(b, func() { _ = small.View() }, func() { _ = large.View() })
		})
	}
}

// BenchmarkTypeInCustomData is one character typed in the custom-data box,
// with the frame after it, at 10,000 keys against 10 (goal ≤ 1.2×).
func BenchmarkTypeInCustomData(b *testing.B) {
	small, large := rootWithCustomData(b, 10, false), rootWithCustomData(b, 10000, false)
	for _, m := range []*Model{small, large} {
		m.Update(tt.Key("k")) // the custom-data row
		m.Update(tt.Key("enter"))
		m.Update(tt.Key("down"))
	}
	typeOne := func(m *Model) func() {
		i := 0
		return func() {
			k := tt.Key("a")
			if i%2 == 1 {
				k = tt.Key("backspace")
			}
			i++
			m.Update(k)
			_ = m.View()
		}
	}
	ratio(b, typeOne(small), typeOne(large))
}

// rootWithSessions is a root signed in at 120×40 on the sessions screen of
// a user with n browser sessions.
func rootWithSessions(b *testing.B, n int) *Model {
	env := tt.NewEnv(b)
	for i := range n {
		env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{IP: fmt.Sprintf("203.0.113.%d", i%250), Country: "GB", City: "London",
			UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", Age: time.Duration(i) * time.Minute})
	}
	m := New(Options{Tenant: "tenant.example", Flow: instantFlow{acct: env.Account}, NoColor: true, Clock: tt.NewClock(tt.Epoch)})
	signInAt(b, m, 120, 40)
	tt.Drive(b, rootUpdater{m}, tt.Key("7"))
	if !strings.Contains(tt.Plain(m.render()), fmt.Sprintf("Signed-in browsers (%d)", n)) {
		b.Fatal("the sessions are not on screen")
	}
	return m
}

// BenchmarkSessionsFrame is one frame of the sessions screen with 1,000
// sessions against 10 (goal ≤ 1.2×).
func BenchmarkSessionsFrame(b *testing.B) {
	small, large := rootWithSessions(b, 10), rootWithSessions(b, 1000)
	ratio(b, func() { _ = small.View() }, func() { _ = large.View() })
}
