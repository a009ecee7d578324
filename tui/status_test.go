package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

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

// TestDemoApprovalCountsDownAndGoes: the demo's "approved for you in …"
// counts down once a second on its own line (no spinner glued to it) and
// goes when the time comes, or when the sign-in completes first.
func TestDemoApprovalCountsDownAndGoes(t *testing.T) {
	m, _ := newRoot(t)
	clock := m.c.Clock.(*tt.Clock)
	tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: 80, Height: 24})
	tt.Drive(t, rootUpdater{m}, common.StatusMsg{Kind: common.StatusDemo, Until: clock.Now().Add(30 * time.Second),
		Text: "DEMO: code BCDF-GHJK will be approved for you in " + common.Left + " (no browser needed)."})
	note := func() string {
		lines := strings.Split(tt.Plain(m.render()), "\n")
		return lines[len(lines)-3]
	}
	if got := note(); got != "DEMO: code BCDF-GHJK will be approved for you in 30s (no browser needed)." {
		t.Fatalf("note: %q", got)
	}
	tt.Drive(t, rootUpdater{m}, clock.Advance(time.Second)...)
	if got := note(); !strings.Contains(got, "in 29s (") {
		t.Errorf("after a second: %q", got)
	}
	tt.Drive(t, rootUpdater{m}, clock.Advance(29*time.Second)...)
	if view := tt.Plain(m.render()); strings.Contains(view, "BCDF-GHJK will be approved") {
		t.Errorf("the note outlived its time:\n%s", view)
	}
	// A note without a time goes when the sign-in completes.
	tt.Drive(t, rootUpdater{m}, common.StatusMsg{Kind: common.StatusDemo, Text: "DEMO: code BCDF-GHJK will be approved for you in 3s."})
	for _, msg := range tt.Run(m.signin.Init()) {
		tt.DriveAll(t, rootUpdater{m}, msg)
	}
	if m.signing || m.demo != "" {
		t.Errorf("signed in (%v), the note is still %q", !m.signing, m.demo)
	}
}

// TestDemoPasswordShowsWhileThePromptAsksForIt: the demo tells its password
// on its own line while the proof prompt asks for it, and the note goes
// when the prompt closes (it is about that prompt).
func TestDemoPasswordShowsWhileThePromptAsksForIt(t *testing.T) {
	env := tt.NewEnv(t)
	m := New(Options{Tenant: "tenant.example", Badge: "DEMO", Demo: true, DemoPassword: tt.Password,
		Flow: instantFlow{acct: env.Account}, NoColor: true, Clock: tt.NewClock(tt.Epoch)})
	signInAt(t, m, 80, 24)
	m.status = ""
	tt.Drive(t, rootUpdater{m}, tt.Key("2"))
	tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, append(tt.Type("new@example.com"), tt.Key("enter"))...)
	tt.Golden(t, m.render())
	lines := strings.Split(tt.Plain(m.render()), "\n")
	if got := lines[len(lines)-3]; got != "DEMO: the password to type is "+tt.Password+" (or press tab for a code)." {
		t.Errorf("the note above the status line: %q", got)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"))
	if strings.Contains(tt.Plain(m.render()), tt.Password) {
		t.Errorf("the password stayed after the prompt closed:\n%s", tt.Plain(m.render()))
	}
}

// TestDemoNoteStopsNamingTheSeededPasswordOnceChanged: after the user sets
// a password of their own, the next proof prompt no longer tells them to
// type the seeded one (which Logto now refuses); before, it did, and the
// user typing it was told "That password is not right".
func TestDemoNoteStopsNamingTheSeededPasswordOnceChanged(t *testing.T) {
	env := tt.NewEnv(t)
	m := New(Options{Tenant: "tenant.example", Badge: "DEMO", Demo: true, DemoPassword: tt.Password,
		Flow: instantFlow{acct: env.Account}, NoColor: true, Clock: tt.NewClock(tt.Epoch)})
	signInAt(t, m, 80, 24)
	const fresh = "Zebra-Mango-7781"
	tt.Drive(t, rootUpdater{m}, tt.Key("3"), tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, append(tt.Type(fresh), tt.Key("enter"))...)
	tt.Drive(t, rootUpdater{m}, append(tt.Type(fresh), tt.Key("enter"))...)
	if !m.proof.Active() {
		t.Fatalf("no proof prompt:\n%s", tt.Plain(m.render()))
	}
	tt.Drive(t, rootUpdater{m}, append(tt.Type(tt.Password), tt.Key("enter"))...)
	if !strings.Contains(tt.Plain(m.render()), "Password changed.") {
		t.Fatalf("the password was not changed:\n%s", tt.Plain(m.render()))
	}
	m.c.Proof.Forget() // the proof has run out
	tt.Drive(t, rootUpdater{m}, tt.Key("n"), tt.Key("2"), tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, append(tt.Type("new@example.com"), tt.Key("enter"))...)
	view := tt.Plain(m.render())
	if !m.proof.Active() || strings.Contains(view, tt.Password) || !strings.Contains(view, "DEMO: type the password you set") {
		t.Errorf("the prompt's note after the change:\n%s", view)
	}
}

// TestDemoCodeShowsAfterALongAddress: the code the demo "sent" to an
// address too long for two lines stays on screen (the address's middle gives
// way); before, the note was cut at its end and the code was never shown.
func TestDemoCodeShowsAfterALongAddress(t *testing.T) {
	m, _ := newRoot(t)
	signInAt(t, m, 60, 20)
	long := strings.Repeat("a", 90) + "@example.com"
	tt.Drive(t, rootUpdater{m}, common.StatusMsg{Text: "DEMO: the code sent to " + long + " is 123456", Kind: common.StatusDemo})
	lines := strings.Split(tt.Plain(m.render()), "\n")
	if got := lines[len(lines)-3]; !strings.HasSuffix(got, "@example.com is 123456") || common.Width(got) > 60 {
		t.Errorf("the note's last line: %q", got)
	}
	if got := lines[len(lines)-4]; got != "DEMO: the code sent to" {
		t.Errorf("the note's first line: %q", got)
	}
}

// TestDemoApprovalNoteGoesWithACancelledCode: Esc on the sign-in drops the
// code, and the note counting down to its approval goes with it; before, it
// went on counting for a code nobody waited for.
func TestDemoApprovalNoteGoesWithACancelledCode(t *testing.T) {
	env := tt.NewEnv(t)
	calls := 0
	m := New(Options{Tenant: "tenant.example", Badge: "DEMO", Demo: true, NoColor: true, Clock: tt.NewClock(tt.Epoch),
		Flow: instantFlow{acct: env.Account, once: true, calls: &calls}})
	tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: 80, Height: 24})
	// The code goes on screen; its wait is never run (the flow would wait
	// for a person).
	calls = 1
	tt.Drive(t, rootUpdater{m}, tt.Run(m.signin.Init())...)
	clock := m.c.Clock.(*tt.Clock)
	tt.Drive(t, rootUpdater{m}, common.StatusMsg{Kind: common.StatusDemo, Until: clock.Now().Add(30 * time.Second),
		Text: "DEMO: code BCDF-GHJK will be approved for you in " + common.Left + " (no browser needed)."})
	if !strings.Contains(tt.Plain(m.render()), "will be approved for you in 30s") {
		t.Fatalf("no countdown:\n%s", tt.Plain(m.render()))
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"))
	if view := tt.Plain(m.render()); !strings.Contains(view, "Sign-in cancelled") || strings.Contains(view, "will be approved") {
		t.Errorf("after esc:\n%s", view)
	}
}
