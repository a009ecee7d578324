package danger

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

func flat(s string) string { return strings.Join(strings.Fields(tt.Plain(s)), " ") }

// TestExportWritesANewPrivateFile: e exports everything to a new 0600
// file, a second export beside the first never overwrites it, and the
// screen says where. No secret is in the file.
func TestExportWritesANewPrivateFile(t *testing.T) {
	dir := t.TempDir()
	m, env := setup(t, Deps{ExportDir: dir, WriteFile: auth.CreateFileExclusive})
	value := env.Emu.SeedPAT(tt.UserID, "ci", nil)
	m.SetSize(78, 20)
	tt.Golden(t, strings.ReplaceAll(tt.Plain(m.View()), dir, "DIR")) // before the export: one line names the folder
	tt.Drive(t, m, tt.Key("e"))
	tt.Drive(t, m, tt.Key("e")) // the same second: a second file, not the first overwritten
	files, _ := filepath.Glob(filepath.Join(dir, "logto-account-export-*.json"))
	if len(files) != 2 {
		t.Fatalf("files: %v", files)
	}
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", f, st.Mode(), err)
		}
		raw, _ := os.ReadFile(f)
		var x logto.Export
		if err := json.Unmarshal(raw, &x); err != nil || x.User == nil || x.User.ID != tt.UserID || len(x.PersonalAccess) != 1 {
			t.Errorf("%s: %v %+v", f, err, x.PersonalAccess)
		}
		if strings.Contains(string(raw), value) || strings.Contains(string(raw), tt.Password) {
			t.Errorf("%s holds a secret", f)
		}
	}
	if v := flat(m.View()); !strings.Contains(v, "Your data is in this file") || !strings.Contains(v, dir+"/logto-account-export-") {
		t.Errorf("where:\n%s", tt.Plain(m.View()))
	}
}

// TestExportIsNotOfferedOverSSH: with no folder (the SSH service), e says
// why and reads nothing.
func TestExportIsNotOfferedOverSSH(t *testing.T) {
	m, env := setup(t, Deps{ExportWhyNot: "Over SSH the export would be written on the server, out of your reach."})
	env.Emu.ResetRequests()
	if offered(m, "e") {
		t.Error("e is offered in the help though it only says why there is no export")
	}
	tt.Drive(t, m, tt.Key("e"))
	if !strings.Contains(flat(m.View()), "out of your reach") || env.Emu.CountRequests("", "/api/") != 0 {
		t.Errorf("e over SSH:\n%s", tt.Plain(m.View()))
	}
}

// offered reports a key the help lists for the state on screen.
func offered(m *Model, k string) bool {
	for _, g := range m.KeyMap().FullHelp() {
		for _, b := range g {
			if b.Enabled() && b.Help().Key == k {
				return true
			}
		}
	}
	return false
}

