package logto

import (
	"context"
	"net/http"
	"strings"
)

// MFA factor types.
const (
	FactorTOTP       = "Totp"
	FactorWebAuthn   = "WebAuthn"
	FactorBackupCode = "BackupCode"
)

// MFAVerification is one of the user's MFA factors (docs/logto-behaviour.md#mfa). Secrets and codes
// are never returned by the list.
type MFAVerification struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	CreatedAt  Time   `json:"createdAt"`
	LastUsedAt Time   `json:"lastUsedAt"`
	Agent      string `json:"agent,omitempty"`
	Name       string `json:"name,omitempty"`
	// RemainCodes is the number of unused backup codes (BackupCode only).
	RemainCodes *int `json:"remainCodes,omitempty"`
}

// MFAVerifications lists the user's factors.
func (c *Client) MFAVerifications(ctx context.Context, userID string) ([]MFAVerification, error) {
	var out []MFAVerification
	if _, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, "/mfa-verifications")}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateTOTP stores secret as the user's TOTP factor. Logto checks no code:
// the caller must have checked one from the user's app against secret first.
func (c *Client) CreateTOTP(ctx context.Context, userID string, secret Secret) error {
	if err := ValidateTOTPSecret(string(secret)); err != nil {
		return err
	}
	body := map[string]any{"type": FactorTOTP, "secret": secret}
	_, err := c.do(ctx, request{method: http.MethodPost, path: userPath(userID, "/mfa-verifications"), body: body}, nil)
	return err
}

// CreateBackupCodes creates a backup-code set and returns its codes (the only
// time they can be read). codes may be nil to let Logto generate them.
func (c *Client) CreateBackupCodes(ctx context.Context, userID string, codes []string) ([]Secret, error) {
	body := map[string]any{"type": FactorBackupCode}
	if codes != nil {
		if len(codes) != 10 {
			return nil, &ValidationError{Field: "codes", Reason: "must be exactly 10 codes"}
		}
		for _, code := range codes {
			if !backupCodeRe.MatchString(code) {
				return nil, &ValidationError{Field: "codes", Reason: "each code must be 10 hexadecimal characters"}
			}
		}
		body["codes"] = codes
	}
	var out struct {
		Codes []Secret `json:"codes"`
	}
	if _, err := c.do(ctx, request{method: http.MethodPost, path: userPath(userID, "/mfa-verifications"), body: body}, &out); err != nil {
		return nil, err
	}
	return out.Codes, nil
}

// DeleteMFAVerification removes one factor by id.
func (c *Client) DeleteMFAVerification(ctx context.Context, userID, verificationID string) error {
	if strings.TrimSpace(verificationID) == "" {
		return &ValidationError{Field: "verificationId", Reason: "must not be empty"}
	}
	_, err := c.do(ctx, request{method: http.MethodDelete, path: userPath(userID, "/mfa-verifications/"+seg(verificationID))}, nil)
	return err
}
