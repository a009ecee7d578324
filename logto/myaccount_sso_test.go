package logto_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

// TestAccountAPIEnterpriseSSOIdentities: Logto 1.42's GET /api/my-account
// spreads the user's SSO identities into the profile (keys "0", "1", …)
// when the token has the identities scope; the client reads them back,
// says "none" only when the answer could have held some, and cannot say
// (nil) for a token without the scope — the screen must not claim none.
func TestAccountAPIEnterpriseSSOIdentities(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	emu.SetAccountCenter(true, emulator.AllFields(emulator.FieldEdit))
	id := emu.SeedUser(emulator.UserSeed{Username: "sso_user", Email: "sso.user@example.com", Password: "CorrectHorse!Battery9"})
	me := func(scope string) *logto.User {
		t.Helper()
		tok, err := emu.UserToken(id, emulator.DefaultDeviceAppID, scope)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := logto.New(logto.Options{Endpoint: srv.URL, Tokens: staticToken(tok)})
		u, err := logto.NewMyAccount(c).Me(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	if u := me(emulator.AccountScopes); u.SSOIdentities == nil || len(u.SSOIdentities) != 0 {
		t.Errorf("no SSO identity, identities scope: %#v, want an empty list", u.SSOIdentities)
	}
	emu.SeedSSOIdentity(id, "sso-acme", "https://idp.acme.test", "ada@acme.test", nil)
	emu.SeedSSOIdentity(id, "sso-okta", "https://okta.test", "00u1", nil)
	u := me(emulator.AccountScopes)
	if len(u.SSOIdentities) != 2 || u.SSOIdentities[0].SSOConnectorID != "sso-acme" ||
		u.SSOIdentities[1].IdentityID != "00u1" || u.SSOIdentities[0].Issuer != "https://idp.acme.test" {
		t.Errorf("SSO identities read back: %#v", u.SSOIdentities)
	}
	if u := me("openid offline_access profile email phone"); u.SSOIdentities != nil {
		t.Errorf("a token without the identities scope: %#v, want nil (unknown)", u.SSOIdentities)
	}
}
