package logto_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

func TestAccountAPIOffByDefaultAndSwitchedOn(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	at.setCenter(t, false, emulator.AllFields(emulator.FieldEdit))
	_, err := at.acct.Me(ctx)
	wantCode(t, err, http.StatusBadRequest, "account_center.not_enabled")
	at.setCenter(t, true, emulator.AllFields(emulator.FieldEdit))
	u, err := at.acct.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != at.user.ID || logto.Str(u.PrimaryEmail) == "" || !u.HasPassword {
		t.Fatalf("my-account gave %+v", u)
	}
	if len(at.acct.Fields()) != 0 {
		t.Errorf("every field is Edit, yet some are noted: %v", at.acct.Fields())
	}
}

func TestAccountAPIProfileAndTenantFieldSettings(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	u, err := at.acct.UpdateUser(ctx, logto.UserPatch{Name: logto.Value("Ada King"),
		Profile: logto.Value(logto.Profile{GivenName: ptr("Ada")})})
	if err != nil {
		t.Fatal(err)
	}
	if logto.Str(u.Name) != "Ada King" || logto.Str(u.Profile.GivenName) != "Ada" {
		t.Fatalf("after the update: name %q given %q", logto.Str(u.Name), logto.Str(u.Profile.GivenName))
	}
	// A name alone is one PATCH: its answer is the profile, no GET after.
	before := at.requests("", "/api/my-account")
	if u, err = at.acct.UpdateUser(ctx, logto.UserPatch{Name: logto.Value("Ada K.")}); err != nil || logto.Str(u.Name) != "Ada K." {
		t.Fatalf("name only: %v %v", u, err)
	}
	if n := at.requests("", "/api/my-account") - before; at.emu != nil && n != 1 {
		t.Errorf("a name change took %d requests, want 1", n)
	}
	// Clearing a profile field works although the Account API merges.
	u, err = at.acct.UpdateUser(ctx, logto.UserPatch{Profile: logto.Value(logto.Profile{})})
	if err != nil {
		t.Fatal(err)
	}
	if logto.Str(u.Profile.GivenName) != "" {
		t.Errorf("given name not cleared: %q", logto.Str(u.Profile.GivenName))
	}
	// Custom data keys merge.
	if _, err := at.acct.UpdateCustomData(ctx, map[string]any{"a": 1.0}); err != nil {
		t.Fatal(err)
	}
	merged, err := at.acct.UpdateCustomData(ctx, map[string]any{"b": "x"})
	if err != nil || merged["a"] != 1.0 || merged["b"] != "x" {
		t.Fatalf("custom data merge: %v %v", merged, err)
	}

	// A username change needs a proof.
	_, err = at.acct.UpdateUser(ctx, logto.UserPatch{Username: logto.Value("renamed_" + suffix())})
	wantCode(t, err, http.StatusUnauthorized, "verification_record.permission_denied")
	if !at.acct.ProofExpiry().IsZero() {
		t.Error("a refused proof is still offered")
	}
	wantCode(t, at.acct.VerifyPassword(ctx, "wrong-password"), http.StatusUnprocessableEntity, "session.invalid_credentials")
	if err := at.acct.VerifyPassword(ctx, at.password); err != nil {
		t.Fatal(err)
	}
	left := at.acct.ProofExpiry().Sub(at.now())
	if left < 9*time.Minute || left > 10*time.Minute {
		t.Errorf("the proof lasts %s, want about 10 min less a margin (the record's expiresAt)", left)
	}
	name := "renamed_" + suffix()
	if u, err = at.acct.UpdateUser(ctx, logto.UserPatch{Username: logto.Value(name)}); err != nil || logto.Str(u.Username) != name {
		t.Fatalf("username change with a proof: %v %v", u, err)
	}

	// Tenant settings: ReadOnly refuses a change, Off hides the field.
	fields := emulator.AllFields(emulator.FieldEdit)
	fields["name"], fields["phone"] = emulator.FieldReadOnly, emulator.FieldOff
	at.setCenter(t, true, fields)
	_, err = at.acct.UpdateUser(ctx, logto.UserPatch{Name: logto.Value("Nope")})
	wantCode(t, err, http.StatusBadRequest, "account_center.field_not_editable")
	if _, err := at.acct.Me(ctx); err != nil {
		t.Fatal(err)
	}
	got := at.acct.Fields()
	if got[logto.FieldName] != logto.FieldReadOnly || got[logto.FieldPhone] != logto.FieldHidden {
		t.Errorf("fields learned: %v, want name read-only and phone hidden", got)
	}
}

