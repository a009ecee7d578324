package sshserver

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// The attacks in this file come from a client that never signs in: they
// reach the sign-in screen only, which is all anyone can reach.

// TestHostileInputLeavesTheServerUp types sequences that panic the
// terminal reader (a goroutine outside any recover: before, the first of
// them ended the process and every session in it), while another client
// waits for its sign-in.
func TestHostileInputLeavesTheServerUp(t *testing.T) {
	h := start(t, nil, "")
	bystander, err := dialLight("127.0.0.61", h.addr, 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	defer bystander.client.Close()
	bystander.wait(t, "Enter this code")
	attacker, err := dialLight("127.0.0.62", h.addr, 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	defer attacker.client.Close()
	attacker.wait(t, "Enter this code")
	for _, c := range crashers {
		// ST after each: a DCS goes on as a string until it ends.
		if _, err := attacker.in.Write([]byte(c + "\x1b\\")); err != nil {
			t.Fatal(err)
		}
	}
	// The attacker's own session still answers: a typed size report is
	// drawn (and clamped) after everything before it was read.
	_, _ = attacker.in.Write([]byte("\x1b[8;24;999t"))
	attacker.wait(t, "Your window is 999×24")
	if st := h.srv.Stats(); st.Waiting != 2 {
		t.Errorf("waiting sessions: %d; want 2", st.Waiting)
	}
	_, _ = bystander.in.Write([]byte("\x1b[8;24;998t"))
	bystander.wait(t, "Your window is 998×24")
}

// badView adds a sequence with 40 parameters to the screen, as a string a
// screen forgot to clean would.
type badView struct{ tea.Model }

func (b badView) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := b.Model.Update(msg)
	return badView{m}, cmd
}

func (b badView) View() tea.View {
	v := b.Model.View()
	v.Content += "\x1b[" + strings.Repeat(";", 40) + "1m"
	return v
}

// TestAHostileStringOnScreenLeavesTheServerUp: the renderer parses each
// screen with the same parser, also outside any recover (before, the
// first frame ended the process).
func TestAHostileStringOnScreenLeavesTheServerUp(t *testing.T) {
	h := start(t, func(c *Config) { c.wrap = func(m tea.Model) tea.Model { return badView{m} } }, "")
	lc, err := dialLight("127.0.0.63", h.addr, 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	defer lc.client.Close()
	lc.wait(t, "Enter this code")
	_, _ = lc.in.Write([]byte("\x1b[8;24;997t"))
	lc.wait(t, "Your window is 997×24")
}

// TestUnendedPastesAndStringsHoldNoMemory sends the start of a bracketed
// paste and of an OSC string, then megabytes that never end
// them. The terminal reader keeps an unfinished sequence whole (and scans
// it again at each read): before, the server's heap grew by all of it, as
// long as the client went on.
func TestUnendedPastesAndStringsHoldNoMemory(t *testing.T) {
	h := start(t, nil, "")
	const total = 8 << 20
	for i, c := range []struct{ name, start string }{{"paste", "\x1b[200~"}, {"OSC", "\x1b]52;c;"}} {
		t.Run(c.name, func(t *testing.T) {
			lc, err := dialLight(sourceIP(200+i), h.addr, 80, 24)
			if err != nil {
				t.Fatal(err)
			}
			defer lc.client.Close()
			lc.wait(t, "Enter this code")
			heap0 := heapInUse()
			wrote := make(chan error, 1)
			go func() {
				if _, err := lc.in.Write([]byte(c.start)); err != nil {
					wrote <- err
					return
				}
				chunk := []byte(strings.Repeat("A", 64<<10))
				for range total / len(chunk) {
					if _, err := lc.in.Write(chunk); err != nil {
						wrote <- err
						return
					}
				}
				wrote <- nil
			}()
			select {
			case err := <-wrote:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(60 * time.Second):
				t.Fatal("the server stopped reading the session's input")
			}
			// The write returned: the server has read all but the channel's
			// window (2 MiB), which its SSH library holds until read.
			grew := int64(heapInUse()) - int64(heap0)
			t.Logf("heap growth after %d MiB: %.1f MiB", total>>20, float64(grew)/(1<<20))
			if grew > 4<<20 {
				t.Errorf("the server kept %.1f MiB of an unfinished %s; want under 4", float64(grew)/(1<<20), c.name)
			}
			if c.name == "paste" { // the user is told, once the paste ends
				_, _ = lc.in.Write([]byte(pasteEnd))
				lc.wait(t, fmt.Sprintf("longer than %d KiB", maxPaste>>10))
			}
		})
	}
}
