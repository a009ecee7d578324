package logto_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

func emulatorOIDCConnector() emulator.Connector { return emulator.OIDCConnector() }

func TestContractMFA(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	u := tg.newUser(t, logto.NewUser{Username: "mfa_" + suffix()})

	list, err := tg.client.MFAVerifications(ctx, u.ID)
	if err != nil || list == nil || len(list) != 0 {
		t.Fatalf("fresh list = %v, %v", list, err)
	}
	_, err = tg.client.CreateBackupCodes(ctx, u.ID, nil)
	wantCode(t, err, http.StatusUnprocessableEntity, "session.mfa.backup_code_can_not_be_alone")

	secret := logto.Secret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
	if err := tg.client.CreateTOTP(ctx, u.ID, secret); err != nil {
		t.Fatal(err)
	}
	wantCode(t, tg.client.CreateTOTP(ctx, u.ID, secret), http.StatusUnprocessableEntity, "user.totp_already_in_use")
	if tg.emu != nil {
		if got, _ := tg.emu.TOTPSecret(u.ID); got != secret.Reveal() {
			t.Error("the emulator stored a different TOTP secret than the one sent")
		}
	}
	codes, err := tg.client.CreateBackupCodes(ctx, u.ID, nil)
	if err != nil || len(codes) != 10 {
		t.Fatalf("backup codes: %d, %v", len(codes), err)
	}
	for _, c := range codes {
		if len(c.Reveal()) != 10 {
			t.Errorf("a backup code is %d characters long, want 10", len(c.Reveal()))
		}
	}
	_, err = tg.client.CreateBackupCodes(ctx, u.ID, nil)
	wantCode(t, err, http.StatusUnprocessableEntity, "user.backup_code_already_in_use")

	list, err = tg.client.MFAVerifications(ctx, u.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("list after binding = %v, %v", list, err)
	}
	var totpID string
	for _, f := range list {
		if f.CreatedAt.IsZero() || f.ID == "" {
			t.Errorf("factor without id or ISO createdAt: %+v", f)
		}
		switch f.Type {
		case logto.FactorTOTP:
			totpID = f.ID
		case logto.FactorBackupCode:
			if f.RemainCodes == nil || *f.RemainCodes != 10 {
				t.Errorf("remainCodes = %v", f.RemainCodes)
			}
		}
	}
	if err := tg.client.DeleteMFAVerification(ctx, u.ID, totpID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, tg.client.DeleteMFAVerification(ctx, u.ID, totpID), http.StatusNotFound, "entity.not_found")
	// Logto keeps backup codes when the last real factor goes (docs/logto-behaviour.md#mfa).
	list, _ = tg.client.MFAVerifications(ctx, u.ID)
	if len(list) != 1 || list[0].Type != logto.FactorBackupCode {
		t.Errorf("after deleting TOTP: %+v", list)
	}

	var ve *logto.ValidationError
	if err := tg.client.CreateTOTP(ctx, u.ID, "not-base32!"); !errors.As(err, &ve) {
		t.Errorf("invalid secret must be refused locally, got %v", err)
	}
	if _, err := tg.client.CreateBackupCodes(ctx, u.ID, []string{"abc"}); !errors.As(err, &ve) {
		t.Errorf("malformed backup codes must be refused locally, got %v", err)
	}
}

