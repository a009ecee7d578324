package phone

import "testing"

func TestFormat(t *testing.T) {
	for in, want := range map[string]string{
		"442079460958":  "+44 20 7946 0958",
		"+442079460958": "+44 20 7946 0958",
		"447700900123":  "+44 7700 900123",
		"14155550132":   "+1 415 555 0132",
		"33612345678":   "+33 6 12 34 56 78",
		"61412345678":   "+61 412 345 678",
		"61298765432":   "+61 2 9876 5432",
		"8613800138000": "+86 138 0013 8000",
		"4930123456":    "+49 3012 3456",
		"3912":          "+39 12",
		"":              "",
		"0412345678":    "0412345678",  // no country code: as given
		"+1 555 CALL":   "+1 555 CALL", // not a number: as given
	} {
		if got := Format(in); got != want {
			t.Errorf("Format(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFormatReadsBackAsTheSameNumber: what Format shows, typed back in,
// is the number it showed.
func TestFormatReadsBackAsTheSameNumber(t *testing.T) {
	for _, d := range []string{"442079460958", "14155550132", "33612345678", "8613800138000", "4930123456", "35312345678"} {
		if got, err := Normalize(Format(d)); err != nil || got != d {
			t.Errorf("Normalize(Format(%q)) = %q, %v", d, got, err)
		}
	}
}
