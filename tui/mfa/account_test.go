package mfa

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// TestPasskeyRenameOnTheAccountAPI: the Account API renames a passkey
// after a proof; the name is checked and esc keeps the old one.
func TestPasskeyRenameOnTheAccountAPI(t *testing.T) {
	env := tt.NewAccountEnv(t)
	env.Emu.SeedWebAuthn(tt.UserID, "YubiKey", "Firefox on Linux", tt.Epoch.Add(-24*time.Hour))
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Name: "Ada Lovelace", Email: "ada@example.com"}
	c.Proof.Until = env.Account.ProofExpiry
	m := New(c, func() Backend { return env.Account }, Deps{Issuer: "tenant.example"})
	tt.HostOf(m).Backend = env.Account
	m.SetSize(118, 38)
	u, _ := env.Account.Me(context.Background())
	tt.Drive(t, m, common.UserLoadedMsg{User: u}, common.ShownMsg{})
	if !m.keys.Rename.Enabled() {
		t.Fatal("rename is not offered with a passkey on the Account API")
	}
	tt.Drive(t, m, tt.Key("n"), tt.Key("ctrl+u"), tt.Key("enter"))
	if !strings.Contains(m.err, "Type a name") {
		t.Fatalf("an empty name: %q", m.err)
	}
	tt.Drive(t, m, tt.Type("Work key")...)
	tt.Drive(t, m, tt.Key("enter"))
	if !strings.Contains(tt.Plain(tt.HostOf(m).View()), "Confirm it is you") {
		t.Fatalf("no proof asked:\n%s", tt.Plain(tt.HostOf(m).View()))
	}
	tt.Drive(t, m, tt.Type(tt.Password)...)
	tt.Drive(t, m, tt.Key("enter"))
	list, _ := env.Account.MFAVerifications(context.Background())
	if len(list) != 1 || list[0].Name != "Work key" {
		t.Fatalf("after renaming: %+v", list)
	}
	if !strings.Contains(tt.Plain(m.View()), "Passkey Work key") {
		t.Errorf("the list does not show the new name:\n%s", tt.Plain(m.View()))
	}
}

// TestPasskeyRenameOnTheManagementAPISaysWhy: the Management API has no
// rename; the key says so instead of doing nothing.
func TestPasskeyRenameOnTheManagementAPISaysWhy(t *testing.T) {
	m, env, _ := setup(t, true)
	if m.keys.Rename.Enabled() {
		t.Error("rename is offered on the Management API")
	}
	for m.cur < len(m.factors) && m.factors[m.cur].Type != "WebAuthn" {
		tt.Drive(t, m, tt.Key("j"))
	}
	tt.Drive(t, m, tt.Key("n"))
	if !strings.Contains(m.err, "cannot be renamed") || env.Emu.CountRequests("", "/api/") != 0 {
		t.Errorf("err %q, %d requests", m.err, env.Emu.CountRequests("", "/api/"))
	}
}