func TestAccountAPIEmailChangeNeedsBothRecords(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	if at.emu == nil && os.Getenv("LOGTO_TEST_CODE_HOOK") == "" {
		t.Skip("reading a sent code from a real Logto needs LOGTO_TEST_CODE_HOOK")
	}
	newAddr := "moved." + suffix() + "@example.com"
	to := logto.Recipient{Email: newAddr}

	// Without a verified record for the new address nothing is sent.
	before := at.requests("", "/api/")
	_, err := at.acct.UpdateUser(ctx, logto.UserPatch{PrimaryEmail: logto.Value(newAddr)})
	var ve *logto.ValidationError
	if !errors.As(err, &ve) || at.requests("", "/api/") != before {
		t.Fatalf("an unverified address: %v, %d requests", err, at.requests("", "/api/")-before)
	}

	if err := at.acct.VerifyPassword(ctx, at.password); err != nil {
		t.Fatal(err)
	}
	if err := at.acct.SendCode(ctx, to); err != nil {
		t.Fatal(err)
	}
	wantCode(t, at.acct.VerifyCode(ctx, to, "000000x"), http.StatusBadRequest, "verification_code.code_mismatch")
	if err := at.acct.SendCode(ctx, to); err != nil {
		t.Fatal(err)
	}
	if err := at.acct.VerifyCode(ctx, to, at.code(t, newAddr)); err != nil {
		t.Fatal(err)
	}
	u, err := at.acct.UpdateUser(ctx, logto.UserPatch{PrimaryEmail: logto.Value(newAddr)})
	if err != nil {
		t.Fatal(err)
	}
	if logto.Str(u.PrimaryEmail) != newAddr {
		t.Fatalf("email is %q, want %q", logto.Str(u.PrimaryEmail), newAddr)
	}
	if n := at.requests(http.MethodPost, "/api/my-account/primary-email"); at.emu != nil && n != 1 {
		t.Errorf("%d primary-email calls, want 1", n)
	}

	// A code to the user's own (new) address proves who they are: a client
	// that has no proof yet gets one from it.
	fresh := logto.NewMyAccount(at.newClient(t))
	if _, err := fresh.Me(ctx); err != nil {
		t.Fatal(err)
	}
	if err := fresh.SendCode(ctx, to); err != nil {
		t.Fatal(err)
	}
	if err := fresh.VerifyCode(ctx, to, at.code(t, newAddr)); err != nil {
		t.Fatal(err)
	}
	if fresh.ProofExpiry().IsZero() {
		t.Fatal("a code to the current address gave no proof")
	}
	if _, err := fresh.Sessions(ctx); err != nil {
		t.Fatalf("sessions with a code proof: %v", err)
	}
}

func TestAccountAPIPasswordPolicyIsTheServers(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	wantCode(t, at.acct.SetPassword(ctx, "An0ther!Passw0rd"), http.StatusUnauthorized, "verification_record.permission_denied")
	if err := at.acct.VerifyPassword(ctx, at.password); err != nil {
		t.Fatal(err)
	}
	err := at.acct.SetPassword(ctx, "a")
	wantCode(t, err, http.StatusUnprocessableEntity, "password.rejected")
	var ae *logto.APIError
	if !errors.As(err, &ae) || !strings.Contains(string(ae.Data), "password_rejected.too_short") {
		t.Errorf("the rejection does not list too_short: %s", ae.Data)
	}
	wantCode(t, at.acct.SetPassword(ctx, at.password), http.StatusUnprocessableEntity, "user.same_password")
	if err := at.acct.SetPassword(ctx, "An0ther!Passw0rd"); err != nil {
		t.Fatal(err)
	}
	if err := at.acct.VerifyPassword(ctx, "An0ther!Passw0rd"); err != nil {
		t.Errorf("the new password does not verify: %v", err)
	}
}

