package tuitest

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/proof"
)

// Host plays the root's part for one screen in a screen test: it delivers
// the screen's replies to it (dropping stale ones, as the root does) and
// owns the proof prompt the screen asks for.
type Host struct {
	S     common.Screen
	C     *common.Common
	Proof *proof.Model
	// Backend proves the user; tests that answer a prompt set it.
	Backend proof.Backend
	// Asked counts the proofs the screen asked for.
	Asked int
}

var hosts sync.Map // common.Screen → *Host: one host per screen under test

// HostOf is the host of screen s (made on first use).
func HostOf(s common.Screen) *Host {
	if h, ok := hosts.Load(s); ok {
		return h.(*Host)
	}
	c := s.(interface{ Common() *common.Common }).Common()
	h := &Host{S: s, C: c}
	h.Proof = proof.New(c, func() proof.Backend { return h.Backend })
	actual, _ := hosts.LoadOrStore(s, h)
	return actual.(*Host)
}

// Common is the screen's Common (Drive reads it).
func (h *Host) Common() *common.Common { return h.C }

// View is the screen's view with the prompt under it, as the root draws it.
func (h *Host) View() string {
	v := h.S.View()
	if p := h.Proof.View(78); p != "" {
		v += "\n\n" + p
	}
	return v
}

// Update routes msg as the root does.
func (h *Host) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case common.ReplyMsg:
		if m.Gen != h.C.Gen {
			return nil
		}
		if m.Owner == common.ProofID {
			if !h.Proof.Requests().Accept(m) {
				return nil
			}
			hb, cmd := h.Proof.Update(m.Msg)
			return tea.Batch(cmd, h.handBack(hb))
		}
		if m.Owner != h.S.ID() || !h.S.Requests().Accept(m) {
			return nil
		}
		return h.S.Update(m.Msg)
	case common.NeedProofMsg:
		h.Asked++
		if !m.Always && !m.Refused && h.C.Proof.Fresh() {
			return h.S.Update(m.Then)
		}
		if proof.Unprovable(h.C.Subject) != "" {
			return nil
		}
		return h.Proof.Ask(m)
	case tea.KeyPressMsg:
		if h.Proof.Active() {
			hb, cmd := h.Proof.Update(m)
			return tea.Batch(cmd, h.handBack(hb))
		}
	}
	return h.S.Update(msg)
}

func (h *Host) handBack(hb *proof.Handback) tea.Cmd {
	if hb == nil {
		return nil
	}
	return h.S.Update(hb.Then)
}
