package tui

import (
	"strings"
	"testing"

	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// TestWrappedLinesKeepDatesWholeAndTheirIndent: a sentence wider than the
// window folds at spaces only — a date is never split at its hyphens — and
// its continuation lines start under its text, not at the margin.
func TestWrappedLinesKeepDatesWholeAndTheirIndent(t *testing.T) {
	m, _ := newRoot(t)
	signInAt(t, m, 60, 20)
	tt.Drive(t, rootUpdater{m}, tt.Key("4"))
	view := tt.Plain(m.render())
	if strings.Contains(view, "2026-\n") || !strings.Contains(view, "\n   2026-11-24") {
		t.Errorf("the SSO row's date is split or its continuation lost the indent:\n%s", view)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("6"), tt.Key("n"))
	tt.Drive(t, rootUpdater{m}, tt.Type("deploy")...)
	tt.Drive(t, rootUpdater{m}, tt.Key("tab"))
	tt.Drive(t, rootUpdater{m}, tt.Type("soon")...)
	tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
	view = tt.Plain(m.render())
	if !strings.Contains(view, "2027-01-31.") {
		t.Fatalf("the expiry's error is not on screen:\n%s", view)
	}
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		if strings.Contains(l, "2027-01-31.") && i > 0 && strings.Contains(lines[i-1], "write never") {
			if indent(l) != indent(lines[i-1]) {
				t.Errorf("the continuation is indented %d, its line %d:\n%s", indent(l), indent(lines[i-1]), view)
			}
		}
	}
}

func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
