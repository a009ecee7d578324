package common

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestAPasteOfLinesIntoAFieldKeepsTheirBreaksAsSpaces: the one-line input
// drops line breaks, so an address or a note pasted in lines read "Line
// oneLine two". A paste of one line keeps its spaces; a secret is left as
// the input takes it.
func TestAPasteOfLinesIntoAFieldKeepsTheirBreaksAsSpaces(t *testing.T) {
	for _, c := range []struct{ paste, want string }{
		{"Line one\nLine two\n", "Line one Line two"},
		{"12 Rue de Rivoli  \r\n\r\n  75001 Paris", "12 Rue de Rivoli 75001 Paris"},
		{"  spaced  ", "  spaced  "},
		{Typed("Line one\rLine two\r"), "Line one Line two"}, // as terminals paste line breaks, through the root's clean-up
	} {
		fm := &Form{Fields: []*Field{NewField("name", "Name", false)}}
		fm.Fields[0].Input.Focus()
		fm.Update(tea.PasteMsg{Content: c.paste})
		if got := fm.Fields[0].Input.Value(); got != c.want {
			t.Errorf("pasting %q gave %q; want %q", c.paste, got, c.want)
		}
	}
	secret := &Form{Fields: []*Field{NewField("password", "Password", true)}}
	secret.Fields[0].Input.Focus()
	secret.Update(tea.PasteMsg{Content: "pass word"})
	if got := secret.Fields[0].Input.Value(); got != "pass word" {
		t.Errorf("a secret paste became %q", got)
	}
}
