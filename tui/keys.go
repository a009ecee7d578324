package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/logto-account/logto-account/tui/common"
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

func newKeyMap(c *common.Common, admin bool) KeyMap {
	return KeyMap{
		SwitchUser: key.NewBinding(key.WithKeys("U"), key.WithHelp("U", c.T("root.key_switch_user")), key.WithDisabled()),
		Next:       key.NewBinding(key.WithKeys("right", "l", "]"), key.WithHelp("→/l", c.T("root.key_next"))),
		Screens:    key.NewBinding(key.WithKeys("right", "left"), key.WithHelp("←→/1-8", c.T("root.key_screens"))),
		Prev:       key.NewBinding(key.WithKeys("left", "h", "["), key.WithHelp("←/h", c.T("root.key_prev"))),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", c.T("root.key_help"))),
		Quit:       key.NewBinding(key.WithKeys("q"), key.WithHelp("q", c.T("root.key_quit"))),
		ForceQuit:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", c.T("root.key_quit"))),
		Refresh:    key.NewBinding(key.WithKeys("ctrl+r", "R"), key.WithHelp("R", c.T("root.key_reload"))),
		Checkup:    key.NewBinding(key.WithKeys("C"), key.WithHelp("C", c.T("root.key_checkup"))),
	}.withAdmin(admin)
}

func (k KeyMap) withAdmin(admin bool) KeyMap {
	k.SwitchUser.SetEnabled(admin)
	return k
}
