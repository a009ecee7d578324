package common

import (
	"strings"
	"unicode"
)

// Clean strips terminal control sequences and control characters from a
// server- or user-supplied string before it is drawn: a display name must
// not be able to move the cursor, change the title or write the clipboard.
func Clean(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 0x1b || r == 0x9b || r == 0x9d || r == 0x90: // ESC, CSI, OSC, DCS
			i = skipSequence(rs, i)
		case r == '\t':
			b.WriteRune(' ')
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
		case unicode.Is(unicode.Bidi_Control, r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// skipSequence returns the index of the last rune of the escape sequence
// starting at i.
func skipSequence(rs []rune, i int) int {
	r := rs[i]
	if r == 0x1b {
		if i+1 >= len(rs) {
			return i
		}
		i++
		switch rs[i] {
		case '[':
			r = 0x9b
		case ']', 'P', '_', '^', 'X':
			r = 0x9d
		default:
			return i // two-character escape
		}
	}
	if r == 0x9b { // CSI: parameters then a final byte 0x40–0x7e
		for i+1 < len(rs) {
			i++
			if rs[i] >= 0x40 && rs[i] <= 0x7e {
				return i
			}
		}
		return i
	}
	// OSC/DCS/...: up to BEL or ST (ESC \)
	for i+1 < len(rs) {
		i++
		if rs[i] == 0x07 || rs[i] == 0x9c {
			return i
		}
		if rs[i] == 0x1b && i+1 < len(rs) && rs[i+1] == '\\' {
			return i + 1
		}
	}
	return i
}

// Typed cleans what a person typed or pasted before a field takes it:
// control and bidirectional-override characters are dropped (they would
// reach the terminal, or hide what a value really is), tabs become spaces,
// and line breaks stay (the custom-data box takes several lines), as
// "\n" whichever way the terminal sent them (many paste a line break as
// "\r", which was dropped as a control character and joined the lines).
func Typed(s string) string {
	if s == "" {
		return s
	}
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n")
	for i, l := range lines {
		lines[i] = Clean(l)
	}
	return strings.Join(lines, "\n")
}
