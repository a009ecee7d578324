package logto_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

func words(err error) string { return err.Error() }

// TestContractExportHasEverythingButSecrets: an export through the
// Management API holds the profile, identities (without tokens), factors,
// sessions, grants with their scopes, token names without values,
// organisations and the history of the last 90 days; nothing secret.
func TestContractExportHasEverythingButSecrets(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	u := tg.newUser(t, logto.NewUser{Username: "export_" + suffix(), PrimaryEmail: "export." + suffix() + "@example.com",
		Password: accountPassword, CustomData: map[string]any{"theme": "dark"}})
	pat, err := tg.client.CreatePersonalAccessToken(ctx, u.ID, "ci", nil)
	if err != nil {
		t.Fatal(err)
	}
	if tg.emu != nil {
		tg.emu.SeedSession(u.ID, emulator.SessionOptions{IP: "203.0.113.7", Country: "GB", Scope: "openid profile"})
		tg.emu.SeedLog(emulator.LogEvent{Key: logto.LogSignIn, UserID: u.ID, IP: "203.0.113.7", Age: time.Hour})
		tg.emu.SeedLog(emulator.LogEvent{Key: logto.LogSignIn, UserID: u.ID, Age: 100 * 24 * time.Hour})
		tg.emu.SeedOrganization(emulator.OrganizationSeed{Name: "Org", Members: map[string][]string{u.ID: {"member"}}})
	}
	x, err := logto.BuildExport(ctx, logto.NewManagementAccount(tg.client, u.ID), tg.endpoint, tg.now(), words)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(x)
	doc := string(raw)
	if strings.Contains(doc, pat.Value.Reveal()) || strings.Contains(doc, accountPassword) {
		t.Fatal("the export holds a secret")
	}
	if x.User == nil || x.User.CustomData["theme"] != "dark" || len(x.PersonalAccess) != 1 || x.PersonalAccess[0].Name != "ci" ||
		x.PersonalAccess[0].ExpiresAt != nil || x.HistorySince == nil {
		t.Errorf("export: %s", doc)
	}
	if tg.emu != nil {
		if len(x.Sessions) != 1 || len(x.Grants) != 1 || x.Grants[0].Scopes[1] != "profile" || len(x.Organizations) != 1 ||
			len(x.SignInHistory) != 1 || len(x.NotIncluded) != 0 {
			t.Errorf("export on the emulator: %s", doc)
		}
	}
}

// TestContractAccountExportSaysWhatIsLeftOut: through the Account API the
// export has no tokens and no history, and says so.
func TestContractAccountExportSaysWhatIsLeftOut(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	if err := at.acct.VerifyPassword(ctx, at.password); err != nil { // sessions need a proof
		t.Fatal(err)
	}
	x, err := logto.BuildExport(ctx, at.acct, at.endpoint, at.now(), words)
	if err != nil {
		t.Fatal(err)
	}
	if x.Through != "Account API" || x.NotIncluded["personalAccessTokens"] == "" || x.NotIncluded["signInHistory"] == "" ||
		x.NotIncluded["sessions"] != "" || len(x.Grants) == 0 {
		t.Errorf("Account API export: %+v", x)
	}
}

// TestContractLockdown: every session signed out, every other app's access
// and every token revoked, this program's grant last; a second lockdown
// finds nothing left.
func TestContractLockdown(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	u := tg.newUser(t, logto.NewUser{Username: "lock_" + suffix(), Password: accountPassword})
	for _, n := range []string{"ci", "laptop"} {
		if _, err := tg.client.CreatePersonalAccessToken(ctx, u.ID, n, nil); err != nil {
			t.Fatal(err)
		}
	}
	own := ""
	sessions, grants := 0, 0
	if tg.emu != nil {
		tg.emu.AddApp(emulator.App{ID: "notes", Name: "Notes", Type: "Native"})
		tg.emu.SeedSession(u.ID, emulator.SessionOptions{ClientID: "notes", Offline: true, Scope: "openid offline_access"})
		_, own = tg.emu.SeedSession(u.ID, emulator.SessionOptions{Offline: true, Scope: "openid offline_access"})
		sessions, grants = 2, 2
	}
	acct := logto.NewManagementAccount(tg.client, u.ID)
	r := logto.Lockdown(ctx, acct, own, emulator.DefaultDeviceAppID, words)
	if r.Sessions != sessions || r.Grants != grants || r.Tokens != 2 || len(r.Failed) != 0 || r.Own != (own != "") {
		t.Fatalf("report %+v", r)
	}
	if s, _ := acct.Sessions(ctx); len(s) != 0 {
		t.Errorf("%d sessions left", len(s))
	}
	if g, _ := acct.Grants(ctx); len(g) != 0 {
		t.Errorf("%d grants left", len(g))
	}
	if p, _ := acct.PersonalAccessTokens(ctx); len(p) != 0 {
		t.Errorf("%d tokens left", len(p))
	}
	if again := logto.Lockdown(ctx, acct, "", "", words); again.Sessions+again.Grants+again.Tokens != 0 || len(again.Failed) != 0 {
		t.Errorf("second lockdown: %+v", again)
	}
}

// TestAccountLockdownRevokesItsOwnGrantLast: through the Account API the
// user's own token works until its grant, revoked last, goes; tokens are
// reported as out of reach. Emulator only: it revokes the test token.
func TestAccountLockdownRevokesItsOwnGrantLast(t *testing.T) {
	at := newAccountTarget(t)
	at.needEmulator(t, "it revokes the token it runs with")
	ctx := context.Background()
	at.emu.AddApp(emulator.App{ID: "notes", Name: "Notes", Type: "Native"})
	at.emu.SeedSession(at.user.ID, emulator.SessionOptions{ClientID: "notes", Offline: true, Scope: "openid"})
	if err := at.acct.VerifyPassword(ctx, at.password); err != nil {
		t.Fatal(err)
	}
	r := logto.Lockdown(ctx, at.acct, "", emulator.DefaultDeviceAppID, words)
	if r.Grants != 2 || r.Sessions != 2 || r.TokensWhy == "" || !r.Own || len(r.Failed) != 0 {
		t.Fatalf("report %+v", r)
	}
	if _, err := at.acct.Me(ctx); logto.StatusOf(err) != 401 {
		t.Errorf("the token still works after its grant was revoked: %v", err)
	}
}
