package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
	"github.com/logto-account/logto-account/tui/sessions"
)

// The Sessions screen in each language: the screen at 80×24 as a person
// reads it (testdata/TestSessionsGoldenByLanguage/<lang>.golden; -update
// renews), and every state of it at 80×24 and 60×20 within the window with
// its sentences whole.

const (
	safariMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15"
	firefoxLx = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	chromeAnd = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)

// oneKey is the SSH service's list of one remembered key.
type oneKey struct{ keys []sessions.RememberedKey }

func (k *oneKey) RememberedKeys(context.Context) ([]sessions.RememberedKey, error) {
	return k.keys, nil
}
func (k *oneKey) ForgetKey(context.Context, string) error { return nil }

// sessionsRoot is the root signed in, in lang, at w×h, on the Sessions
// screen: three browser sessions (26 h, 3 h and 2 h old), the Notes
// app's two grants, a sign-in history, and, with ssh, a remembered SSH key.
func sessionsRoot(t *testing.T, lang string, w, h int, ssh bool) *Model {
	t.Helper()
	env := tt.NewEnv(t)
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{ClientID: emulator.DefaultDeviceAppID, IP: "203.0.113.10",
		UserAgent: safariMac, City: "London", Country: "GB", Offline: true, Scope: "openid offline_access", Age: 26 * time.Hour})
	env.Emu.AddApp(emulator.App{ID: "notes-app", Name: "Notes", Type: "Native"})
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{ClientID: "notes-app", IP: "198.51.100.23", UserAgent: firefoxLx,
		City: "Berlin", Country: "DE", Scope: "openid profile email offline_access", Age: 3 * time.Hour})
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{ClientID: "notes-app", IP: "192.0.2.44", UserAgent: chromeAnd,
		City: "Lyon", Country: "FR", Scope: "openid", Age: 2 * time.Hour})
	for _, ev := range []emulator.LogEvent{
		{Key: logto.LogSignIn, UserID: tt.UserID, IP: "198.51.100.23", UserAgent: firefoxLx, Age: 3 * time.Hour},
		{Key: logto.LogExchangeRefresh, UserID: tt.UserID, ApplicationID: "notes-app", ErrorCode: "oidc.invalid_grant", Age: time.Hour},
		{Key: logto.LogSignIn, UserID: tt.UserID, IP: "203.0.113.10", UserAgent: safariMac, Age: 26 * time.Hour},
	} {
		env.Emu.SeedLog(ev)
	}
	o := Options{Language: lang, Tenant: "tenant.example", Badge: "DEMO", Flow: instantFlow{acct: env.Account}, NoColor: true,
		Clock: tt.NewClock(tt.Epoch), ClientID: emulator.DefaultDeviceAppID}
	if ssh {
		o.SSHKeys = &oneKey{keys: []sessions.RememberedKey{{Fingerprint: "SHA256:moPYRx0rOqC4DWxzx90M9f8PcsYd8DK2TP4vpCM8bGI",
			Comment: "ada via OpenSSH_9.6", AddedFrom: "203.0.113.7", Added: tt.Epoch.Add(-3 * time.Hour),
			LastUsed: tt.Epoch.Add(-2 * time.Hour), LastUsedFrom: "198.51.100.9", Expires: tt.Epoch.Add(28 * 24 * time.Hour), Current: true}}}
	}
	m := New(o)
	signInAt(t, m, w, h)
	tt.Drive(t, rootUpdater{m}, tt.Key("7"))
	return m
}

// fitsWhole is checkFits for views with boxes: a sentence folded inside a
// panel's box is read without the box's sides.
func fitsWhole(t *testing.T, name, view string, w, h int, whole ...string) {
	t.Helper()
	checkFits(t, name, view, w, h)
	plain := squash(strings.ReplaceAll(tt.Plain(view), "│", ""))
	for _, s := range whole {
		if !strings.Contains(plain, squash(s)) {
			t.Errorf("%s: %q is not there in full:\n%s", name, s, tt.Plain(view))
		}
	}
}

func TestSessionsGoldenByLanguage(t *testing.T) {
	for _, lang := range i18n.Languages() {
		t.Run(lang, func(t *testing.T) {
			m := sessionsRoot(t, lang, 80, 24, false)
			tt.Golden(t, m.render())
		})
	}
}

