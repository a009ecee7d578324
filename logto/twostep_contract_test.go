package logto_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

// TestContractTwoStepSettings: whether Logto asks for the second factor
// at sign-in is logto-configs mfa.skipMfaOnSignIn. The Management API reads
// and writes it with the rest of logto-configs; the Account API has
// /api/my-account/mfa-settings (reading needs the mfa field shared, writing
// a proof and the field editable), and the passkey prompt is in
// /api/my-account/logto-configs under the passkey field (or mfa).
func TestContractTwoStepSettings(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	before, err := at.client.LogtoConfigs(ctx, at.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		skip, passkey := before.MFA.SkipMfaOnSignIn, before.PasskeySignIn.Skipped
		_, err := at.client.UpdateLogtoConfigs(context.Background(), at.user.ID, logto.LogtoConfigsPatch{
			MFA: &logto.MFAConfigPatch{SkipMfaOnSignIn: &skip}, PasskeySignIn: &logto.PasskeyConfigPatch{Skipped: &passkey}})
		if err != nil {
			t.Errorf("putting the two-step settings back: %v", err)
		}
	})
	mgmt := logto.NewManagementAccount(at.client, at.user.ID)
	if err := mgmt.SetSkipMFAOnSignIn(ctx, !before.MFA.SkipMfaOnSignIn); err != nil {
		t.Fatal(err)
	}
	s, err := at.acct.TwoStepSettings(ctx)
	if err != nil || s.SkipMFAOnSignIn == before.MFA.SkipMfaOnSignIn || !s.PasskeyKnown {
		t.Fatalf("the Account API reads what the Management API wrote: %+v %v", s, err)
	}
	wantCode(t, at.acct.SetSkipMFAOnSignIn(ctx, false), http.StatusUnauthorized, "verification_record.permission_denied")
	if err := at.acct.VerifyPassword(ctx, at.password); err != nil {
		t.Fatal(err)
	}
	if err := at.acct.SetSkipMFAOnSignIn(ctx, before.MFA.SkipMfaOnSignIn); err != nil {
		t.Fatal(err)
	}
	if err := at.acct.SetPasskeySkipped(ctx, !before.PasskeySignIn.Skipped); err != nil {
		t.Fatal(err)
	}
	m, err := mgmt.TwoStepSettings(ctx)
	if err != nil || m.SkipMFAOnSignIn != before.MFA.SkipMfaOnSignIn || m.PasskeySkipped == before.PasskeySignIn.Skipped {
		t.Errorf("the Management API reads what the Account API wrote: %+v %v", m, err)
	}

	fields := emulator.AllFields(emulator.FieldEdit)
	fields["passkey"] = emulator.FieldOff
	at.setCenter(t, true, fields)
	s, err = at.acct.TwoStepSettings(ctx)
	if err != nil || s.PasskeyKnown {
		t.Errorf("with the passkey field Off the prompt setting is not shared: %+v %v", s, err)
	}
	fields["mfa"] = emulator.FieldReadOnly
	delete(fields, "passkey")
	at.setCenter(t, true, fields)
	wantCode(t, at.acct.SetSkipMFAOnSignIn(ctx, true), http.StatusBadRequest, "account_center.field_not_editable")
	fields["mfa"] = emulator.FieldOff
	at.setCenter(t, true, fields)
	_, err = at.acct.TwoStepSettings(ctx)
	wantCode(t, err, http.StatusBadRequest, "account_center.field_not_enabled")
}

// TestContractBackupCodesWhichAreUsed: only the Account API tells which
// backup codes were used (GET …/mfa-verifications/backup-codes, with a
// proof; 404 without a set); the Management API says how many are left.
func TestContractBackupCodesWhichAreUsed(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	at.enableMFAFactors(t, "Totp", "BackupCode")
	if had, err := at.client.MFAVerifications(ctx, at.user.ID); err != nil || len(had) != 0 {
		t.Skipf("the test user must have no MFA factor (has %d, %v)", len(had), err)
	}
	_, err := at.acct.BackupCodes(ctx)
	wantCode(t, err, http.StatusUnauthorized, "verification_record.permission_denied")
	if err := at.acct.VerifyPassword(ctx, at.password); err != nil {
		t.Fatal(err)
	}
	_, err = at.acct.BackupCodes(ctx)
	wantCode(t, err, http.StatusNotFound, "verification_record.not_found")
	secret := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	code, _ := totp.GenerateCodeCustom(secret, at.now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err := at.acct.CreateTOTP(ctx, logto.Secret(secret), code); err != nil {
		t.Fatal(err)
	}
	made, err := at.acct.CreateBackupCodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if at.emu != nil {
		at.emu.UseBackupCode(at.user.ID, 3)
	}
	codes, err := at.acct.BackupCodes(ctx)
	if err != nil || len(codes) != len(made) {
		t.Fatalf("codes: %d of %d, %v", len(codes), len(made), err)
	}
	used := 0
	for i, c := range codes {
		if c.Code != made[i] {
			t.Errorf("code %d differs from the one made", i)
		}
		if c.Used() {
			used++
		}
	}
	if want := map[bool]int{true: 1, false: 0}[at.emu != nil]; used != want || (at.emu != nil && !codes[3].Used()) {
		t.Errorf("%d codes used, want %d", used, want)
	}
	if _, err := logto.NewManagementAccount(at.client, at.user.ID).BackupCodes(ctx); !errors.Is(err, logto.ErrUnavailable) {
		t.Errorf("the Management API has no such list: %v", err)
	}
	list, err := at.client.MFAVerifications(ctx, at.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range list {
		if f.Type == logto.FactorBackupCode && (f.RemainCodes == nil || *f.RemainCodes != len(made)-used) {
			t.Errorf("remainCodes %v, want %d", f.RemainCodes, len(made)-used)
		}
	}
}
