package common

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWidthAgreesWithAnsi(t *testing.T) {
	for _, s := range []string{"", "plain text", "\x1b[1;38;2;1;2;3mstyled\x1b[m text", "中文 wide", "emoji 😀",
		"tab\there", "\x1b]8;;http://x\x07link\x1b]8;;\x07", "e\u0301 combining", "\x1b[", "trailing \x1b[3",
		"› · … • ✓ ✗ ─ │ ▀▄█ ⠋ é ñ ←→", "✓\ufe0f emoji", "·\u0301"} {
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Errorf("Width(%q) = %d, ansi says %d", s, got, want)
		}
	}
}

func BenchmarkWidth(b *testing.B) {
	line := "\x1b[38;2;91;60;196m› \x1b[mFirefox on Linux · 203.0.113.7 · London, GB · signed in 3 h ago · ends 2026-12-24"
	b.Run("ours", func(b *testing.B) {
		for b.Loop() {
			_ = Width(line)
		}
	})
	b.Run("ansi", func(b *testing.B) {
		for b.Loop() {
			_ = ansi.StringWidth(line)
		}
	})
}

func TestPadCountsCells(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"ab", 4, "ab  "},
		{"中文", 5, "中文 "},
		{"🔑🔑🔑🔑", 5, "🔑🔑…"},
		{"abcdef", 4, "abc…"},
	} {
		if got := Pad(c.in, c.w); got != c.want || Width(got) != c.w {
			t.Errorf("Pad(%q, %d) = %q (%d cells), want %q", c.in, c.w, got, Width(got), c.want)
		}
	}
}
