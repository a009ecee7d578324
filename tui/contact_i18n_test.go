package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/policy"
	"github.com/logto-account/logto-account/tui/contact"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
	"github.com/logto-account/logto-account/tui/password"
)

// signedInIn is the root signed in as the test user, speaking lang, at
// w×h, with a fresh proof (no password prompt in the way).
func signedInIn(t *testing.T, lang string, w, h int) *Model {
	t.Helper()
	env := tt.NewEnv(t)
	m := New(Options{Language: lang, Tenant: "tenant.example", Badge: "DEMO", Flow: instantFlow{acct: env.Account},
		NoColor: true, Clock: tt.NewClock(tt.Epoch)})
	t.Cleanup(m.Stop)
	signInAt(t, m, w, h)
	m.c.Proof.Record()
	return m
}

// checkNotCut fails when a line of the screen's body (between the tab bar
// and the status line) was too wide and cut with "…": an input or a
// column laid out in runes rather than cells runs past the window's edge.
func checkNotCut(t *testing.T, name, view string) {
	t.Helper()
	lines := strings.Split(tt.Plain(view), "\n")
	for i := 2; i < len(lines)-2; i++ {
		if strings.HasSuffix(lines[i], "…") {
			t.Errorf("%s: line %d was cut: %q", name, i+1, lines[i])
		}
	}
}

// The email and phone screen and the password screen fit 80×24 and 60×20
// in every language, with what the user must read there in full: the
// email screen waiting for a code, the phone screen refusing a number,
// and the password screen listing the tenant's rules under a refusal.
func TestContactAndPasswordScreensFit(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			w, h := size[0], size[1]
			name := fmt.Sprintf("%s %d×%d", lang, w, h)

			// The email screen, waiting for the code it sent.
			m := signedInIn(t, lang, w, h)
			tt.Drive(t, rootUpdater{m}, tt.Key("2"), tt.Key("enter"))
			tt.Drive(t, rootUpdater{m}, tt.Type("countess@example.com")...)
			tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
			view := m.render()
			t.Logf("%s email:\n%s", name, tt.Plain(view))
			checkNotCut(t, name+" email", view)
			checkFits(t, name+" email", view, w, h,
				l.T("contact.row_email"), "ada@example.com", l.T("contact.row_phone"), "+44 20 7946 0958",
				l.T("contact.sent_code", "Address", "countess@example.com", "Prompt", l.T("contact.field", "Label", l.T("contact.code"))),
				l.N("contact.no_message_wait", int(contact.ResendAfter/time.Second)),
				"enter "+l.T("contact.key_check"), "esc "+l.T("contact.key_cancel"))

			// The phone screen, refusing a number too short to be one.
			m = signedInIn(t, lang, w, h)
			tt.Drive(t, rootUpdater{m}, tt.Key("2"), tt.Key("j"), tt.Key("enter"))
			tt.Drive(t, rootUpdater{m}, tt.Type("123")...)
			tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
			view = m.render()
			t.Logf("%s phone:\n%s", name, tt.Plain(view))
			checkNotCut(t, name+" phone", view)
			checkFits(t, name+" phone", view, w, h,
				"› "+l.T("contact.row_phone"), "+44 20 7946 0958",
				l.T("contact.field", "Label", l.T("contact.new_phone"))+"123",
				l.T("contact.hint_phone"), l.T("contact.phone_length"),
				"enter "+l.T("contact.key_send"), "esc "+l.T("contact.key_cancel"))

			// The password screen: a password too short, refused before
			// anything is sent, under the tenant's rules.
			m = signedInIn(t, lang, w, h)
			tt.Drive(t, rootUpdater{m}, tt.Key("3"), tt.Key("enter"))
			tt.Drive(t, rootUpdater{m}, tt.Type("ada")...)
			tt.Drive(t, rootUpdater{m}, tt.Key("tab"))
			tt.Drive(t, rootUpdater{m}, tt.Type("ada")...)
			tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
			view = m.render()
			t.Logf("%s password:\n%s", name, tt.Plain(view))
			want := []string{l.T("password.field_new"), l.T("password.field_repeat"), "✓ " + l.T("password.match_same"),
				l.T("password.not_met")}
			p := logto.SignInExperience{}.WithDefaults().PasswordPolicy
			rules := password.Checklist(p, "ada", policy.UserInfo{Username: "ada"}, nil)
			if len(rules) < 6 {
				t.Fatalf("%d rules in the default policy", len(rules))
			}
			for _, it := range rules {
				mark := "✗ "
				if it.OK {
					mark = "✓ "
				}
				want = append(want, mark+it.Label(l))
			}
			checkNotCut(t, name+" password", view)
			checkFits(t, name+" password", view, w, h, want...)
		}
	}
}
