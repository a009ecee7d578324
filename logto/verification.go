package logto

import (
	"context"
	"net/http"
	"regexp"
)

// Recipient is where a verification code goes: exactly one of Email or Phone.
// Verify with byte-identical values to those used for sending
// (docs/logto-behaviour.md#codes).
type Recipient struct {
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

func (r Recipient) validate() error {
	switch {
	case r.Email != "" && r.Phone != "":
		return &ValidationError{Field: "recipient", Reason: "give an email or a phone, not both"}
	case r.Email != "":
		return ValidateEmail(r.Email)
	case r.Phone != "":
		if err := ValidatePhone(r.Phone); err != nil {
			return &ValidationError{Field: "phone", Reason: err.(*ValidationError).Reason}
		}
		return nil
	}
	return &ValidationError{Field: "recipient", Reason: "give an email or a phone"}
}

var codeRe = regexp.MustCompile(`^[0-9]{6}$`)

// SendVerificationCode sends a 6-digit code to the recipient (204 on success).
func (c *Client) SendVerificationCode(ctx context.Context, to Recipient) error {
	if err := to.validate(); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodPost, path: "/api/verification-codes", body: to}, nil)
	return err
}

// VerifyVerificationCode consumes the code sent to the recipient. Nothing
// links the result to a later user update: the caller must verify first.
func (c *Client) VerifyVerificationCode(ctx context.Context, to Recipient, code string) error {
	if err := to.validate(); err != nil {
		return err
	}
	if !codeRe.MatchString(code) {
		return &ValidationError{Field: "verificationCode", Reason: "must be the 6 digits from the message"}
	}
	body := struct {
		Recipient
		VerificationCode string `json:"verificationCode"`
	}{to, code}
	_, err := c.do(ctx, request{method: http.MethodPost, path: "/api/verification-codes/verify", body: body}, nil)
	return err
}