// TestLockdownRevokesEverythingAndReports: m asks first, then for a fresh
// proof; every session, every app's access and every token goes, this
// program's own grant last (which signs this terminal out), and the screen
// reports it with what to do next.
func TestLockdownRevokesEverythingAndReports(t *testing.T) {
	m, env := setup(t, Deps{ClientID: emulator.DefaultDeviceAppID})
	env.Emu.AddApp(emulator.App{ID: "notes", Name: "Notes", Type: "Native"})
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{ClientID: "notes", Offline: true, Scope: "openid offline_access"})
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{Offline: true, Scope: "openid offline_access", Age: time.Minute})
	env.Emu.SeedPAT(tt.UserID, "ci", nil)
	m.C.SignedInAt = tt.Epoch.Add(-time.Minute).Unix() + 3 // this terminal's grant: the second one
	m.SetSize(78, 20)
	tt.Drive(t, m, tt.Key("m"))
	if !strings.Contains(flat(m.View()), "(y/n)") {
		t.Fatalf("no question:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("y"))
	if !tt.HostOf(m).Proof.Active() {
		t.Fatal("no fresh proof asked")
	}
	msgs := tt.Drive(t, m, append(tt.Type(tt.Password), tt.Key("enter"))...)
	ctx := context.Background()
	if s, _ := env.Account.Sessions(ctx); len(s) != 0 {
		t.Errorf("%d sessions left", len(s))
	}
	if g, _ := env.Account.Grants(ctx); len(g) != 0 {
		t.Errorf("%d grants left", len(g))
	}
	if p, _ := env.Account.PersonalAccessTokens(ctx); len(p) != 0 {
		t.Errorf("%d tokens left", len(p))
	}
	v := flat(m.View())
	for _, want := range []string{"Revoked: 2 browser sessions, 2 apps' access, 1 personal access token.",
		"own sign-in was revoked last", "change your password (3)"} {
		if !strings.Contains(v, want) {
			t.Errorf("report lacks %q:\n%s", want, tt.Plain(m.View()))
		}
	}
	expired := false
	for _, msg := range msgs {
		if _, ok := msg.(common.SessionExpiredMsg); ok {
			expired = true
		}
	}
	if !expired {
		t.Error("this terminal's grant was revoked but the program did not return to sign-in")
	}
	tt.Golden(t, m.View())
}

// TestAccountAPIDangerZone: the Account API cannot delete the account (the
// screen says so where deletion stands) but can export and lock down.
func TestAccountAPIDangerZone(t *testing.T) {
	env := tt.NewAccountEnv(t)
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Username: "ada"}
	c.Proof.Until = env.Account.ProofExpiry
	dir := t.TempDir()
	m := New(c, func() Backend { return env.Account }, Deps{ExportDir: dir, WriteFile: auth.CreateFileExclusive})
	tt.HostOf(m).Backend = env.Account
	m.SetSize(78, 20)
	u, _ := env.Account.Me(context.Background())
	tt.Drive(t, m, common.UserLoadedMsg{User: u})
	if offered(m, "x") || !offered(m, "e") || !offered(m, "m") {
		t.Error("x is offered though there is no self-delete (or e, m are not)")
	}
	tt.Drive(t, m, tt.Key("x"))
	if !strings.Contains(flat(m.View()), "no self-delete") {
		t.Errorf("x on the Account API:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("e"))
	tt.Drive(t, m, append(tt.Type(tt.Password), tt.Key("enter"))...)
	if v := flat(m.View()); !strings.Contains(v, "Your data is in") || !strings.Contains(v, "personalAccessTokens (not available through the Account API)") {
		t.Errorf("export on the Account API:\n%s", tt.Plain(m.View()))
	}
	tt.Golden(t, strings.ReplaceAll(tt.Plain(m.View()), dir, "DIR"))
}

// TestAccountAPILockdownPromisesNoTokens: where personal access tokens are
// out of reach, the lockdown neither offers to revoke them nor reports
// "0 personal access tokens" revoked; before, the question asked to revoke
// "every personal access token" and the report then said none was touched.
func TestAccountAPILockdownPromisesNoTokens(t *testing.T) {
	env := tt.NewAccountEnv(t)
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Username: "ada"}
	c.Proof.Until = env.Account.ProofExpiry
	m := New(c, func() Backend { return env.Account }, Deps{})
	tt.HostOf(m).Backend = env.Account
	m.SetSize(78, 20)
	u, _ := env.Account.Me(context.Background())
	tt.Drive(t, m, common.UserLoadedMsg{User: u})
	if v := flat(m.View()); strings.Contains(v, "personal access token") {
		t.Errorf("the offer names tokens:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("m"))
	if v := flat(m.View()); !strings.Contains(v, "(y/n)") || strings.Contains(v, "every personal access token") {
		t.Errorf("the question:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("y"))
	tt.Drive(t, m, append(tt.Type(tt.Password), tt.Key("enter"))...)
	v := flat(m.View())
	if !strings.Contains(v, "Revoked: ") || strings.Contains(v, "0 personal access tokens") || !strings.Contains(v, "Personal access tokens were not touched") {
		t.Errorf("the report:\n%s", tt.Plain(m.View()))
	}
}
