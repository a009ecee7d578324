package identities

import (
	"context"
	"net/url"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

type connectorsMsg struct {
	list []logto.Connector
	err  error
}

type startedMsg struct {
	seq     int
	url     string
	recv    Receiver
	state   string
	redir   string
	err     error
	connID  string
	display string
}

type callbackMsg struct {
	seq    int
	params url.Values
	err    error
}

type linkedMsg struct {
	seq  int
	name string
	err  error
}

type unlinkedMsg struct {
	seq  int
	user *logto.User
	name string
	err  error
}

func (m *Model) loadConnectors() tea.Cmd {
	be := m.be()
	return func() tea.Msg {
		list, err := be.Connectors(context.Background())
		return connectorsMsg{list: list, err: err}
	}
}

func (m *Model) unlink() tea.Cmd {
	r := m.rows[m.cur]
	m.seq++
	m.busy = true
	seq, be, target, n := m.seq, m.be(), r.target, name(r)
	return func() tea.Msg {
		u, err := be.UnlinkIdentity(context.Background(), target)
		return unlinkedMsg{seq: seq, user: u, name: n, err: err}
	}
}

// start opens the receiver (or prepares paste mode) and asks Logto for the
// provider's URL.
func (m *Model) start(r row) tea.Cmd {
	m.seq++
	m.busy = true
	seq, be, listen, pasteRedirect, connID, display := m.seq, m.be(), m.deps.Listen, m.deps.PasteRedirect, r.connector.ID, name(r)
	return func() tea.Msg {
		out := startedMsg{seq: seq, connID: connID, display: display}
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
		out.url, out.err = be.AuthorizationURI(context.Background(), connID, out.state, out.redir)
		if out.err != nil && out.recv != nil {
			out.recv.Close()
		}
		return out
	}
}

func (m *Model) started(msg startedMsg) tea.Cmd {
	if msg.seq != m.seq {
		if msg.recv != nil {
			msg.recv.Close()
		}
		return nil
	}
	m.busy = false
	if msg.err != nil {
		m.err = linkWords(msg.err)
		return nil
	}
	timeout := m.deps.Timeout
	if timeout == 0 {
		timeout = auth.DefaultCallbackTimeout
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.link = &linking{connID: msg.connID, display: msg.display, url: msg.url, state: msg.state, redirect: msg.redir,
		recv: msg.recv, cancel: cancel, deadline: m.c.Now().Add(timeout)}
	if msg.recv == nil {
		m.paste.Input.SetValue("")
		return m.paste.Input.Focus()
	}
	seq, recv := m.seq, msg.recv
	return func() tea.Msg {
		params, err := recv.Wait(ctx, timeout)
		return callbackMsg{seq: seq, params: params, err: err}
	}
}

func (m *Model) pasted() tea.Cmd {
	params, err := auth.ParseRedirect(m.paste.Value(), m.link.redirect, m.link.state)
	if err != nil {
		m.err = linkWords(err)
		return nil
	}
	m.err = ""
	return m.finish(params)
}

// finish posts the provider's answer (state already checked) to Logto.
func (m *Model) finish(params url.Values) tea.Cmd {
	data := map[string]string{"redirectUri": m.link.redirect}
	for k, v := range params {
		if len(v) > 0 {
			data[k] = v[0]
		}
	}
	m.seq++
	m.busy = true
	seq, be, connID, n := m.seq, m.be(), m.link.connID, m.link.display
	return func() tea.Msg {
		_, err := be.LinkIdentity(context.Background(), connID, data)
		return linkedMsg{seq: seq, name: n, err: err}
	}
}

// linkWords adds the linking sentences to the shared table.
func linkWords(err error) string {
	switch logto.CodeOf(err) {
	case "user.identity_already_in_use":
		return "That account at the provider is already linked to another user of this tenant."
	case "connector.not_implemented":
		return "This connector cannot be linked from here; use the tenant's account page in a browser."
	case "connector.invalid_response", "connector.social_auth_code_invalid", "connector.social_invalid_access_token":
		return "The provider's answer could not be used (the code may have expired). Try linking again."
	case "session.invalid_connector_id":
		return "That connector is not a social connector any more. Reload with R."
	}
	var pe *auth.ProviderError
	if ok := asProvider(err, &pe); ok {
		return pe.Error() + ". Nothing was linked."
	}
	switch err {
	case auth.ErrStateMismatch, auth.ErrCallbackTimeout, auth.ErrNotTheCallback:
		return err.Error()
	}
	return common.Words(err)
}

func asProvider(err error, pe **auth.ProviderError) bool {
	p, ok := err.(*auth.ProviderError)
	if ok {
		*pe = p
	}
	return ok
}
