package common

import "testing"

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Ada Lovelace":                      "Ada Lovelace",
		"Ada\x1b[2J\x1b[31mRed":             "AdaRed",
		"title\x1b]0;pwned\x07end":          "titleend",
		"clip\x1b]52;c;ZXZpbA==\x1b\\board": "clipboard",
		"bell\x07 and \r return\n":          "bell and  return",
		"tab\there":                         "tab here",
		"rtl\u202eevil":                     "rtlevil",
		"日本語 ok":                            "日本語 ok",
		"trailing esc\x1b":                  "trailing esc",
		"\u009b31mC1 csi":                   "C1 csi",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add("Ada\x1b[2J")
	f.Add("\x1b]52;c;x\x07")
	f.Fuzz(func(t *testing.T, s string) {
		out := Clean(s)
		for _, r := range out {
			if r == 0x1b || r == 0x07 || r == 0x9b || r == 0x9d {
				t.Fatalf("Clean(%q) kept a control character: %q", s, out)
			}
		}
	})
}
