package mfa

import (
	"context"
	"strings"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
)

// What the screen does, for the command line to do the same through the
// same backend and with the same words.

// FactorName names a factor as the screen lists it ("Authenticator app",
// "Passkey MacBook", "Backup codes"), in l's language.
func FactorName(l *i18n.Localizer, f logto.MFAVerification) string { return factorName(l, f) }

// Removed says that f was removed, in l's language.
func Removed(l *i18n.Localizer, f logto.MFAVerification) string {
	switch f.Type {
	case logto.FactorTOTP:
		return l.T("mfa.removed_totp")
	case logto.FactorWebAuthn:
		return l.T("mfa.removed_passkey", "Factor", factorName(l, f))
	case logto.FactorBackupCode:
		return l.T("mfa.removed_backup")
	}
	return l.T("mfa.removed_other", "Factor", factorName(l, f))
}

// EnrolmentURI is the otpauth:// URI the screen draws as a QR code: the
// first that fits a version-5 code (readable at 80×24).
func EnrolmentURI(issuer, label, username, secret string) string {
	return enrolmentURI(issuer, label, username, secret)
}

// Grouped is a TOTP secret in groups of four, as the screen shows it.
func Grouped(secret string) string { return grouped(secret) }

// Prompts reports whether the tenant prompts users for a second step at
// sign-in: then logto-configs mfa.enabled must be set after binding, which
// the Management API does not do.
func Prompts(sie *logto.SignInExperience) bool {
	if sie == nil {
		return false
	}
	return strings.HasPrefix(sie.MFA.Policy, policyPromptPrefix) || sie.MFA.Policy == policyMandatory
}

// Enrol binds an authenticator app whose code was checked against secret
// already (Logto stores the secret without proof on the Management API):
// the old one (replace, an id or "") goes only now, then the new one is
// bound, and mfa.enabled set when the tenant prompts. It returns what was
// done in words (l's language).
func Enrol(ctx context.Context, l *i18n.Localizer, be Backend, secret logto.Secret, code, replace string, prompt bool) (string, error) {
	if replace != "" {
		if err := be.DeleteMFAVerification(ctx, replace); err != nil && !gone(err) {
			return "", err
		}
	}
	if err := be.CreateTOTP(ctx, secret, code); err != nil {
		return "", err
	}
	if prompt {
		_ = be.SetMFAEnabled(ctx, true)
	}
	if replace != "" {
		return l.T("mfa.totp_replaced"), nil
	}
	return l.T("mfa.totp_added"), nil
}

// Regenerate makes a new set of backup codes, removing the old set (old,
// an id or "") first: the codes are returned to be shown once.
func Regenerate(ctx context.Context, be Backend, old string) ([]logto.Secret, error) {
	if old != "" {
		if err := be.DeleteMFAVerification(ctx, old); err != nil && !gone(err) {
			return nil, err
		}
	}
	return be.CreateBackupCodes(ctx)
}

// CodeText is backup codes one a line, as the screen copies and saves them.
func CodeText(codes []logto.Secret) string { return codeText(codes) }