func TestAccountAPITOTPIsCheckedByTheServer(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	at.enableMFAFactors(t, "Totp", "BackupCode")
	if had, err := at.client.MFAVerifications(ctx, at.user.ID); err != nil || len(had) != 0 {
		t.Skipf("the test user must have no MFA factor (has %d, %v): an authenticator app or backup codes would be refused", len(had), err)
	}
	secret := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	wantCode(t, at.acct.CreateTOTP(ctx, logto.Secret(secret), "123456"), http.StatusUnauthorized, "verification_record.permission_denied")
	if err := at.acct.VerifyPassword(ctx, at.password); err != nil {
		t.Fatal(err)
	}
	good, _ := totp.GenerateCodeCustom(secret, at.now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	bad := "000000"
	if bad == good {
		bad = "111111"
	}
	wantCode(t, at.acct.CreateTOTP(ctx, logto.Secret(secret), bad), http.StatusBadRequest, "session.mfa.invalid_totp_code")
	if err := at.acct.CreateTOTP(ctx, logto.Secret(secret), good); err != nil {
		t.Fatal(err)
	}
	// Binding through the Account API turns the user's MFA on (keepUser
	// turns it back off).
	if cfg, err := at.client.LogtoConfigs(ctx, at.user.ID); err != nil || cfg.MFA.Enabled == nil || !*cfg.MFA.Enabled {
		t.Errorf("after binding TOTP: logto-configs %+v, %v; want mfa.enabled", cfg, err)
	}
	codes, err := at.acct.CreateBackupCodes(ctx)
	if err != nil || len(codes) != 10 {
		t.Fatalf("backup codes: %d, %v", len(codes), err)
	}
	list, err := at.acct.MFAVerifications(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("factors: %v %v", list, err)
	}
	for _, f := range list {
		if err := at.acct.DeleteMFAVerification(ctx, f.ID); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, at.acct.DeleteMFAVerification(ctx, list[0].ID), http.StatusBadRequest, "verification_record.not_found")
}

func TestAccountAPISessionsNeedAProofAndAnswer400(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	_, err := at.acct.Sessions(ctx)
	wantCode(t, err, http.StatusUnauthorized, "verification_record.permission_denied")
	if err := at.acct.VerifyPassword(ctx, at.password); err != nil {
		t.Fatal(err)
	}
	sessions, err := at.acct.Sessions(ctx)
	if err != nil || len(sessions) == 0 {
		t.Fatalf("sessions: %v %v", sessions, err)
	}
	current := 0
	for _, s := range sessions {
		if s.IsCurrent {
			current++
		}
	}
	if at.emu != nil && current != 1 {
		t.Errorf("%d sessions marked current, want the one that signed this token in", current)
	}
	// Pitfall 16: 400 here where the admin route answers 404.
	wantCode(t, at.acct.RevokeSession(ctx, "unknownsession", logto.RevokeGrantsDefault), http.StatusBadRequest, "oidc.session_not_found")
	grants, err := at.acct.Grants(ctx)
	if err != nil || len(grants) == 0 {
		t.Fatalf("grants: %v %v", grants, err)
	}
	if at.emu != nil {
		// A second browser session: "sign out everywhere else" ends it and
		// keeps the current one.
		if _, err := at.emu.UserToken(at.user.ID, emulator.DefaultDeviceAppID, "openid profile"); err != nil {
			t.Fatal(err)
		}
		revoked, failed, err := at.acct.SignOutOtherSessions(ctx, "")
		if err != nil || failed != 0 || revoked != len(sessions) {
			t.Errorf("sign out elsewhere: revoked %d failed %d err %v, want %d", revoked, failed, err, len(sessions))
		}
		left, err := at.acct.Sessions(ctx)
		if err != nil || len(left) != 1 || !left[0].IsCurrent {
			t.Errorf("after signing out elsewhere: %d sessions left (%v)", len(left), err)
		}
	}
}

func TestAccountAPIRefusesAJWTAndHasNoAdminPowers(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	jwt, err := at.tokens.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := logto.New(logto.Options{Endpoint: at.endpoint, Tokens: staticToken(jwt), MaxRetries: -1})
	_, err = logto.NewMyAccount(c).Me(ctx)
	wantCode(t, err, http.StatusUnauthorized, "auth.unauthorized")

	before := at.requests("", "/")
	if _, err := at.acct.PersonalAccessTokens(ctx); !errors.Is(err, logto.ErrUnavailable) {
		t.Errorf("personal access tokens: %v, want ErrUnavailable", err)
	}
	if err := at.acct.DeleteAccount(ctx); !errors.Is(err, logto.ErrUnavailable) {
		t.Errorf("delete: %v, want ErrUnavailable", err)
	}
	if at.requests("", "/") != before {
		t.Error("an unavailable feature sent a request")
	}
}

func TestAccountAPISocialLinkThroughVerificationRecords(t *testing.T) {
	at := newAccountTarget(t)
	at.needEmulator(t, "mock social provider")
	ctx := context.Background()
	at.emu.AddConnector(emulator.Connector{ID: "gh", ConnectorID: "mock-social-connector", Type: "Social", Target: "github",
		Name: map[string]string{"en": "GitHub"}})
	at.emu.SetSignInExperience(map[string]any{"socialSignInConnectorTargets": []any{"github"}})
	conns, err := at.acct.Connectors(ctx)
	if err != nil || len(conns) != 1 || conns[0].ID != "gh" {
		t.Fatalf("connectors: %v %v", conns, err)
	}
	uri, err := at.acct.AuthorizationURI(ctx, "gh", "st4te", "http://127.0.0.1:9/callback")
	if err != nil {
		t.Fatal(err)
	}
	// Follow the provider without a browser: it redirects with code+state.
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(uri + "&sub=octo")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, _ := resp.Location()
	if err := at.acct.VerifyPassword(ctx, at.password); err != nil {
		t.Fatal(err)
	}
	ids, err := at.acct.LinkIdentity(ctx, "gh", map[string]string{"code": back.Query().Get("code"), "state": "st4te",
		"redirectUri": "http://127.0.0.1:9/callback"})
	if err != nil {
		t.Fatal(err)
	}
	if ids["github"].UserID != "octo" {
		t.Fatalf("identities: %v", ids)
	}
	u, err := at.acct.UnlinkIdentity(ctx, "github")
	if err != nil || len(u.Identities) != 0 {
		t.Fatalf("unlink: %v %v", u, err)
	}
}

func ptr(s string) *string { return &s }

// TestContractAccountAddressNeedsItsScope: the Account API changes the
// profile's address only with the token's address scope, and answers 400
// auth.unauthorized without it (packages/core/src/routes/account/index.ts)
// — which no new sign-in with the same scopes can mend. Against a real
// Logto, LOGTO_TEST_USER_TOKEN_NO_ADDRESS is a token of the same user
// obtained without the address scope.
func TestContractAccountAddressNeedsItsScope(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	thin := os.Getenv("LOGTO_TEST_USER_TOKEN_NO_ADDRESS")
	if at.emu != nil {
		var err error
		if thin, err = at.emu.UserToken(at.user.ID, emulator.DefaultDeviceAppID, emulator.AccountScopes); err != nil {
			t.Fatal(err)
		}
	} else if thin == "" {
		t.Skip("against a real Logto this needs LOGTO_TEST_USER_TOKEN_NO_ADDRESS: a token of the test user without the address scope")
	}
	c, _ := logto.New(logto.Options{Endpoint: at.endpoint, Tokens: staticToken(thin)})
	city := "London"
	patch := logto.UserPatch{Profile: logto.Value(logto.Profile{Address: &logto.Address{Locality: &city}})}
	_, err := logto.NewMyAccount(c).UpdateUser(ctx, patch)
	if logto.StatusOf(err) != 400 || !logto.IsCode(err, "auth.unauthorized") {
		t.Fatalf("an address without the address scope: %v, want 400 auth.unauthorized", err)
	}
	if !logto.NewMyAccount(c).WithScopes(emulator.AccountScopes).Lacks(logto.CapAddress) {
		t.Error("a token without the address scope is not known to lack it")
	}
}

// TestContractAccountSuspendedTokenIsRefused: once a user is suspended,
// Logto refuses their own token with 401 auth.unauthorized even on GET
// /api/my-account, which needs no scope beyond openid — so the program
// treats it as an ended sign-in. Against a real Logto this needs
// LOGTO_TEST_SUSPEND_TOKEN and LOGTO_TEST_SUSPEND_USER: a token of a user
// other than the test user (suspending that one would end the token the
// other tests use); the test reinstates the user.
func TestContractAccountSuspendedTokenIsRefused(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	token, userID := os.Getenv("LOGTO_TEST_SUSPEND_TOKEN"), os.Getenv("LOGTO_TEST_SUSPEND_USER")
	if tg.emu != nil {
		u := tg.newUser(t, logto.NewUser{Username: "susp_" + suffix(), Name: "To Suspend"})
		userID = u.ID
		var err error
		if token, err = tg.emu.UserToken(u.ID, emulator.DefaultDeviceAppID, emulator.AccountScopes); err != nil {
			t.Fatal(err)
		}
	} else if token == "" || userID == "" {
		t.Skip("against a real Logto this needs LOGTO_TEST_SUSPEND_TOKEN and LOGTO_TEST_SUSPEND_USER (a disposable user's token)")
	}
	tg.keepAccountCenter(t)
	if _, err := tg.client.UpdateAccountCenter(ctx, logto.AccountCenter{Enabled: true, Fields: emulator.AllFields(emulator.FieldEdit)}); err != nil {
		t.Fatal(err)
	}
	c, _ := logto.New(logto.Options{Endpoint: tg.endpoint, Tokens: staticToken(token)})
	acct := logto.NewMyAccount(c)
	if _, err := acct.Me(ctx); err != nil {
		t.Fatalf("before suspension: %v", err)
	}
	if _, err := tg.client.SetSuspended(ctx, userID, true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = tg.client.SetSuspended(context.Background(), userID, false) })
	_, err := acct.Me(ctx)
	if logto.StatusOf(err) != 401 || !logto.IsCode(err, "auth.unauthorized") {
		t.Errorf("a suspended user's token on GET /api/my-account: %v, want 401 auth.unauthorized", err)
	}
}

