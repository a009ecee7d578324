package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/identities"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// linkingRoot is signed in at w×h over "SSH" (the pasted-address mode),
// with GitHub to link, and has started linking it: the provider's address
// is on screen.
func linkingRoot(t *testing.T, w, h int) *Model {
	env := tt.NewEnv(t)
	env.Emu.AddConnector(emulator.Connector{ID: "gh", ConnectorID: "github-universal", Type: "Social", Target: "github",
		Name: map[string]string{"en": "GitHub"}})
	m := New(Options{Tenant: "tenant.example", Flow: instantFlow{acct: env.Account}, NoColor: true, Clock: tt.NewClock(tt.Epoch),
		Identities: identities.Deps{PasteRedirect: "http://127.0.0.1:53682/callback"}})
	signInAt(t, m, w, h)
	tt.Drive(t, rootUpdater{m}, tt.Key("4"))
	tt.Drive(t, rootUpdater{m}, tt.Key("j"))
	tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, append(tt.Type(tt.Password), tt.Key("enter"))...)
	m.status = ""
	if !strings.Contains(tt.Plain(m.render()), "Link GitHub") {
		t.Fatalf("linking did not start:\n%s", tt.Plain(m.render()))
	}
	return m
}

// providerURL is the address the screen links to (its OSC 8 hyperlink).
var providerURL = regexp.MustCompile(`\x1b\]8;id=logto-account-link;([^\x07\x1b]+)`)

// TestLinkingShowsTheAddressAsAQRCodeAt80x24: the provider's address is a
// hyperlink cut into lines of nothing but the address, ctrl+y copies it,
// and its QR code — too big for the screen's part of an 80×24 window —
// fills the window on ctrl+o and reads back as the address; at 120×40 it
// is drawn below the words (never beside: a mouse selection of the address
// would take the code's blocks with it).
func TestLinkingShowsTheAddressAsAQRCodeAt80x24(t *testing.T) {
	m := linkingRoot(t, 80, 24)
	raw := m.render()
	found := providerURL.FindStringSubmatch(raw)
	if found == nil {
		t.Fatalf("the address is not a hyperlink:\n%q", raw)
	}
	url := found[1]
	view := tt.Plain(raw)
	if joined := strings.Join(strings.Fields(view), ""); !strings.Contains(joined, url) {
		t.Errorf("the address is not on screen whole:\n%s", view)
	}
	tt.Golden(t, masked(view))
	if h := tt.Plain(m.shortHelp()); h != "enter link • ctrl+y copy address • ctrl+o QR code • esc cancel • ctrl+c quit" {
		t.Errorf("help: %q", h)
	}
	msgs := tt.Drive(t, rootUpdater{m}, tt.Key("ctrl+y"))
	copied := false
	for _, msg := range msgs {
		if st, ok := msg.(common.StatusMsg); ok && strings.Contains(st.Text, "Sent the address to your terminal's clipboard") {
			copied = true
		}
	}
	if !copied {
		t.Errorf("ctrl+y did not copy: %v", msgs)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("ctrl+o"))
	full := m.render()
	if got := tt.DecodeQR(t, full, nil); got != url {
		t.Errorf("the QR code reads %q, want %q", got, url)
	}
	if n := len(strings.Split(full, "\n")); n != 24 {
		t.Errorf("the code takes %d lines of 24", n)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("x"))
	if v := tt.Plain(m.render()); !strings.Contains(v, "Link GitHub") || strings.Contains(v, "Address: x") {
		t.Errorf("a key did not return from the code to the linking, or was typed:\n%s", v)
	}

	m = linkingRoot(t, 120, 40)
	raw = m.render()
	if got := tt.DecodeQR(t, raw, nil); got != providerURL.FindStringSubmatch(raw)[1] {
		t.Errorf("at 120×40 the code below the words reads %q", got)
	}
	if h := tt.Plain(m.shortHelp()); strings.Contains(h, "QR code") {
		t.Errorf("the code is on screen, yet the help offers it: %q", h)
	}
	for _, l := range strings.Split(tt.Plain(raw), "\n") {
		if strings.Contains(l, "127.0.0.1") && strings.ContainsAny(l, "█▀▄") {
			t.Errorf("the address shares a line with the code: %q", l)
		}
	}
	tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: 60, Height: 20})
	if v := tt.Plain(m.render()); !strings.Contains(v, "Enlarge the window to see the address as a QR code.") {
		t.Errorf("at 60×20:\n%s", v)
	}
}

// masked hides what changes from run to run in an address (the port, the
// state), keeping its length so the layout stays the same.
func masked(s string) string {
	s = regexp.MustCompile(`127\.0\.0\.1:\d{5}/`).ReplaceAllStringFunc(s, func(p string) string { return "127.0.0.1:PORT0/" })
	return regexp.MustCompile(`state=[A-Za-z0-9_-]{22}`).ReplaceAllString(s, "state="+strings.Repeat("S", 22))
}
