package common

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/logto-account/logto-account/termqr"
)

// FullViewer is a screen that can show one thing alone in the whole window
// (a QR code too big for the screen's part of it): FullView returns it for
// a window of w×h, or "" to be drawn as usual. The root centres it and
// draws nothing else; the screen's keys still go to the screen.
type FullViewer interface{ FullView(w, h int) string }

// QR draws the QR code of an address, once per address, background and
// quiet zone (a drawing costs about a millisecond; frames come many times
// a second).
type QR struct {
	text  string
	dark  bool
	drawn [3]string // quiet zone of 0 (unused), 1 or 2 modules
}

// Code is text's QR code with a quiet zone of quiet (1 or 2) modules, for a
// dark or light background ("" when text cannot be encoded).
func (q *QR) Code(text string, quiet int, dark bool) string {
	if q.text != text || q.dark != dark {
		*q = QR{text: text, dark: dark}
	}
	if q.drawn[quiet] == "" {
		q.drawn[quiet], _ = termqr.RenderQuiet(text, quiet, !dark)
	}
	return q.drawn[quiet]
}

// fits is the code with the widest quiet zone that fits w×h ("" if none).
func (q *QR) fits(text string, dark bool, w, h int) string {
	for _, quiet := range []int{2, 1} {
		c := q.Code(text, quiet, dark)
		if c != "" && termqr.Width(c) <= w && strings.Count(c, "\n")+1 <= h {
			return c
		}
	}
	return ""
}

// MinBeside is the narrowest text column a QR code is drawn beside.
const MinBeside = 34

// Beside lays out the words of a screen, drawn by text for a width, with
// the QR code of url: beside them when both fit in w×h (the words at least
// MinBeside wide), else below them. ok is false when the code fits neither
// way; the words alone are returned for the whole width.
func (q *QR) Beside(text func(width int) string, url string, dark bool, w, h int) (view string, ok bool) {
	return q.layout(text, url, dark, w, h, true)
}

// Below is Beside without the code beside the words: for words a person
// selects with the mouse (an address), which a terminal would select with
// the code's blocks on the same lines.
func (q *QR) Below(text func(width int) string, url string, dark bool, w, h int) (view string, ok bool) {
	return q.layout(text, url, dark, w, h, false)
}

func (q *QR) layout(text func(width int) string, url string, dark bool, w, h int, beside bool) (string, bool) {
	for _, quiet := range []int{2, 1} {
		c := q.Code(url, quiet, dark)
		if c == "" {
			break
		}
		qw, qh := termqr.Width(c), strings.Count(c, "\n")+1
		if tw := w - qw - 2; beside && tw >= MinBeside && qh <= h {
			if words := text(tw); strings.Count(words, "\n")+1 <= h {
				return lipgloss.JoinHorizontal(lipgloss.Top, padRight(words, tw+2), c), true
			}
		}
		if words := text(w); qw <= w && strings.Count(words, "\n")+2+qh <= h {
			return words + "\n\n" + c, true
		}
	}
	return text(w), false
}

// Alone is url's QR code alone, for a window of w×h ("" when it does not fit).
func (q *QR) Alone(url string, dark bool, w, h int) string { return q.fits(url, dark, w, h) }

// Window is the window's size as the root last saw it, or, before it did
// (a screen on its own in a test), the screen's part with the root's
// four lines around it.
func (c *Common) Window(partW, partH int) (w, h int) {
	if c.Width > 0 && c.Height > 0 {
		return c.Width, c.Height
	}
	return partW + 2, partH + 4
}

// padRight pads every line of s to width cells (lipgloss would re-wrap).
func padRight(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = l + strings.Repeat(" ", max(0, width-Width(l)))
	}
	return strings.Join(lines, "\n")
}
