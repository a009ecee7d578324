package logto

import (
	"context"
	"net/http"
)

// TwoStepSettings are the user's own two-step choices, kept in their
// logto-configs (docs/logto-behaviour.md#two-step-settings).
type TwoStepSettings struct {
	// SkipMFAOnSignIn: Logto does not ask for the second factor at sign-in.
	// A mandatory MFA policy overrides it.
	SkipMFAOnSignIn bool
	// PasskeySkipped: the user declined, for good, to be asked at sign-in to
	// add a passkey (when the tenant offers passkey sign-in).
	PasskeySkipped bool
	// PasskeyKnown is false when the tenant's Account Center does not share
	// the passkey setting with this app (the Account API then refuses it).
	PasskeyKnown bool
}

// BackupCode is one code of the user's set and when it was used (zero:
// unused). The value is a secret: a used code cannot sign anyone in, but
// an unused one can.
type BackupCode struct {
	Code   Secret `json:"code"`
	UsedAt Time   `json:"usedAt"`
}

// Used reports whether the code was spent.
func (b BackupCode) Used() bool { return !b.UsedAt.IsZero() }

// TwoStepSettings reads the user's two-step choices (GET logto-configs).
func (a *ManagementAccount) TwoStepSettings(ctx context.Context) (*TwoStepSettings, error) {
	cfg, err := a.c.LogtoConfigs(ctx, a.id)
	if err != nil {
		return nil, err
	}
	return &TwoStepSettings{SkipMFAOnSignIn: cfg.MFA.SkipMfaOnSignIn, PasskeySkipped: cfg.PasskeySignIn.Skipped,
		PasskeyKnown: true}, nil
}

// SetSkipMFAOnSignIn sets whether Logto asks for the second factor at sign-in.
func (a *ManagementAccount) SetSkipMFAOnSignIn(ctx context.Context, skip bool) error {
	_, err := a.c.UpdateLogtoConfigs(ctx, a.id, LogtoConfigsPatch{MFA: &MFAConfigPatch{SkipMfaOnSignIn: &skip}})
	return err
}

// SetPasskeySkipped sets whether Logto stops asking to add a passkey at sign-in.
func (a *ManagementAccount) SetPasskeySkipped(ctx context.Context, skipped bool) error {
	_, err := a.c.UpdateLogtoConfigs(ctx, a.id, LogtoConfigsPatch{PasskeySignIn: &PasskeyConfigPatch{Skipped: &skipped}})
	return err
}

// BackupCodes is unavailable: the Management API tells only how many are left.
func (a *ManagementAccount) BackupCodes(context.Context) ([]BackupCode, error) {
	return nil, &UnavailableError{Capability: CapBackupCodeUsage}
}

// TwoStepSettings reads GET /api/my-account/mfa-settings (the tenant's mfa
// field) and GET /api/my-account/logto-configs for the passkey prompt (its
// passkey field, else mfa): a tenant that shares the first and not the
// second leaves PasskeyKnown false.
func (a *MyAccount) TwoStepSettings(ctx context.Context) (*TwoStepSettings, error) {
	var s struct {
		Skip bool `json:"skipMfaOnSignIn"`
	}
	if err := a.do(ctx, request{method: http.MethodGet, path: "/api/my-account/mfa-settings"}, false, FieldMFA, &s); err != nil {
		return nil, err
	}
	out := &TwoStepSettings{SkipMFAOnSignIn: s.Skip}
	var cfg LogtoConfigs
	err := a.do(ctx, request{method: http.MethodGet, path: "/api/my-account/logto-configs"}, false, "", &cfg)
	switch {
	case err == nil:
		out.PasskeySkipped, out.PasskeyKnown = cfg.PasskeySignIn.Skipped, true
	case !IsCode(err, "account_center.field_not_enabled"):
		return nil, err
	}
	return out, nil
}

// SetSkipMFAOnSignIn sets it through PATCH /api/my-account/mfa-settings (a proof).
func (a *MyAccount) SetSkipMFAOnSignIn(ctx context.Context, skip bool) error {
	return a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account/mfa-settings",
		body: map[string]any{"skipMfaOnSignIn": skip}}, true, FieldMFA, nil)
}

// SetPasskeySkipped sets it through PATCH /api/my-account/logto-configs (a proof).
func (a *MyAccount) SetPasskeySkipped(ctx context.Context, skipped bool) error {
	return a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account/logto-configs",
		body: LogtoConfigsPatch{PasskeySignIn: &PasskeyConfigPatch{Skipped: &skipped}}}, true, FieldMFA, nil)
}

// BackupCodes lists the user's backup codes with when each was used (a
// proof; 404 verification_record.not_found when there is no set).
func (a *MyAccount) BackupCodes(ctx context.Context) ([]BackupCode, error) {
	var out struct {
		Codes []BackupCode `json:"codes"`
	}
	err := a.do(ctx, request{method: http.MethodGet, path: "/api/my-account/mfa-verifications/backup-codes"}, true, FieldMFA, &out)
	return out.Codes, err
}
