package common

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"

	tea "charm.land/bubbletea/v2"
	"github.com/logto-account/logto-account/i18n"
)

// Field is one labelled text input with its own error line.
type Field struct {
	Key, Label string
	Input      textinput.Model
	// Err is shown under the field (client validation or a server conflict).
	Err string
	// Original is the saved value as Logto holds it.
	Original string
	// given is what the input held right after Set, its own clean-up and
	// length limit applied: the field is edited when the input differs
	// from it, so a value the input cannot hold intact never counts (and
	// is never sent) unless the user changes it.
	given    string
	ReadOnly bool
}

// NewField makes a field; secret fields echo bullets.
func NewField(key, label string, secret bool) *Field {
	in := textinput.New()
	in.Prompt = ""
	// A steady cursor: blinking redraws keep SSH sessions busy for nothing.
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	in.CharLimit = 2048
	if secret {
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
	}
	return &Field{Key: key, Label: label, Input: in}
}

// Value is the trimmed current text (secrets are not trimmed).
func (f *Field) Value() string {
	if f.Input.EchoMode == textinput.EchoPassword {
		return f.Input.Value()
	}
	return strings.TrimSpace(f.Input.Value())
}

// Set loads a saved value (control sequences are not typed into a field:
// the input shows the value cleaned).
func (f *Field) Set(v string) {
	f.Original = v
	f.Input.SetValue(Clean(v))
	f.given = f.Input.Value()
	if !f.Input.Focused() {
		f.Rest()
	}
}

// Rest shows the value from its start, as a field not being typed in does:
// the input keeps its cursor where the last value left it, so a long value
// set after a short one showed from its second character ("ttp://…").
//
// The trip to the end first makes the input measure the new value: from the
// start alone it kept the old value's extent and drew only as many
// characters of the new one ("http://127.0.0.1:36353/user").
func (f *Field) Rest() {
	f.Input.CursorEnd()
	f.Input.CursorStart()
}

// Changed reports an unsaved edit by the user.
func (f *Field) Changed() bool { return f.Input.Value() != f.given }

// Lossy reports a saved value the input cannot hold as it is (control
// characters, longer than its limit): it is shown cleaned and left alone
// unless the user edits it.
func (f *Field) Lossy() bool { return f.given != f.Original }

// Revert drops the user's edit.
func (f *Field) Revert() {
	f.Input.SetValue(f.given)
	f.Err = ""
	if !f.Input.Focused() {
		f.Rest()
	}
}

// Form is a vertical list of fields with one focused.
type Form struct {
	Fields []*Field
	Focus  int
	// Active is false while the form is browsed without typing.
	Active bool
	// Lang speaks the form's own words (a field shown cleaned); nil is
	// English. A screen sets its Common's Lang.
	Lang *i18n.Localizer
}

// Focused returns the focused field (nil when the focus is outside it).
func (fm *Form) Focused() *Field {
	if fm.Focus < 0 || fm.Focus >= len(fm.Fields) {
		return nil
	}
	return fm.Fields[fm.Focus]
}

