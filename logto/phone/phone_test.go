package phone

import (
	"errors"
	"testing"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"+1 (555) 123-4567":   "15551234567",
		"15551234567":         "15551234567",
		"+61 412 345 678":     "61412345678",
		"0061 412 345 678":    "61412345678",
		"+44 20.7946.0958":    "442079460958",
		"+86 138 0013 8000":   "8613800138000",
		"+1\u00a0555 1234567": "15551234567",
		// full width, as a CJK input method types it; dashes pasted from a page
		"＋８１ ９０－１２３４－５６７８":           "819012345678",
		"＋８１（３）１２３４\u3000５６７８．":      "81312345678",
		"+44 20\u20117946\u20130958": "442079460958",
	} {
		got, err := Normalize(in)
		if err != nil || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]error{
		"":            ErrNotANumber,
		"555-CALL":    ErrNotANumber,
		"1+555":       ErrNotANumber,
		"0412345678":  ErrCountryCode,
		"+999123456":  ErrCountryCode,
		"+12":         ErrLength,
		"1":           ErrLength,
		"123":         ErrLength,
		"+1 555 0100": ErrLength,
	} {
		if _, err := Normalize(in); !errors.Is(err, want) {
			t.Errorf("Normalize(%q) error = %v, want %v", in, err, want)
		}
	}
}

// TestCanonicalMatchesLogto uses the probes recorded against Logto 1.42.0.
func TestCanonicalMatchesLogto(t *testing.T) {
	ok := map[string]string{"610412345678": "61412345678", "123": "123", "15551230000": "15551230000", "390612345678": "390612345678"}
	for in, want := range ok {
		if got, err := Canonical(in); err != nil || got != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "1", "12", "999123456", "0123456789"} {
		if _, err := Canonical(in); err == nil {
			t.Errorf("Canonical(%q) accepted a number Logto refuses", in)
		}
	}
}
