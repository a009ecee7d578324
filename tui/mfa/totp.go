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

// OTPAuthURI is the otpauth:// URI of Logto's own QR (docs/logto-behaviour.md#totp-uri) without the
// parameters that only repeat the Key URI Format's defaults (SHA1, 6 digits,
// 30 s): fewer bytes, a smaller QR code.
func OTPAuthURI(issuer, label, secret string) string { return otpauthURI(issuer, label, secret, true) }

func otpauthURI(issuer, label, secret string, issuerParam bool) string {
	q := url.Values{"secret": {secret}}
	if issuerParam {
		q.Set("issuer", issuer)
	}
	return "otpauth://totp/" + url.PathEscape(issuer) + ":" + url.PathEscape(label) + "?" + q.Encode()
}

// enrolmentURI is the first URI that fits a version-5 QR code (readable at
// 80×24): Logto's label with the issuer parameter, then without it (the
// label's issuer prefix names the tenant too), then the same with the
// username in place of a long display name. None fits: a larger code, which
// small windows give as text.
func enrolmentURI(issuer, label, username, secret string) string {
	for _, l := range []string{label, username} {
		for _, param := range []bool{true, false} {
			if uri := otpauthURI(issuer, l, secret, param); l != "" && len(uri) <= maxCompactURI {
				return uri
			}
		}
	}
	return otpauthURI(issuer, label, secret, false)
}

// maxCompactURI is what a version-5 QR code holds at the lowest error
// correction: 39 modules with a 1-module quiet zone, 20 lines of half blocks.
const maxCompactURI = 106

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
	// Logto's own QR labels the account with the display name (name →
	// email → phone → username); the app then lists it the same way.
	label := ""
	for _, s := range []string{m.C.Subject.Name, m.C.Subject.Email, m.C.Subject.Phone, m.C.Subject.Username} {
		if label == "" {
			label = s
		}
	}
	if label == "" {
		label = unnamedUser
	}
	m.uri = enrolmentURI(m.deps.Issuer, label, m.C.Subject.Username, m.secret)
	m.qr = [3]string{}
	m.mode, m.err = addingTOTP, ""
	m.code.Input.SetValue("")
	return m.code.Input.Focus()
}

// checkTOTP validates the app's code here (±1 step) before anything is sent:
// Logto stores a TOTP secret without any proof of possession.
func (m *Model) checkTOTP() tea.Cmd {
	code := m.code.Value()
	ok, err := totp.ValidateCustom(code, m.secret, m.C.Now(), totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil || !ok {
		m.err = m.C.T("mfa.code_mismatch", "Issuer", m.deps.Issuer)
		m.code.Input.SetValue("")
		return nil
	}
	return m.Guard(enrollMsg{secret: logto.Secret(m.secret), code: code, replace: m.replace, prompt: m.prompts()})
}

// IssuerOf is the issuer Logto puts in its own TOTP QR for a tenant: the
// endpoint's host name, without a port.
func IssuerOf(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return endpoint
}
