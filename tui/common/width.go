package common

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width is the display width of s in cells, ANSI-aware. Lines of ASCII
// text, the narrow symbols this program draws (· › … • ✓ ✗, box drawing,
// half blocks, braille) and SGR styling — nearly every line drawn — are
// measured in one pass over their bytes; anything else goes through ansi's
// grapheme-aware count, which costs several times more.
func Width(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			i += 2
			for i < len(s) && (s[i] < 0x40 || s[i] > 0x7e) {
				i++
			}
		case c >= 0x20 && c < 0x7f:
			n++
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !narrow(r) {
				return ansi.StringWidth(s)
			}
			n++
			i += size - 1
		default:
			return ansi.StringWidth(s)
		}
	}
	return n
}

// narrow reports a rune that always takes one cell and never joins the
// next one into a cluster.
func narrow(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0x24F: // Latin-1 supplement, Latin extended A and B
	case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205E: // punctuation: – — ‘ ’ “ ” • … ‹ ›
	case r >= 0x2190 && r <= 0x21FF: // arrows
	case r >= 0x2500 && r <= 0x259F: // box drawing, block elements (the QR codes)
	case r >= 0x2800 && r <= 0x28FF: // braille (the spinner)
	case r == 0x2713, r == 0x2717: // ✓ ✗
	default:
		return false
	}
	return true
}

// Fit cuts a styled line to width cells (ANSI-aware), with "…" when cut.
func Fit(line string, width int) string {
	if Width(line) <= width {
		return line
	}
	return ansi.Truncate(line, width, "…")
}

// Pad is s in a column of width cells: cut with "…" when wider, padded
// with spaces when narrower. Wide characters (CJK, emoji) count two cells,
// so a row of such columns stays as wide as its heading.
func Pad(s string, width int) string {
	s = Fit(s, width)
	if w := Width(s); w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}
