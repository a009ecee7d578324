// Package tuitest drives screen models in tests: keys by name, commands run
// and their messages fed back, timers held by a test clock, views without
// ANSI.
package tuitest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/logto-account/logto-account/tui/common"
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

// Deadline bounds how long Drive waits for one command: a request to the
// emulator on loopback takes milliseconds, so reaching it means a command
// blocks (a bug, or a wait the test should have started itself).
const Deadline = 60 * time.Second

// Drive sends msgs, runs every command they return one at a time, in order,
// and feeds the results back until nothing is left. Timers do not run (the
// screens' timers go through the test Clock, which keeps them), and a
// request that waits on a person (common.Requests.Wait) is left waiting:
// the screen's Common tells the driver when one starts. It returns every
// message that was delivered.
func Drive(t testing.TB, u Updater, msgs ...tea.Msg) []tea.Msg {
	t.Helper()
	return drive(t, u, true, msgs)
}

// DriveAll is Drive for a test that plays the person at once (its fake
// flow approves, its browser comes back): it waits for every command,
// requests that wait on a person included.
func DriveAll(t testing.TB, u Updater, msgs ...tea.Msg) []tea.Msg {
	t.Helper()
	return drive(t, u, false, msgs)
}

func drive(t testing.TB, u Updater, park bool, msgs []tea.Msg) []tea.Msg {
	t.Helper()
	if s, ok := u.(common.Screen); ok {
		u = HostOf(s) // a screen alone: its host plays the root
	}
	d := &driver{waits: make(chan struct{}, 16)}
	if cu, ok := u.(interface{ Common() *common.Common }); ok && park {
		c := cu.Common()
		prev := c.WaitObserver
		c.WaitObserver = func(common.ScreenID) {
			select {
			case d.waits <- struct{}{}:
			default:
			}
		}
		defer func() { c.WaitObserver = prev }()
	}
	var seen []tea.Msg
	queue := append([]tea.Msg(nil), msgs...)
	var cmds []tea.Cmd
	for steps := 0; len(queue) > 0 || len(cmds) > 0; steps++ {
		if steps > 5000 {
			t.Fatal("tuitest: the model keeps producing messages")
		}
		if len(queue) > 0 {
			msg := queue[0]
			queue = queue[1:]
			seen = append(seen, msg)
			if cmd := u.Update(msg); cmd != nil {
				cmds = append(cmds, cmd)
			}
			continue
		}
		cmd := cmds[0]
		cmds = cmds[1:]
		out, err := d.run(cmd)
		if err != nil {
			t.Fatalf("tuitest: %v", err)
		}
		more, sub := expand(out)
		queue = append(queue, more...)
		cmds = append(sub, cmds...)
	}
	return seen
}

type driver struct{ waits chan struct{} }

// run executes cmd; a command that starts waiting on a person is parked
// (nil, nil).
func (d *driver) run(cmd tea.Cmd) (tea.Msg, error) {
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	deadline := time.NewTimer(Deadline)
	defer deadline.Stop()
	select {
	case msg := <-done:
		return msg, nil
	case <-d.waits:
		return nil, nil
	case <-deadline.C:
		return nil, fmt.Errorf("a command still runs after %s and does not wait on a person", Deadline)
	}
}

// expand turns a command's result into messages, and batches and
// sequences into the commands to run next (in order).
func expand(msg tea.Msg) ([]tea.Msg, []tea.Cmd) {
	switch m := msg.(type) {
	case nil:
		return nil, nil
	case tea.BatchMsg:
		return nil, nonNil(m)
	}
	if v := reflect.ValueOf(msg); v.Type().String() == "tea.sequenceMsg" {
		var cmds []tea.Cmd
		for i := range v.Len() {
			if c, ok := v.Index(i).Interface().(tea.Cmd); ok && c != nil {
				cmds = append(cmds, c)
			}
		}
		return nil, cmds
	}
	return []tea.Msg{msg}, nil
}

func nonNil(cmds []tea.Cmd) []tea.Cmd {
	var out []tea.Cmd
	for _, c := range cmds {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}

// Run executes a command (a batch's commands one after another) and
// returns the messages it produced. It waits for every command, including
// one that waits on a person: use it where the test plays that person.
func Run(cmd tea.Cmd) []tea.Msg {
	var out []tea.Msg
	cmds := nonNil([]tea.Cmd{cmd})
	for len(cmds) > 0 {
		c := cmds[0]
		cmds = cmds[1:]
		more, sub := expand(c())
		out = append(out, more...)
		cmds = append(sub, cmds...)
	}
	return out
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