// Every state of the Sessions screen fits 80×24 and 60×20 in every
// language, and what the user must read is there in full: the lists'
// headings, the highlighted row's panel, the questions before a
// revocation, the history and its note, the remembered key.
func TestSessionsScreensFit(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			w, h := size[0], size[1]
			name := fmt.Sprintf("%s %d×%d", lang, w, h)
			m := sessionsRoot(t, lang, w, h, true)
			drive := func(keys ...string) string {
				for _, k := range keys {
					tt.Drive(t, rootUpdater{m}, tt.Key(k))
				}
				return m.render()
			}
			if testing.Verbose() {
				defer func() { t.Logf("%s history:\n%s", name, tt.Plain(m.render())) }()
			}

			// The sessions, the first highlighted.
			v := m.render()
			if testing.Verbose() {
				t.Logf("%s sessions:\n%s", name, tt.Plain(v))
			}
			fitsWhole(t, name+" sessions", v, w, h, l.T("sessions.heading_sessions", "Count", 3),
				l.T("sessions.device_on", "Browser", "Safari", "OS", "macOS"), l.T("sessions.panel_ip", "IP", "203.0.113.10")+" · London, GB",
				l.T("sessions.heading_apps", "Count", 3), l.T("sessions.key_sign_it_out"))
			// A device's column is as wide as the longest device said in the
			// language ("Android 上的 Chrome" is 19 cells).
			if d := l.T("sessions.device_on", "Browser", "Chrome", "OS", "Android"); !strings.Contains(tt.Plain(v), d+"  ") {
				t.Errorf("%s: the device %q is cut:\n%s", name, d, tt.Plain(v))
			}
			// A time is one word to the folding, in every language: its date
			// and its time (and a Chinese date's parts) are on one line.
			stampOf := func(ago time.Duration) string {
				return strings.ReplaceAll(l.DateTime(tt.Epoch.Add(-ago).Local()), " ", "\u00a0")
			}
			if !strings.Contains(tt.Plain(v), stampOf(26*time.Hour)) {
				t.Errorf("%s: the sign-in time %q is folded:\n%s", name, stampOf(26*time.Hour), tt.Plain(v))
			}
			// Signing it out asks whether its apps go too, in full.
			v = drive("d")
			if testing.Verbose() {
				t.Logf("%s sign out?:\n%s", name, tt.Plain(v))
			}
			where := l.T("sessions.device_on", "Browser", "Safari", "OS", "macOS") + " · 203.0.113.10 · London, GB"
			fitsWhole(t, name+" sign out?", v, w, h, l.T("sessions.ask_grants", "Where", where))

			// The apps: the highlighted one's panel says what it may do.
			v = drive("esc", "j", "j", "j", "j")
			if testing.Verbose() {
				t.Logf("%s apps:\n%s", name, tt.Plain(v))
			}
			fitsWhole(t, name+" apps", v, w, h, l.T("sessions.panel_grant_times", "When", "", "Until", "")[:4],
				strings.TrimSpace(l.T("sessions.panel_allowed")), l.T("sessions.scope_profile"), l.T("sessions.scope_email"))
			if !strings.Contains(tt.Plain(v), stampOf(3*time.Hour)) {
				t.Errorf("%s: the grant's time %q is folded:\n%s", name, stampOf(3*time.Hour), tt.Plain(v))
			}
			// Revoking an app's access asks, in full.
			v = drive("d")
			if testing.Verbose() {
				t.Logf("%s revoke?:\n%s", name, tt.Plain(v))
			}
			fitsWhole(t, name+" revoke?", v, w, h, l.T("sessions.confirm_grant", "App", "Notes"))

			// The remembered key: its panel, and the question before it is
			// forgotten.
			v = drive("n", "j", "j")
			if testing.Verbose() {
				t.Logf("%s key:\n%s", name, tt.Plain(v))
			}
			fitsWhole(t, name+" key", v, w, h, l.T("sessions.heading_keys", "Count", 1),
				"SHA256:moPYRx0rOqC4DWxzx90M9f8PcsYd8DK2TP4vpCM8bGI", l.T("sessions.panel_key_current"))
			v = drive("d")
			fitsWhole(t, name+" forget?", v, w, h, l.T("sessions.confirm_key", "Key", "SHA256:moPYRx0rOqC4…"))
			// Signing out everywhere else asks, in full.
			v = drive("n", "o")
			fitsWhole(t, name+" everywhere?", v, w, h, l.T("sessions.confirm_others"))

			// The sign-in history, then everything with the failure marked.
			v = drive("n", "e")
			fitsWhole(t, name+" history", v, w, h, l.T("history.heading"), l.T("history.passwords_not_listed"),
				l.T("history.signed_in"))
			v = drive("f")
			fitsWhole(t, name+" history, everything", v, w, h, l.T("history.showing_everything"),
				"✗ "+l.T("history.access_renew_failed", "App", "Notes"))
			// Each entry says when, however narrow the window.
			for _, ago := range []time.Duration{time.Hour, 3 * time.Hour, 26 * time.Hour} {
				if when := l.Ago(tt.Epoch.Add(-ago), tt.Epoch); !strings.Contains(tt.Plain(v), " · "+when+"\n") {
					t.Errorf("%s: no entry ends with %q:\n%s", name, when, tt.Plain(v))
				}
			}
		}
	}
}
