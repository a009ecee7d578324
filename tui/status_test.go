package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// TestDemoCodeSitsOnItsOwnLineAboveTheStatus: the code the demo "sent"
// keeps a line of its own above the status line, so the screen's own "Code
// sent" arriving just after neither hides it nor is cut by it, and each
// fades on its own.
func TestDemoCodeSitsOnItsOwnLineAboveTheStatus(t *testing.T) {
	m, _ := newRoot(t)
	signInAt(t, m, 80, 24)
	m.status = ""
	tt.Drive(t, rootUpdater{m}, common.StatusMsg{Text: "DEMO: the code sent to new@example.com is 123456", Kind: common.StatusDemo},
		common.Success("Your email address is now new.address@example.com; sign in with it from now on."))
	tt.Golden(t, m.render())
	lines := strings.Split(tt.Plain(m.render()), "\n")
	if got := lines[len(lines)-3]; !strings.HasPrefix(got, "DEMO: the code sent to new@example.com is 123456") {
		t.Errorf("the demo note is not on its own line above the status: %q", got)
	}
	if got := lines[len(lines)-2]; !strings.HasPrefix(got, "Your email address is now new.address@example.com; sign in with it from now on.") {
		t.Errorf("the feedback is not whole on the status line: %q", got)
	}
	if len(lines) != 24 {
		t.Errorf("%d lines in a 24-line window", len(lines))
	}
	m.Update(fadeMsg{id: m.statID})
	if view := tt.Plain(m.render()); !strings.Contains(view, "is 123456") {
		t.Errorf("the code went with the other message:\n%s", view)
	}
	m.Update(fadeMsg{id: m.demoID, demo: true})
	if view := tt.Plain(m.render()); strings.Contains(view, "123456") {
		t.Errorf("the code never fades:\n%s", view)
	}
}

// TestFeedbackWinsTheStatusLine: a message for what the user just did is
// never cut for the "verified" clock or the waiting mark; wider than the
// window, it takes a second line (and the screen a line less).
func TestFeedbackWinsTheStatusLine(t *testing.T) {
	m, _ := newRoot(t)
	signInAt(t, m, 80, 24)
	m.c.Proof.Record()
	short := "Profile saved."
	tt.Drive(t, rootUpdater{m}, common.Success(short))
	foot := m.footer()
	if len(foot) != 1 || !strings.HasPrefix(tt.Plain(foot[0]), short) || !strings.HasSuffix(tt.Plain(foot[0]), "verified · 5:00 left") {
		t.Errorf("a short message and the clock share the line: %q", foot)
	}
	long := "Logto did not accept the confirmation you just gave. Try again in a moment; if it keeps happening, sign in again."
	tt.Drive(t, rootUpdater{m}, common.StatusMsg{Text: long, Kind: common.StatusError})
	view := tt.Plain(m.render())
	lines := strings.Split(view, "\n")
	if foot := strings.Join(lines[len(lines)-3:], " "); !strings.Contains(foot, long) || strings.Contains(foot, "…") {
		t.Errorf("the message is cut:\n%s", view)
	}
	if len(lines) != 24 || m.sizedH != 24-5 {
		t.Errorf("%d lines, screens sized to %d", len(lines), m.sizedH)
	}
	tt.Drive(t, rootUpdater{m}, m.c.Clock.(*tt.Clock).Advance(11*time.Second)...)
	if m.status != "" || m.sizedH != 24-4 {
		t.Errorf("the message did not fade and give its line back: %q, %d", m.status, m.sizedH)
	}
}
