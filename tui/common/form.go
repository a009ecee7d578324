package common

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// Field is one labelled text input with its own error line.
type Field struct {
	Key, Label string
	Input      textinput.Model
	// Err is shown under the field (client validation or a server conflict).
	Err string
	// Original is the saved value, to tell edits apart.
	Original string
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

// Set loads a saved value.
func (f *Field) Set(v string) {
	f.Original = v
	f.Input.SetValue(v)
}

// Changed reports an unsaved edit.
func (f *Field) Changed() bool { return f.Value() != f.Original }

// Form is a vertical list of fields with one focused.
type Form struct {
	Fields []*Field
	Focus  int
	// Active is false while the form is browsed without typing.
	Active bool
}

// Focused returns the focused field.
func (fm *Form) Focused() *Field {
	if len(fm.Fields) == 0 {
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
	fm.Fields[fm.Focus].Input.Blur()
	for range fm.Fields {
		fm.Focus = (fm.Focus + delta + len(fm.Fields)) % len(fm.Fields)
		if !fm.Fields[fm.Focus].ReadOnly {
			break
		}
	}
	return fm.Fields[fm.Focus].Input.Focus()
}

// FocusKey focuses a field by key (to show a server error on it).
func (fm *Form) FocusKey(key string) tea.Cmd {
	for i, f := range fm.Fields {
		if f.Key == key {
			fm.Fields[fm.Focus].Input.Blur()
			fm.Focus = i
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
	var cmd tea.Cmd
	f.Input, cmd = f.Input.Update(msg)
	return cmd
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

// View draws the fields from index from, at most rows lines tall. Labels
// are padded by hand: a lipgloss Width per field costs more than the rest.
func (fm *Form) View(s Styles, labelWidth, from, rows int) string {
	var b strings.Builder
	n := 0
	for i := from; i < len(fm.Fields) && n < rows; i++ {
		f := fm.Fields[i]
		label := f.Label + strings.Repeat(" ", max(0, labelWidth-len([]rune(f.Label))))
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
