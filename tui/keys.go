package tui

import (
	"charm.land/bubbles/v2/key"
)

// KeyMap are the global keys, built per program.
type KeyMap struct {
	Next, Prev, Help, Quit, ForceQuit, Refresh key.Binding
	// Checkup shows the security check-up (and back).
	Checkup key.Binding
	// SwitchUser picks another user; enabled in admin mode only.
	SwitchUser key.Binding
	// Screens names the keys that switch screens in the short help (digits
	// are read in globalKey; the full help lists the screens by digit).
	Screens key.Binding
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Screens, k.SwitchUser, k.Help, k.Quit}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev}, {k.Checkup, k.Refresh, k.Help, k.SwitchUser}, {k.Quit, k.ForceQuit}}
}

func newKeyMap(admin bool) KeyMap {
	return KeyMap{
		SwitchUser: key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "act on another user"), key.WithDisabled()),
		Next:       key.NewBinding(key.WithKeys("right", "l", "]"), key.WithHelp("→/l", "next screen")),
		Screens:    key.NewBinding(key.WithKeys("right", "left"), key.WithHelp("←→/1-8", "screens")),
		Prev:       key.NewBinding(key.WithKeys("left", "h", "["), key.WithHelp("←/h", "previous screen")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:       key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Refresh:    key.NewBinding(key.WithKeys("ctrl+r", "R"), key.WithHelp("R", "reload")),
		Checkup:    key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "security check-up")),
	}.withAdmin(admin)
}

func (k KeyMap) withAdmin(admin bool) KeyMap {
	k.SwitchUser.SetEnabled(admin)
	return k
}
