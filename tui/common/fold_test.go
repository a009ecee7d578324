package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestFoldBreaksAtSpacesOnlyAndKeepsTheIndent(t *testing.T) {
	cases := []struct {
		line  string
		width int
		want  []string
	}{
		{"write never, a number of days like 30d, or a date like 2027-01-31.", 60,
			[]string{"write never, a number of days like 30d, or a date like", "2027-01-31."}},
		{"  https://idp.acme.example  ada@acme.example  linked 2026-11-24", 58,
			[]string{"  https://idp.acme.example  ada@acme.example  linked", "  2026-11-24"}},
		{"› Firefox on Linux · 203.0.113.7 · London, GB · signed in 3 h ago", 40,
			[]string{"› Firefox on Linux · 203.0.113.7 ·", "  London, GB · signed in 3 h ago"}},
		{"· not based on your name, username, email or phone", 30,
			[]string{"· not based on your name,", "  username, email or phone"}},
		{"http://127.0.0.1:4000/mock-social/authorize?state=abc", 20,
			[]string{"http://127.0.0.1:400", "0/mock-social/author", "ize?state=abc"}},
		{"short", 20, []string{"short"}},
	}
	for _, c := range cases {
		got := Fold(c.line, c.width)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Fold(%q, %d)\n got %q\nwant %q", c.line, c.width, got, c.want)
		}
		for _, l := range got {
			if w := ansi.StringWidth(l); w > c.width {
				t.Errorf("%q is %d wide", l, w)
			}
		}
	}
}

func TestFoldCarriesStylesAndLinksAcrossTheBreak(t *testing.T) {
	line := "\x1b[1mbold words that go on\x1b[m plain " + ansi.SetHyperlink("http://x.example/a") + "link text here" + ansi.ResetHyperlink()
	got := Fold(line, 12)
	if ansi.Strip(strings.Join(got, "|")) != "bold words|that go on|plain link|text here" {
		t.Fatalf("got %q", got)
	}
	if !strings.HasSuffix(got[0], ansi.ResetStyle) || !strings.HasPrefix(got[1], "\x1b[1m") {
		t.Errorf("the bold style is not closed and reopened: %q", got[:2])
	}
	if !strings.Contains(got[2], "\x1b]8;;http://x.example/a") || !strings.HasSuffix(got[2], ansi.ResetHyperlink()) ||
		!strings.HasPrefix(got[3], ansi.SetHyperlink("http://x.example/a")) {
		t.Errorf("the link is not closed and reopened: %q", got[2:])
	}
}

func TestFoldNeverLoops(t *testing.T) {
	for _, s := range []string{"   ", "中文中文中文", "a\x1b[", "\x1b]8;;x", "     longwordlongword"} {
		for w := 1; w < 8; w++ {
			_ = Fold(s, w)
		}
	}
}
