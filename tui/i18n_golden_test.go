package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// The sign-in screen at 80×24 in each language, as a person reads it
// (testdata/TestSignInGoldenByLanguage/<lang>.golden; -update renews).
func TestSignInGoldenByLanguage(t *testing.T) {
	for _, lang := range i18n.Languages()[1:] {
		t.Run(lang, func(t *testing.T) {
			m := New(Options{Language: lang, Tenant: "tenant.example", Flow: waitingFlow{}, NoColor: true,
				Clock: tt.NewClock(tt.Epoch)})
			defer m.Stop() // the wait for an approval ends with the test
			tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: 80, Height: 24})
			tt.Drive(t, rootUpdater{m}, tt.Run(m.signin.Init())...)
			tt.Golden(t, m.render())
		})
	}
}
