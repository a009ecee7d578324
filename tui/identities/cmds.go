package identities

import (
	"context"
	"net/url"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
)

type connectorsMsg struct {
	list []logto.Connector
	err  error
}

type startedMsg struct {
	url     string
	recv    Receiver
	state   string
	redir   string
	err     error
	connID  string
	display string
}

// Dispose implements common.Disposer: a listener nobody waits on is closed.
func (s startedMsg) Dispose() {
	if s.recv != nil {
		s.recv.Close()
	}
}

type callbackMsg struct {
	params url.Values
	err    error
}

type linkedMsg struct {
	name string
	err  error
}

type unlinkedMsg struct {
	user *logto.User
	name string
	err  error
}

// The screen's actions, handed back once the user proved who they are.
type (
	linkMsg   struct{ connID, display string }
	unlinkMsg struct{ target, name string }
)

func (m *Model) loadConnectors() tea.Cmd {
	be := m.be()
	return m.Req.Do("connectors", func(ctx context.Context) tea.Msg {
		list, err := be.Connectors(ctx)
		return connectorsMsg{list: list, err: err}
	})
}

func (m *Model) unlink(a unlinkMsg) tea.Cmd {
	if m.Req.Pending("unlink") {
		return nil
	}
	be := m.be()
	return m.Req.Do("unlink", func(ctx context.Context) tea.Msg {
		u, err := be.UnlinkIdentity(ctx, a.target)
		return unlinkedMsg{user: u, name: a.name, err: err}
	})
}

// start opens the receiver (or prepares paste mode) and asks Logto for the
// provider's URL.
func (m *Model) start(a linkMsg) tea.Cmd {
	if m.link != nil || m.Req.Pending("start") {
		return nil
	}
	be, listen, pasteRedirect := m.be(), m.deps.Listen, m.deps.PasteRedirect
	return m.Req.Do("start", func(ctx context.Context) tea.Msg {
		out := startedMsg{connID: a.connID, display: a.display}
		if listen != nil {
			recv, err := listen()
			if err != nil {
				out.err = err
				return out
			}
			out.recv, out.state, out.redir = recv, recv.State(), recv.RedirectURI()
		} else {
			out.state, out.redir = auth.NewState(), pasteRedirect
		}
		out.url, out.err = be.AuthorizationURI(ctx, a.connID, out.state, out.redir)
		if out.err != nil && out.recv != nil {
			out.recv.Close()
		}
		return out
	})
}

func (m *Model) started(msg startedMsg) tea.Cmd {
	if msg.err != nil {
		m.err = m.C.Words(msg.err)
		return nil
	}
	timeout := m.deps.Timeout
	if timeout == 0 {
		timeout = auth.DefaultCallbackTimeout
	}
	m.link = &linking{connID: msg.connID, display: msg.display, url: msg.url, state: msg.state, redirect: msg.redir,
		recv: msg.recv, deadline: m.C.Now().Add(timeout)}
	if msg.recv == nil {
		m.paste.Input.SetValue("")
		return m.paste.Input.Focus()
	}
	recv := msg.recv
	return m.Req.Wait("callback", func(ctx context.Context) tea.Msg {
		params, err := recv.Wait(ctx, timeout)
		return callbackMsg{params: params, err: err}
	})
}

func (m *Model) pasted() tea.Cmd {
	params, err := auth.ParseRedirect(m.paste.Value(), m.link.redirect, m.link.state)
	if err != nil {
		m.err = m.C.Words(err)
		return nil
	}
	m.err = ""
	return m.finish(params)
}

// finish posts the provider's answer (state already checked) to Logto.
func (m *Model) finish(params url.Values) tea.Cmd {
	if m.Req.Pending("link") {
		return nil
	}
	data := map[string]string{"redirectUri": m.link.redirect}
	for k, v := range params {
		if len(v) > 0 {
			data[k] = v[0]
		}
	}
	be, connID, n := m.be(), m.link.connID, m.link.display
	return m.Req.Do("link", func(ctx context.Context) tea.Msg {
		_, err := be.LinkIdentity(ctx, connID, data)
		return linkedMsg{name: n, err: err}
	})
}
