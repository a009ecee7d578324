package mfa

import (
	"testing"

	"github.com/logto-account/logto-account/termqr"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// BenchmarkViewWithQR renders TOTP enrolment with its QR at 120×40 (goal
// ≤ 1 ms; the QR is drawn once per enrolment and kept).
func BenchmarkViewWithQR(b *testing.B) {
	m, _, _ := setup(b, false)
	m.SetSize(118, 36)
	tt.Drive(b, m, tt.Key("t"))
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkQRRender is the cost of drawing one otpauth QR from scratch.
func BenchmarkQRRender(b *testing.B) {
	uri := OTPAuthURI("tenant.example", "Ada Lovelace", NewSecret())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := termqr.Render(uri, false); err != nil {
			b.Fatal(err)
		}
	}
}