// Get finds a field by key.
func (fm *Form) Get(key string) *Field {
	for _, f := range fm.Fields {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// Move changes focus by delta, skipping read-only fields.
func (fm *Form) Move(delta int) tea.Cmd {
	if len(fm.Fields) == 0 {
		return nil
	}
	if f := fm.Focused(); f != nil {
		f.Input.Blur()
		f.Rest()
	}
	fm.Focus = max(0, min(fm.Focus, len(fm.Fields)-1))
	for range fm.Fields {
		fm.Focus = (fm.Focus + delta + len(fm.Fields)) % len(fm.Fields)
		if !fm.Fields[fm.Focus].ReadOnly {
			break
		}
	}
	fm.Fields[fm.Focus].Input.CursorEnd()
	return fm.Fields[fm.Focus].Input.Focus()
}

// FocusKey focuses a field by key (to show a server error on it).
func (fm *Form) FocusKey(key string) tea.Cmd {
	for i, f := range fm.Fields {
		if f.Key == key {
			if cur := fm.Focused(); cur != nil {
				cur.Input.Blur()
				cur.Rest()
			}
			fm.Focus = i
			f.Input.CursorEnd()
			return f.Input.Focus()
		}
	}
	return nil
}

// Update sends a message to the focused input.
func (fm *Form) Update(msg tea.Msg) tea.Cmd {
	f := fm.Focused()
	if f == nil || f.ReadOnly {
		return nil
	}
	if p, ok := msg.(tea.PasteMsg); ok && f.Input.EchoMode == textinput.EchoNormal {
		msg = OneLine(p)
	}
	var cmd tea.Cmd
	f.Input, cmd = f.Input.Update(msg)
	return cmd
}

// OneLine is a paste as a one-line field takes it: its lines joined by a
// space (the input drops line breaks, so "Line one⏎Line two" became "Line
// oneLine two"), blank lines and a break at the end left out. A paste of
// one line is unchanged, its spaces too.
func OneLine(p tea.PasteMsg) tea.PasteMsg {
	if !strings.ContainsAny(p.Content, "\r\n") {
		return p
	}
	lines := strings.FieldsFunc(p.Content, func(r rune) bool { return r == '\n' || r == '\r' })
	for i, l := range lines {
		if i > 0 {
			l = strings.TrimLeft(l, " \t")
		}
		if i < len(lines)-1 {
			l = strings.TrimRight(l, " \t")
		}
		lines[i] = l
	}
	return tea.PasteMsg{Content: strings.Join(slices.DeleteFunc(lines, func(l string) bool { return strings.TrimSpace(l) == "" }), " ")}
}

// Dirty reports whether any field changed.
func (fm *Form) Dirty() bool {
	for _, f := range fm.Fields {
		if f.Changed() {
			return true
		}
	}
	return false
}

// SetWidth sizes every input.
func (fm *Form) SetWidth(w int) {
	for _, f := range fm.Fields {
		f.Input.SetWidth(max(8, w))
	}
}

// Top is the first field to draw so that field focus shows whole within
// rows lines (a field with an error takes two), starting from top.
func (fm *Form) Top(top, rows, focus int) int {
	focus = max(0, min(focus, len(fm.Fields)-1))
	if focus < top {
		return focus
	}
	lines := func(i int) int {
		if fm.Fields[i].Err != "" {
			return 2
		}
		return 1
	}
	used := 0
	for i := top; i <= focus; i++ {
		used += lines(i)
	}
	for used > rows && top < focus {
		used -= lines(top)
		top++
	}
	return top
}

// View draws the fields from index from, at most rows lines tall. Labels
// are padded by hand to labelWidth display cells (a Chinese label's
// characters are two each): a lipgloss Width per field costs more than the
// rest.
func (fm *Form) View(s Styles, labelWidth, from, rows int) string {
	var b strings.Builder
	n := 0
	for i := from; i < len(fm.Fields) && n < rows; i++ {
		f := fm.Fields[i]
		label := f.Label + strings.Repeat(" ", max(0, labelWidth-Width(f.Label)))
		if n > 0 {
			b.WriteByte('\n')
		}
		if i == fm.Focus {
			b.WriteString(s.Focused.Render("› " + label))
		} else {
			b.WriteString("  " + s.Label.Render(label))
		}
		b.WriteByte(' ')
		if f.ReadOnly {
			b.WriteString(s.Muted.Render(Clean(f.Input.Value())))
		} else {
			b.WriteString(f.Input.View())
		}
		if f.Changed() {
			b.WriteString(s.Warning.Render(" *"))
		} else if f.Lossy() {
			b.WriteString(s.Muted.Render(" " + fm.Lang.T("common.shown_cleaned")))
		}
		n++
		if f.Err != "" {
			b.WriteString("\n" + strings.Repeat(" ", labelWidth+3) + s.Error.Render(f.Err))
			n++
		}
	}
	return b.String()
}

// Keys is a help.KeyMap of a few bindings: what a screen offers in one of
// its states (a form, a confirmation), so the help line never lists keys
// that do nothing there.
type Keys []key.Binding

// ShortHelp implements help.KeyMap.
func (k Keys) ShortHelp() []key.Binding { return k }

// FullHelp implements help.KeyMap.
func (k Keys) FullHelp() [][]key.Binding { return [][]key.Binding{k} }

// Hint is a binding shown in help only (the state's own Update acts on it).
func Hint(keys, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(strings.Fields(keys)...), key.WithHelp(keys, desc))
}

// Footer is what a screen draws under its content: its error line, after a
// blank line ("" when there is no error).
func Footer(s Styles, errText string) string {
	if errText == "" {
		return ""
	}
	return "\n" + s.Error.Render(errText) + "\n"
}

// CodePaste keeps the digits of a verification code pasted into its
// six-digit input: mail and authenticator apps show codes as "807 246" or
// "807-246", and the input, which holds six characters, kept " 807 2".
// Full-width digits (a CJK input method's) become ASCII ones.
func CodePaste(p tea.PasteMsg) tea.PasteMsg {
	var b strings.Builder
	for _, r := range p.Content {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + r - '０')
		}
	}
	return tea.PasteMsg{Content: b.String()}
}
