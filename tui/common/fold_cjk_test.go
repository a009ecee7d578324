package common

import (
	"strings"
	"testing"
)

// A Chinese sentence, which has no spaces between words, folds between
// its characters to fill each line, not at its one space (which would
// leave a word alone on the first line and cut the sentence into three);
// no line starts with a closing mark (，。) nor ends with an opening one.
func TestFoldBreaksChineseBetweenCharacters(t *testing.T) {
	line := "Logto 未接受你刚才提供的确认。请稍后再试；如果一直如此，请重新登录。"
	for _, width := range []int{60, 40, 20, 11} {
		got := Fold(line, width)
		if strings.Join(got, "") != strings.Replace(line, "Logto ", "Logto", 1) && strings.Join(got, "") != line {
			t.Errorf("%d: text changed: %q", width, got)
		}
		for i, l := range got {
			if w := Width(l); w > width {
				t.Errorf("%d: line %d is %d wide: %q", width, i, w, l)
			}
			if i > 0 && strings.ContainsAny(l[:len(string([]rune(l)[0]))], "，。；") {
				t.Errorf("%d: line %d starts with a closing mark: %q", width, i, got)
			}
			if i < len(got)-1 && Width(l) < width-3 {
				t.Errorf("%d: line %d is short (%d of %d): %q", width, i, Width(l), width, got)
			}
		}
	}
	if got := Fold(line, 60); len(got) != 2 || !strings.HasPrefix(got[0], "Logto 未接受") {
		t.Errorf("at 60: %q", got)
	}
	// Kinsoku: the break moves back rather than start a line with 。
	if got := Fold("一二三四五。六七", 10); got[0] != "一二三四" || got[1] != "五。六七" {
		t.Errorf("before a closing mark: %q", got)
	}
	// English still breaks at spaces only.
	if got := Fold("Sign in with your browser or phone", 12); strings.Join(got, "|") != "Sign in with|your browser|or phone" {
		t.Errorf("English: %q", got)
	}
}

// A French line never starts with the colon, semicolon, question or
// exclamation mark (or closing guillemet) that French sets after a space:
// the break goes before the word they follow.
func TestFoldNeverStartsALineWithFrenchClosingPunctuation(t *testing.T) {
	for _, c := range []struct {
		text  string
		width int
	}{
		{"Politique du locataire : facultative", 22},
		{"Voulez-vous vraiment supprimer ce jeton ?", 40},
		{"Attention ; rien n'est enregistré", 12},
		{"le jeton « ci-deploy » expire", 21},
	} {
		for _, line := range Fold(c.text, c.width) {
			if r := []rune(line); len(r) > 0 && strings.ContainsRune(":;?!»", r[0]) {
				t.Errorf("%q at %d: a line starts with %q: %q", c.text, c.width, r[0], Fold(c.text, c.width))
			}
		}
	}
}
