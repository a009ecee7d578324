// Command bareprogram is the floor BenchmarkDemoSignIn measures beside the
// demo: the least a bubbletea program does before its first frame (an
// alternate screen, a title, the background colour asked for, one line).
package main

import (
	"os"

	tea "charm.land/bubbletea/v2"
)

type model struct{}

func (model) Init() tea.Cmd { return tea.RequestBackgroundColor }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "q" || k.String() == "ctrl+c") {
		return m, tea.Quit
	}
	return m, nil
}

func (model) View() tea.View {
	v := tea.NewView("bare bubbletea program: first frame")
	v.AltScreen = true
	v.WindowTitle = "bare"
	return v
}

func main() {
	if _, err := tea.NewProgram(model{}).Run(); err != nil {
		os.Exit(1)
	}
}
