package tui

import (
	"fmt"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/checkup"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/danger"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// show prints a screen when LOGTO_SHOW_SCREENS is set, so that a person
// reads each language's screens (go test -run Danger -v).
func show(t *testing.T, name, view string) {
	t.Helper()
	if os.Getenv("LOGTO_SHOW_SCREENS") != "" {
		t.Logf("%s:\n%s", name, tt.Plain(view))
	}
}

// langRoot is the root signed in as Ada over the emulator, in lang, at
// w×h; export is offered (to a folder only named, never written).
func langRoot(t *testing.T, lang string, w, h int) (*Model, *tt.Env) {
	env := tt.NewEnv(t)
	env.Emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp", "BackupCode"}, "policy": "UserControlled"}})
	m := New(Options{Language: lang, Tenant: "tenant.example", Badge: "DEMO", Flow: instantFlow{acct: env.Account}, NoColor: true,
		Clock:  tt.NewClock(tt.Epoch),
		Danger: danger.Deps{ExportDir: "/home/ada/exports", WriteFile: func(string, []byte) error { return nil }}})
	signInAt(t, m, w, h)
	if m.signing {
		t.Fatal("not signed in")
	}
	return m, env
}

// The danger zone, its delete confirmation, a lockdown's report and the
// check-up with findings fit 80×24 and 60×20 in every language, with the
// sentences that matter there in full.
func TestDangerAndCheckupFitInEveryLanguage(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			w, h := size[0], size[1]
			name := fmt.Sprintf("%s %d×%d", lang, w, h)
			m, _ := langRoot(t, lang, w, h)
			drive := func(msgs ...tea.Msg) { tt.Drive(t, rootUpdater{m}, msgs...) }
			drive(tt.Key("8"))
			if m.current().ID() != common.DangerID {
				t.Fatalf("%s: 8 did not open the danger zone", name)
			}
			view := m.render()
			show(t, name+" danger zone", view)
			// The long or the compact form, as the height allows; either
			// way whole.
			lockdown, removes := l.T("danger.lockdown_offer"), l.T("danger.deleting_removes_self")
			if !strings.Contains(squash(tt.Plain(view)), squash(lockdown)) {
				lockdown = l.T("danger.lockdown_short")
			}
			if !strings.Contains(squash(tt.Plain(view)), squash(removes)) {
				removes = l.T("danger.removes_self")
			}
			checkFits(t, name+" danger zone", view, w, h, l.T("danger.export_heading_self"), l.T("danger.compromised_self"),
				lockdown, l.T("danger.delete_heading"), removes, "x "+l.T("danger.key_delete"))

			// x: the typed confirmation names what to type (the username,
			// the same in every language) and what goes.
			drive(tt.Key("x"))
			view = m.render()
			show(t, name+" delete confirmation", view)
			checkFits(t, name+" delete confirmation", view, w, h, l.T("danger.type_to_confirm", "Text", "ada"),
				l.T("danger.deleting_removes_self"), "enter "+l.T("danger.key_confirm"))
			drive(tt.Type("ad")...)
			drive(tt.Key("enter"))
			view = m.render()
			show(t, name+" wrong confirmation", view)
			checkFits(t, name+" wrong confirmation", view, w, h, l.T("danger.no_match", "Text", "ada"))
			drive(tt.Key("esc"))

			// m, y and the proof: the lockdown's report, whole.
			drive(tt.Key("m"))
			view = m.render()
			show(t, name+" lockdown question", view)
			checkFits(t, name+" lockdown question", view, w, h, l.T("danger.confirm_lockdown"))
			drive(tt.Key("y"))
			if !m.proof.Active() {
				t.Fatalf("%s: the lockdown asked for no proof:\n%s", name, tt.Plain(m.render()))
			}
			drive(tt.Type(tt.Password)...)
			drive(tt.Key("enter"))
			view = m.render()
			show(t, name+" lockdown report", view)
			revoked, _, _ := strings.Cut(l.T("danger.revoked_all"), "<no value>") // "Revoked: ", "已撤销："
			checkFits(t, name+" lockdown report", view, w, h, revoked, l.T("danger.next_self"))

			// C: the check-up with its findings, each whole.
			drive(tt.Key("C"))
			view = m.render()
			show(t, name+" check-up", view)
			found := m.checkup.Findings()
			if len(found) < 3 {
				t.Fatalf("%s: only %d findings", name, len(found))
			}
			verdict, _ := checkup.Verdict(l, found)
			whole := []string{l.T("checkup.verdict_self", "Verdict", verdict)}
			for _, f := range found {
				whole = append(whole, f.Text)
			}
			whole = append(whole, l.T("checkup.goes_to", "Screen", l.T("checkup.screen_mfa")))
			checkFits(t, name+" check-up", view, w, h, whole...)
			if found[0].Text != l.T("checkup.no_second_step_self") {
				t.Errorf("%s: the first finding reads %q", name, found[0].Text)
			}
		}
	}
}

