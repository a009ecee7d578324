package common

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Fold breaks a styled line wider than width into lines that fit. It breaks
// at spaces only — never inside a word such as a date (2027-01-31) or an
// address, unless that word alone is wider than a line — and continuation
// lines keep the line's indent: its leading spaces and a list marker such
// as "› ", "· " or "✓ ". Styles and a hyperlink open at a break are closed
// at the end of the line and opened again on the next.
func Fold(line string, width int) []string {
	if width < 1 || Width(line) <= width {
		return []string{line}
	}
	items := tokens(line)
	indent := indentOf(items)
	if indent > width/2 {
		indent = 0 // a deep indent would leave no room for the text
	}
	var out []string
	var st foldState
	limit := width
	for s := 0; s < len(items); {
		e, next := breakAt(items, s, limit)
		var b strings.Builder
		if len(out) > 0 {
			b.WriteString(strings.Repeat(" ", indent))
			b.WriteString(st.open())
		}
		for _, it := range items[s:e] {
			b.WriteString(it.text)
			st.apply(it)
		}
		b.WriteString(st.close())
		out = append(out, b.String())
		for _, it := range items[e:next] {
			st.apply(it) // escapes among the spaces dropped at the break
		}
		s, limit = next, width-indent
	}
	return out
}

// Wrap is Fold for a text of several lines: each line is folded to width.
// (lipgloss's wrapping breaks words at hyphens, splitting dates.)
func Wrap(text string, width int) string {
	lines := strings.Split(text, "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, Fold(l, width)...)
	}
	return strings.Join(out, "\n")
}

// item is one grapheme cluster (w its cells) or one escape sequence (w 0).
type item struct {
	text  string
	w     int
	esc   bool
	space bool
}

func tokens(s string) []item {
	var out []item
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			n := escLen(s[i:])
			out = append(out, item{text: s[i : i+n], esc: true})
			i += n
			continue
		}
		cl, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		if cl == "" {
			cl, w = s[i:i+1], 1
		}
		out = append(out, item{text: cl, w: w, space: cl == " "})
		i += len(cl)
	}
	return out
}

// escLen is the length of the escape sequence at the start of s: CSI (ESC [
// … final byte), OSC (ESC ] … BEL or ESC \), else ESC and one byte.
func escLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	return 2
}

// listMarkers begin a line whose continuations indent past them.
const listMarkers = "›·•-*✓✗"

// indentOf is the continuation indent of a line: its leading spaces, and a
// list marker with the space after it.
func indentOf(items []item) int {
	n, i := 0, 0
	for ; i < len(items); i++ {
		if items[i].esc {
			continue
		}
		if !items[i].space {
			break
		}
		n++
	}
	for ; i < len(items) && items[i].esc; i++ {
	}
	if i+1 < len(items) && strings.Contains(listMarkers, items[i].text) {
		j := i + 1
		for ; j < len(items) && items[j].esc; j++ {
		}
		if j < len(items) && items[j].space {
			n += items[i].w + 1
		}
	}
	return n
}

// breakAt finds where the line starting at item s ends within limit cells:
// e is the end of its text, next the start of the following line (spaces
// at the break dropped). Chinese, Japanese and Korean text, which puts no
// spaces between words, may also break between two of its characters
// (never before a closing mark such as ，or 。, nor after an opening one).
// A word wider than the line is cut where it reaches the limit.
func breakAt(items []item, s, limit int) (e, next int) {
	used, lastSpace, lastCJK, prev := 0, -1, -1, -1
	for j := s; j < len(items); j++ {
		it := items[j]
		if it.esc {
			continue
		}
		if it.space && j > s && !closesBefore(items, j) {
			lastSpace = j
		}
		if prev >= s && cjkBreak(items[prev].text, it.text) {
			lastCJK = j
		}
		if used+it.w > limit && !it.space {
			if lastCJK > lastSpace && lastCJK > s {
				return lastCJK, lastCJK
			}
			if lastSpace > s {
				e = lastSpace
				for e > s && items[e-1].space {
					e--
				}
				if e > s {
					return e, skipSpaces(items, lastSpace)
				}
			}
			if j == s {
				j++ // a cluster wider than the line: give it one alone
			}
			return j, j
		}
		used += it.w
		prev = j
	}
	return len(items), len(items)
}

// cjkBreak says whether a line may break between two grapheme clusters
// with no space between them: one of them is Chinese, Japanese or Korean,
// b is no closing mark and a no opening one (the line-breaking rules of
// those languages, kinsoku, simplified).
func cjkBreak(a, b string) bool {
	ra, _ := utf8.DecodeRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if !isCJK(ra) && !isCJK(rb) || ra == ' ' || rb == ' ' || glued(ra) || glued(rb) ||
		isDigit(ra) && isCJK(rb) || isCJK(ra) && isDigit(rb) {
		return false // nor beside a no-break space, nor inside a number and its unit (2026年12月7日)
	}
	return !strings.ContainsRune("，。、；：？！）」』》〉】〕”’…·%,.;:?!)]}", rb) && !strings.ContainsRune("（「『《〈【〔“‘([{", ra)
}

// closesBefore reports whether the text after the space at j starts with
// a mark that closes what is before it (French writes "locataire : …",
// "vraiment ?"): a line never starts with it, so no break there.
func closesBefore(items []item, j int) bool {
	k := skipSpaces(items, j)
	if k >= len(items) || items[k].esc {
		return false
	}
	r, _ := utf8.DecodeRuneInString(items[k].text)
	return strings.ContainsRune(":;?!»", r)
}

// glued are the characters that join what is on either side: the no-break
// space and the word joiner.
func glued(r rune) bool { return r == '\u00a0' || r == '\u2060' }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF // CJK punctuation, fullwidth forms
}

func skipSpaces(items []item, i int) int {
	for i < len(items) && items[i].space {
		i++
	}
	return i
}

// foldState is the styling open at a point of the line.
type foldState struct {
	sgr  string // the SGR sequences since the last reset
	link string // the open OSC 8 hyperlink
}

func (f *foldState) apply(it item) {
	if !it.esc {
		return
	}
	t := it.text
	switch {
	case strings.HasPrefix(t, "\x1b[") && strings.HasSuffix(t, "m"):
		if t == "\x1b[m" || t == "\x1b[0m" {
			f.sgr = ""
		} else {
			f.sgr += t
		}
	case strings.HasPrefix(t, "\x1b]8;"):
		body := strings.TrimSuffix(strings.TrimSuffix(t[4:], "\x07"), "\x1b\\")
		if _, uri, _ := strings.Cut(body, ";"); uri == "" {
			f.link = ""
		} else {
			f.link = t
		}
	}
}

func (f *foldState) open() string { return f.sgr + f.link }

func (f *foldState) close() string {
	out := ""
	if f.link != "" {
		out += ansi.ResetHyperlink()
	}
	if f.sgr != "" {
		out += ansi.ResetStyle
	}
	return out
}
