// Package tuitest drives screen models in tests: keys by name, commands run
// and their messages fed back, ticks dropped, views without ANSI.
package tuitest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// Key builds a key press from a name: "enter", "esc", "tab", "shift+tab",
// "up", "down", "backspace", "ctrl+s", or one printable rune.
func Key(name string) tea.KeyPressMsg {
	var mod tea.KeyMod
	if rest, ok := strings.CutPrefix(name, "ctrl+"); ok {
		mod, name = tea.ModCtrl, rest
	}
	if rest, ok := strings.CutPrefix(name, "shift+"); ok {
		mod, name = mod|tea.ModShift, rest
	}
	codes := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "up": tea.KeyUp,
		"down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight, "backspace": tea.KeyBackspace, "space": tea.KeySpace}
	if c, ok := codes[name]; ok {
		return tea.KeyPressMsg{Code: c, Mod: mod}
	}
	r := []rune(name)[0]
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: name}
}

// Type turns text into key presses.
func Type(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// Updater is a screen or the root, reduced to what driving needs.
type Updater interface{ Update(tea.Msg) tea.Cmd }

// Drive sends msgs, runs every command they return (concurrently, up to a
// short wait so that timers are dropped), and feeds the results back until
// nothing is left. It returns every message that was delivered.
func Drive(t testing.TB, u Updater, msgs ...tea.Msg) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	queue := append([]tea.Msg(nil), msgs...)
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 500 {
			t.Fatal("tuitest: the model keeps producing messages")
		}
		msg := queue[0]
		queue = queue[1:]
		seen = append(seen, msg)
		queue = append(queue, Run(u.Update(msg))...)
	}
	return seen
}

// Run executes a command and returns the messages it produced, flattening
// batches; a command still running after 80 ms (a timer) is dropped.
func Run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(80 * time.Millisecond):
		return nil
	}
	if msg == nil {
		return nil
	}
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, Run(c)...)
		}
		return out
	}
	if reflect.TypeOf(msg).String() == "tea.sequenceMsg" {
		return nil
	}
	return []tea.Msg{msg}
}

// Screen is what Golden renders.
type Screen interface{ View() string }

// Golden compares the ANSI-free view with testdata/NAME.golden (-update renews).
func Golden(t *testing.T, view string) {
	t.Helper()
	golden.RequireEqual(t, []byte(Plain(view)))
}

// Plain strips ANSI and trailing spaces per line.
func Plain(s string) string {
	lines := strings.Split(ansi.Strip(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