// The user picker with rows fits 80×24 and 60×20 in every language: its
// headings whole, a suspended user's state never cut, and no empty State
// column when nobody on the page is suspended.
func TestPickerFitsInEveryLanguage(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			w, h := size[0], size[1]
			name := fmt.Sprintf("%s %d×%d", lang, w, h)
			m, env := pickerRoot(t, lang, w, h, "")
			view := m.render()
			show(t, name+" picker", view)
			checkFits(t, name+" picker", view, w, h, l.T("admin.intro"), l.T("admin.col_name"), l.T("admin.col_state"),
				l.T("admin.col_email"), l.T("admin.col_id"), l.T("admin.state_suspended"), "Charles Babbage", "charles00001",
				l.T("admin.range_pages", "First", 1, "Last", 4, "Total", 4, "Page", 1, "Pages", 1))
			// A search that finds only users in good standing: no State
			// column, the email as wide as the room allows.
			tt.Drive(t, rootUpdater{m}, tt.Key("/"))
			tt.Drive(t, rootUpdater{m}, tt.Type("charles")...)
			tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
			view = m.render()
			show(t, name+" picker search", view)
			checkFits(t, name+" picker search", view, w, h, l.T("admin.col_email"), "charles@example.com", "charles00001")
			if strings.Contains(tt.Plain(view), l.T("admin.col_state")) {
				t.Errorf("%s: an empty State column:\n%s", name, tt.Plain(view))
			}
			// Acting on a suspended user: the banner and the badge whole.
			tt.Drive(t, rootUpdater{m}, tt.Key("/"), tt.Key("ctrl+u"))
			tt.Drive(t, rootUpdater{m}, tt.Type("babbage2")...)
			tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
			tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
			if m.picking() {
				t.Fatalf("%s: enter did not pick:\n%s", name, tt.Plain(m.render()))
			}
			view = m.render()
			show(t, name+" acting on", view)
			checkFits(t, name+" acting on", view, w, h, l.T("admin.acting_on_suspended", "Name", "Ada Byron", "ID", "babbage20001"))
			_ = env

			// The danger zone of the suspended user: the operator's words
			// (their account, not "your"), the state and the question whole.
			tt.Drive(t, rootUpdater{m}, tt.Key("8"))
			view = m.render()
			show(t, name+" admin danger zone", view)
			plain := squash(tt.Plain(view))
			lockdown, removes := l.T("danger.lockdown_offer_other"), l.T("danger.deleting_removes_other", "Name", "Ada Byron")
			if !strings.Contains(plain, squash(lockdown)) {
				lockdown = l.T("danger.lockdown_short")
			}
			if !strings.Contains(plain, squash(removes)) {
				removes = l.T("danger.removes_other", "Name", "Ada Byron")
			}
			checkFits(t, name+" admin danger zone", view, w, h, l.T("danger.compromised_other", "Name", "Ada Byron"), lockdown, removes,
				l.T("danger.admin_suspended", "Admin", l.T("danger.admin_label")))
			tt.Drive(t, rootUpdater{m}, tt.Key("s"))
			view = m.render()
			show(t, name+" admin reinstate", view)
			checkFits(t, name+" admin reinstate", view, w, h, l.T("danger.confirm_reinstate", "Name", "Ada Byron"))
		}
	}
}

// pickerRoot is adminRoot in lang at w×h, with a suspended user.
func pickerRoot(t *testing.T, lang string, w, h int, query string) (*Model, *tt.Env) {
	env := tt.NewEnv(t)
	env.Emu.SeedUser(emulator.UserSeed{ID: "operator0001", Username: "grace", Name: "Grace Hopper"})
	env.Emu.SeedUser(emulator.UserSeed{ID: "babbage20001", Username: "babbage2", Email: "ada.byron@example.com", Name: "Ada Byron", Suspended: true})
	env.Emu.SeedUser(emulator.UserSeed{ID: "charles00001", Username: "charles", Email: "charles@example.com", Name: "Charles Babbage"})
	ts, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: env.URL, AppID: emulator.DefaultM2MAppID, AppSecret: emulator.DefaultM2MAppSecret})
	client, _ := logto.New(logto.Options{Endpoint: env.URL, Tokens: ts})
	calls := 0
	m := New(Options{Language: lang, Tenant: "tenant.example", NoColor: true, Clock: tt.NewClock(tt.Epoch),
		Flow:  instantFlow{acct: logto.NewManagementAccount(client, "operator0001"), once: true, calls: &calls},
		Admin: true, Danger: danger.Deps{Admin: true}, Users: client, PickQuery: query,
		ActOn: func(id string) Account { return logto.NewManagementAccount(client, id) }})
	signInAt(t, m, w, h)
	if m.signing || !m.picking() {
		t.Fatal("the operator is not at the picker")
	}
	return m, env
}