func TestContractPersonalAccessTokens(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	u := tg.newUser(t, logto.NewUser{Username: "pat_" + suffix()})

	p, err := tg.client.CreatePersonalAccessToken(ctx, u.ID, "ci-token", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !p.ExpiresAt.IsZero() || len(p.Value.Reveal()) != 36 || p.Value.String() == p.Value.Reveal() {
		t.Errorf("PAT: expires=%v valueLen=%d masked=%q", p.ExpiresAt, len(p.Value.Reveal()), p.Value.String())
	}
	exp := tg.now().Add(24 * time.Hour)
	odd := []string{"a/b%c#d", "x/y #%", "名前 token ✓"}
	for _, name := range odd {
		got, err := tg.client.CreatePersonalAccessToken(ctx, u.ID, name, &exp)
		if err != nil {
			t.Fatalf("create %q: %v", name, err)
		}
		if got.Name != name || got.ExpiresAt.UnixMilli() != exp.UnixMilli() {
			t.Errorf("create %q: name=%q expires=%v", name, got.Name, got.ExpiresAt)
		}
	}
	_, err = tg.client.CreatePersonalAccessToken(ctx, u.ID, "ci-token", nil)
	wantCode(t, err, http.StatusUnprocessableEntity, "user.personal_access_token_name_exists")

	renamed, err := tg.client.RenamePersonalAccessToken(ctx, u.ID, "a/b%c#d", "renamed/ok")
	if err != nil || renamed.Name != "renamed/ok" {
		t.Fatalf("rename: %v %v", renamed, err)
	}
	_, err = tg.client.RenamePersonalAccessToken(ctx, u.ID, "a/b%c#d", "again")
	wantCode(t, err, http.StatusNotFound, "entity.not_exists")
	_, err = tg.client.RenamePersonalAccessToken(ctx, u.ID, "renamed/ok", "ci-token")
	wantCode(t, err, http.StatusUnprocessableEntity, "user.personal_access_token_name_exists")

	for _, name := range []string{"x/y #%", "名前 token ✓"} {
		if err := tg.client.DeletePersonalAccessToken(ctx, u.ID, name); err != nil {
			t.Fatalf("delete %q: %v", name, err)
		}
	}
	wantCode(t, tg.client.DeletePersonalAccessToken(ctx, u.ID, "x/y #%"), http.StatusNotFound, "entity.not_found")
	list, err := tg.client.PersonalAccessTokens(ctx, u.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("list = %d tokens, %v", len(list), err)
	}

	var ve *logto.ValidationError
	past := time.Now().Add(-time.Minute) // refused by the client, on its own clock
	for _, bad := range []struct {
		name string
		exp  *time.Time
	}{{"", nil}, {string(make([]rune, 257)), nil}, {"past", &past}} {
		if _, err := tg.client.CreatePersonalAccessToken(ctx, u.ID, bad.name, bad.exp); !errors.As(err, &ve) {
			t.Errorf("create %q: want a local validation error, got %v", bad.name, err)
		}
	}
}

func TestContractSessionsAndGrantsOfNewUser(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	u := tg.newUser(t, logto.NewUser{Username: "sess_" + suffix()})
	sessions, err := tg.client.Sessions(ctx, u.ID)
	if err != nil || len(sessions) != 0 {
		t.Fatalf("sessions = %v, %v", sessions, err)
	}
	grants, err := tg.client.Grants(ctx, u.ID, "")
	if err != nil || len(grants) != 0 {
		t.Fatalf("grants = %v, %v", grants, err)
	}
	_, err = tg.client.Session(ctx, u.ID, "unknownsession")
	wantCode(t, err, http.StatusNotFound, "oidc.session_not_found")
	wantCode(t, tg.client.RevokeSession(ctx, u.ID, "unknownsession", logto.RevokeGrantsAll), http.StatusNotFound, "oidc.session_not_found")
	wantCode(t, tg.client.RevokeGrant(ctx, u.ID, "unknowngrant"), http.StatusNotFound, "oidc.invalid_grant")
	// Unknown users answer 200 with empty lists on these two routes.
	if s, err := tg.client.Sessions(ctx, "nonexistent12"); err != nil || len(s) != 0 {
		t.Errorf("sessions of unknown user = %v, %v", s, err)
	}
}

func TestContractSessionRevocation(t *testing.T) {
	tg := newTarget(t)
	tg.needEmulator(t, "seeding browser sessions")
	ctx := context.Background()
	u := tg.newUser(t, logto.NewUser{Username: "revoke_" + suffix()})
	other := tg.newUser(t, logto.NewUser{Username: "other_" + suffix()})
	sid, gid := tg.emu.SeedSession(u.ID, emulator.SessionOptions{IP: "203.0.113.7", UserAgent: "Firefox", City: "Sydney", Country: "AU", Offline: true, Scope: "openid offline_access"})
	sid2, gid2 := tg.emu.SeedSession(u.ID, emulator.SessionOptions{Offline: true, Scope: "openid offline_access"})

	sessions, err := tg.client.Sessions(ctx, u.ID)
	if err != nil || len(sessions) != 2 {
		t.Fatalf("sessions = %d, %v", len(sessions), err)
	}
	first := sessions[0]
	if first.ID() != sid || first.Context().IP != "203.0.113.7" || first.Context().City != "Sydney" || first.ExpiresAt.IsZero() {
		t.Errorf("session = %+v (want %s)", first, sid)
	}
	if first.Payload.Authorizations[emulator.DefaultDeviceAppID].GrantID != gid {
		t.Errorf("session does not name its grant")
	}
	grants, err := tg.client.Grants(ctx, u.ID, "firstParty")
	if err != nil || len(grants) != 2 || grants[0].Application.Name == "" {
		t.Fatalf("grants = %+v, %v", grants, err)
	}
	wantCode(t, tg.client.RevokeSession(ctx, other.ID, sid, logto.RevokeGrantsAll), http.StatusNotFound, "oidc.invalid_session_account_id")

	// Without a target, an offline_access grant survives; with "all" it goes.
	if err := tg.client.RevokeSession(ctx, u.ID, sid2, logto.RevokeGrantsDefault); err != nil {
		t.Fatal(err)
	}
	if err := tg.client.RevokeSession(ctx, u.ID, sid, logto.RevokeGrantsAll); err != nil {
		t.Fatal(err)
	}
	wantCode(t, tg.client.RevokeSession(ctx, u.ID, sid, logto.RevokeGrantsAll), http.StatusNotFound, "oidc.session_not_found")
	grants, _ = tg.client.Grants(ctx, u.ID, "")
	if len(grants) != 1 || grants[0].ID != gid2 {
		t.Errorf("grants after revocations = %+v", grants)
	}
	if err := tg.client.RevokeGrant(ctx, u.ID, gid2); err != nil {
		t.Fatal(err)
	}
	wantCode(t, tg.client.RevokeGrant(ctx, u.ID, gid2), http.StatusNotFound, "oidc.invalid_grant")
}

func TestContractSignInExperienceAndDiscovery(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	for name, get := range map[string]func(context.Context) (*logto.SignInExperience, error){
		"management": tg.client.SignInExperience, "well-known": tg.client.PublicSignInExperience} {
		s, err := get(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p := s.PasswordPolicy
		if p.Length.Min == nil || p.Length.Max == nil || p.CharacterTypes.Min == nil || p.Rejects.Pwned == nil ||
			s.VerificationCodePolicy.MaxRetryAttempts == nil || s.UsernamePolicy.MaxLength == nil || s.MFA.Policy == "" {
			t.Errorf("%s: defaults not filled: %+v", name, s)
		}
		if tg.emu != nil && (*p.Length.Min != 8 || *p.Length.Max != 256 || s.MFA.Policy != "UserControlled") {
			t.Errorf("%s: a fresh tenant's defaults are min 8/max 256/UserControlled, got %d/%d/%s",
				name, *p.Length.Min, *p.Length.Max, s.MFA.Policy)
		}
	}
	d, err := tg.client.Discovery(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d.Issuer != tg.endpoint+"/oidc" || d.DeviceAuthorizationEndpoint != tg.endpoint+"/oidc/device/auth" || d.JWKSURI == "" {
		t.Errorf("discovery = %+v", d)
	}
}
