package profile

import (
	"strconv"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/tui/common"
)

// editor is the custom-data box: a plain multi-line editor whose cost per
// key and per frame follows what is on screen, not the document (custom
// data may hold 10,000 keys, or one value of a megabyte). bubbles'
// textarea redrew and re-measured every line on each key.
type editor struct {
	lines []string
	// row and col are the cursor (col in runes); top and left scroll.
	row, col  int
	top, left int
	focused   bool
	// edits counts changes since the text was set (zero: as given).
	edits int
}

// SetValue replaces the text and puts the cursor at the start.
func (e *editor) SetValue(s string) {
	e.lines = strings.Split(s, "\n")
	e.row, e.col, e.top, e.left, e.edits = 0, 0, 0, 0, 0
}

// Value is the whole text (O(size): for saving and comparing, not drawing).
func (e *editor) Value() string { return strings.Join(e.lines, "\n") }

// Edited reports a change since SetValue (the text may still be equal).
func (e *editor) Edited() bool { return e.edits > 0 }

// Focus and Blur switch the cursor on and off.
func (e *editor) Focus() { e.focused = true }

// Blur hides the cursor.
func (e *editor) Blur() { e.focused = false }

func (e *editor) line() []rune { return []rune(e.lines[e.row]) }

// Update handles a key or a paste; the height is the box's, for paging.
func (e *editor) Update(msg tea.Msg, height int) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		e.insert(msg.Content)
	case tea.KeyPressMsg:
		e.key(msg, height)
	}
}

func (e *editor) key(msg tea.KeyPressMsg, height int) {
	switch msg.String() {
	case "left":
		if e.col > 0 {
			e.col--
		} else if e.row > 0 {
			e.row--
			e.col = utf8.RuneCountInString(e.lines[e.row])
		}
	case "right":
		if e.col < utf8.RuneCountInString(e.lines[e.row]) {
			e.col++
		} else if e.row < len(e.lines)-1 {
			e.row, e.col = e.row+1, 0
		}
	case "up":
		e.moveRow(-1)
	case "down":
		e.moveRow(1)
	case "pgup":
		e.moveRow(-max(1, height-1))
	case "pgdown":
		e.moveRow(max(1, height-1))
	case "home", "ctrl+a":
		e.col = 0
	case "end", "ctrl+e":
		e.col = utf8.RuneCountInString(e.lines[e.row])
	case "ctrl+home":
		e.row, e.col = 0, 0
	case "ctrl+end":
		e.row = len(e.lines) - 1
		e.col = utf8.RuneCountInString(e.lines[e.row])
	case "enter":
		e.insert("\n")
	case "backspace":
		e.backspace()
	case "delete":
		e.delete()
	case "ctrl+u":
		l := e.line()
		e.lines[e.row] = string(l[min(e.col, len(l)):])
		e.col = 0
		e.edits++
	default:
		if msg.Text != "" {
			e.insert(msg.Text)
		}
	}
}

func (e *editor) moveRow(d int) {
	e.row = max(0, min(len(e.lines)-1, e.row+d))
	e.col = min(e.col, utf8.RuneCountInString(e.lines[e.row]))
}

// insert types s at the cursor (newlines split the line).
func (e *editor) insert(s string) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	l := e.line()
	col := min(e.col, len(l))
	head, tail := string(l[:col]), string(l[col:])
	parts := strings.Split(s, "\n")
	if len(parts) == 1 {
		e.lines[e.row] = head + s + tail
		e.col = col + utf8.RuneCountInString(s)
		e.edits++
		return
	}
	added := make([]string, len(parts))
	added[0] = head + parts[0]
	copy(added[1:], parts[1:])
	last := len(parts) - 1
	e.col = utf8.RuneCountInString(parts[last])
	added[last] += tail
	e.lines = append(e.lines[:e.row], append(added, e.lines[e.row+1:]...)...)
	e.row += last
	e.edits++
}

func (e *editor) backspace() {
	if e.col > 0 {
		l := e.line()
		col := min(e.col, len(l))
		e.lines[e.row] = string(l[:col-1]) + string(l[col:])
		e.col = col - 1
	} else if e.row > 0 {
		prev := e.lines[e.row-1]
		e.col = utf8.RuneCountInString(prev)
		e.lines[e.row-1] = prev + e.lines[e.row]
		e.lines = append(e.lines[:e.row], e.lines[e.row+1:]...)
		e.row--
	} else {
		return
	}
	e.edits++
}

func (e *editor) delete() {
	l := e.line()
	if e.col < len(l) {
		e.lines[e.row] = string(l[:e.col]) + string(l[e.col+1:])
	} else if e.row < len(e.lines)-1 {
		e.lines[e.row] += e.lines[e.row+1]
		e.lines = append(e.lines[:e.row+1], e.lines[e.row+2:]...)
	} else {
		return
	}
	e.edits++
}

// View draws height lines of width cells: a gutter with line numbers, then
// the visible part of each line (cleaned of control sequences), the cursor
// kept in view.
func (e *editor) View(s common.Styles, width, height int) string {
	height = max(1, height)
	if e.row < e.top {
		e.top = e.row
	}
	if e.row >= e.top+height {
		e.top = e.row - height + 1
	}
	gutter := max(3, len(strconv.Itoa(len(e.lines))))
	avail := max(4, width-gutter-3)
	if e.col < e.left {
		e.left = e.col
	}
	if e.col >= e.left+avail {
		e.left = e.col - avail + 1
	}
	cursor := lipgloss.NewStyle().Reverse(true)
	// The styled pieces are made once a frame, not once a line.
	mark := s.Muted.Render("┃ ")
	numbers := s.Muted.Render("\x00")
	pre, post, _ := strings.Cut(numbers, "\x00")
	var b strings.Builder
	for i := e.top; i < e.top+height; i++ {
		if i > e.top {
			b.WriteByte('\n')
		}
		if i >= len(e.lines) {
			b.WriteString(mark + strings.Repeat(" ", gutter) + " " + pre + "~" + post)
			continue
		}
		num := strconv.Itoa(i + 1)
		b.WriteString(mark + pre + strings.Repeat(" ", gutter-len(num)) + num + post + " ")
		text := visible(e.lines[i], e.left, avail)
		if !e.focused || i != e.row {
			b.WriteString(text)
			continue
		}
		// The cursor: the cell at col, shown reversed.
		rs := []rune(text)
		at := e.col - e.left
		if at >= len(rs) {
			b.WriteString(text + cursor.Render(" "))
			continue
		}
		b.WriteString(string(rs[:at]) + cursor.Render(string(rs[at])) + string(rs[at+1:]))
	}
	return b.String()
}

// visible is the part of line from rune left that fits in width cells,
// cleaned for the terminal; it reads only that part of the line.
func visible(line string, left, width int) string {
	if left > 0 { // skip left runes
		skipped := false
		for i := range line {
			if left == 0 {
				line, skipped = line[i:], true
				break
			}
			left--
		}
		if !skipped {
			return ""
		}
	}
	if cut := 4 * width; len(line) > cut { // a cell takes at most 4 bytes
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		line = line[:cut]
	}
	return ansi.Truncate(strings.ReplaceAll(common.Clean(line), "\t", " "), width, "")
}
