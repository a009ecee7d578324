package logto

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

type fixedToken string

func (f fixedToken) Token(context.Context) (string, error) { return string(f), nil }
func (fixedToken) Invalidate(string)                       {}

// Every request, to the Management API and to the Account API, asks Logto
// for the user's language, so its messages and the codes it emails and
// texts come in it; an SSH session's copy of the client asks for its own.
func TestRequestsCarryAcceptLanguage(t *testing.T) {
	var mu sync.Mutex
	got := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got[r.URL.Path] = r.Header.Get("Accept-Language")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"u1"}`))
	}))
	defer srv.Close()
	c, err := New(Options{Endpoint: srv.URL, Tokens: fixedToken("t"), AcceptLanguage: "fr,en;q=0.5"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.GetUser(ctx, "u1", GetUserOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := NewMyAccount(c.WithLanguage("zh-CN,zh-Hans;q=0.9,en;q=0.5")).Me(ctx); err != nil {
		t.Fatal(err)
	}
	plain, _ := New(Options{Endpoint: srv.URL, Tokens: fixedToken("t")})
	if _, err := plain.GetUser(ctx, "u2", GetUserOptions{}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	want := map[string]string{"/api/users/u1": "fr,en;q=0.5", "/api/my-account": "zh-CN,zh-Hans;q=0.9,en;q=0.5", "/api/users/u2": ""}
	for path, w := range want {
		if got[path] != w {
			t.Errorf("%s: Accept-Language %q, want %q", path, got[path], w)
		}
	}
}
