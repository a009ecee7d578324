package mfa

import (
	"crypto/rand"
	"encoding/base32"
	"net/url"

	tea "charm.land/bubbletea/v2"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/logto-account/logto-account/logto"
)

// NewSecret returns 20 random bytes in base32 (32 characters, no padding).
func NewSecret() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// OTPAuthURI is the otpauth:// URI Logto would put in its own QR (§7).
func OTPAuthURI(issuer, label, secret string) string {
	q := url.Values{"secret": {secret}, "issuer": {issuer}, "period": {"30"}, "digits": {"6"}, "algorithm": {"SHA1"}}
	return "otpauth://totp/" + url.PathEscape(issuer) + ":" + url.PathEscape(label) + "?" + q.Encode()
}

func (m *Model) startTOTP() tea.Cmd {
	m.replace = ""
	if t := m.has(logto.FactorTOTP); t != nil {
		m.replace = t.ID
	}
	gen := m.deps.NewSecret
	if gen == nil {
		gen = NewSecret
	}
	m.secret = gen()
	label := m.c.Subject.Name
	for _, s := range []string{m.c.Subject.Email, m.c.Subject.Phone, m.c.Subject.Username} {
		if label == "" {
			label = s
		}
	}
	if label == "" {
		label = "Unnamed User"
	}
	m.uri = OTPAuthURI(m.deps.Issuer, label, m.secret)
	m.qr = ""
	m.mode, m.err = addingTOTP, ""
	m.code.Input.SetValue("")
	return m.code.Input.Focus()
}

// checkTOTP validates the app's code here (±1 step) before anything is sent:
// Logto stores a TOTP secret without any proof of possession.
func (m *Model) checkTOTP() tea.Cmd {
	code := m.code.Value()
	ok, err := totp.ValidateCustom(code, m.secret, m.c.Now(), totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil || !ok {
		m.err = "That code does not match. Check the app shows \"" + m.deps.Issuer + "\" and type the current 6 digits."
		m.code.Input.SetValue("")
		return nil
	}
	return m.guarded(m.enroll)
}
