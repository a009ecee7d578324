package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"
	"strings"
	"testing"

	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
	"github.com/logto-account/logto-account/tui/signin"
)

// offerRoot is a root signed in with an offer open.
func offerRoot(t *testing.T, accepted *int) *Model {
	t.Helper()
	m, env := newRoot(t)
	tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: 100, Height: 30}, signin.SignedInMsg{Result: &SignedIn{Account: env.Account, Display: "Ada Lovelace", Note: "Your key is remembered.",
		Offer: &Offer{Question: "Remember this SSH key?", Accept: func(context.Context) (string, error) {
			*accepted++
			return "Remembered.", nil
		}}}})
	tt.Drive(t, rootUpdater{m}, tt.Key("x")) // not an answer: the question stays, the key goes nowhere
	return m
}

func TestAnOfferAfterSignInRunsOnlyOnYes(t *testing.T) {
	accepted := 0
	m := offerRoot(t, &accepted)
	if v := tt.Plain(m.render()); !strings.Contains(v, "Remember this SSH key?") || !strings.Contains(v, "y yes · n not now") {
		t.Fatalf("no question on screen:\n%s", v)
	}
	if !strings.Contains(m.status, "Signed in as Ada Lovelace. Your key is remembered.") {
		t.Errorf("status %q", m.status)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("2")) // a digit while the question shows does not switch screens
	if m.active != 0 || accepted != 0 {
		t.Fatalf("active %d, accepted %d", m.active, accepted)
	}
	msgs := tt.Drive(t, rootUpdater{m}, tt.Key("y"))
	if accepted != 1 || m.offer != nil {
		t.Fatalf("accepted %d, offer %v", accepted, m.offer)
	}
	if !strings.Contains(m.status, "Remembered.") {
		t.Errorf("status %q after %v", m.status, msgs)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("y"))
	if accepted != 1 {
		t.Error("a second y ran the offer again")
	}
}

func TestAnOfferDeclinedRunsNothing(t *testing.T) {
	for _, k := range []string{"n", "esc"} {
		accepted := 0
		m := offerRoot(t, &accepted)
		tt.Drive(t, rootUpdater{m}, tt.Key(k), tt.Key("y"))
		if accepted != 0 || m.offer != nil {
			t.Errorf("%s: accepted %d", k, accepted)
		}
		if v := tt.Plain(m.render()); strings.Contains(v, "Remember this SSH key?") {
			t.Errorf("%s: the question stays", k)
		}
	}
}
