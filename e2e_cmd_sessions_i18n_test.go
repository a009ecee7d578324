package main

import (
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

// TestCommandSessionsInEachLanguage: the sessions, apps and history
// commands speak --lang (tables, notes, help), while --json keeps its
// English values for scripts.
func TestCommandSessionsInEachLanguage(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	h.emu.AddApp(emulator.App{ID: "notes-app", Name: "Notes", Type: "Native"})
	h.emu.SeedSession(h.uid, emulator.SessionOptions{ClientID: "notes-app", IP: "198.51.100.23", City: "Berlin",
		Country: "DE", UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", Offline: true,
		Scope: "openid offline_access"})
	h.emu.SeedLog(emulator.LogEvent{Key: logto.LogExchangeRefresh, UserID: h.uid, ApplicationID: "notes-app",
		ErrorCode: "oidc.invalid_grant", Age: time.Hour})
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"fr", []string{"APPAREIL", "Firefox sur Linux", "Berlin, DE", "CONNEXION"}},
		{"zh-Hans", []string{"设备", "Linux 上的 Firefox", "Berlin, DE", "登录时间"}},
	} {
		r := h.ok("", "--lang", c.lang, "sessions", "list")
		for _, w := range c.want {
			if !strings.Contains(r.out, w) {
				t.Errorf("%s sessions list lacks %q:\n%s", c.lang, w, r.out)
			}
		}
		if testing.Verbose() {
			t.Logf("%s sessions list:\n%s", c.lang, r.out)
			for _, args := range [][]string{{"apps", "list"}, {"history", "--all"}, {"sessions", "revoke", "--help"}, {"history", "--help"}} {
				t.Logf("%s %v:\n%s", c.lang, args, h.ok("", append([]string{"--lang", c.lang}, args...)...).out)
			}
		}
	}
	r := h.ok("", "--lang", "fr", "history", "--all")
	if !strings.Contains(r.out, "Notes n'a pas pu renouveler son accès") || !strings.Contains(r.out, "échec oidc.invalid_grant") {
		t.Errorf("fr history:\n%s", r.out)
	}
	h.fails(1, "Aucune session n'a l'identifiant nope", "", "--lang", "fr", "sessions", "revoke", "--proof-file", h.proofFile(), "--", "nope")
	// A script reads the same values in every language.
	devices := map[any]bool{}
	for _, s := range jsonOf[[]map[string]any](t, h.ok("", "--lang", "zh-Hans", "sessions", "list", "--json")) {
		devices[s["device"]] = true
	}
	if !devices["Firefox on Linux"] {
		t.Errorf("--json in Chinese names the devices %v", devices)
	}
	events := map[any]bool{}
	for _, e := range jsonOf[map[string]any](t, h.ok("", "--lang", "fr", "history", "--all", "--json"))["entries"].([]any) {
		events[e.(map[string]any)["event"]] = true
	}
	if !events["Notes could not renew its access"] || !events["Signed in"] {
		t.Errorf("--json history in French says %v", events)
	}
}