// TestContractGrantsTellThisTerminal: a device-flow sign-in carries no
// sid and Logto's isCurrent marks a browser session, so this terminal's
// grant is found by what every grant carries: its app and the second it was
// made (payload.clientId, payload.iat), which OwnGrant matches with the
// sign-in's ID token iat.
func TestContractGrantsTellThisTerminal(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	grants, err := at.client.Grants(ctx, at.user.ID, "")
	if err != nil || len(grants) == 0 {
		t.Fatalf("grants of the test user: %v %v", grants, err)
	}
	for _, g := range grants {
		if g.Payload.IAT == 0 || g.Payload.ClientID == "" || g.ID == "" {
			t.Fatalf("a grant without what tells it apart: %+v", g)
		}
	}
	g := grants[len(grants)-1]
	id, ok := logto.OwnGrant(grants[len(grants)-1:], g.Payload.ClientID, g.Payload.IAT+2)
	if !ok || id != g.ID {
		t.Errorf("OwnGrant did not find the grant made two seconds before the sign-in: %q %v", id, ok)
	}
	if _, ok := logto.OwnGrant(append(grants[len(grants)-1:], g), g.Payload.ClientID, g.Payload.IAT); ok {
		t.Error("two grants of the app made at that time: OwnGrant guessed instead of saying it cannot tell")
	}
}
