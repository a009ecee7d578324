package tokens

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

type listMsg struct {
	gen  int
	list []logto.PersonalAccessToken
	err  error
}

type doneMsg struct {
	seq     int
	created *logto.PersonalAccessToken
	text    string
	err     error
}

func (m *Model) load() tea.Cmd {
	be, gen := m.be(), m.c.Gen
	return func() tea.Msg {
		list, err := be.PersonalAccessTokens(context.Background())
		return listMsg{gen: gen, list: list, err: err}
	}
}

func (m *Model) delete() tea.Cmd {
	name := m.selected().Name
	return m.run(func(ctx context.Context, be Backend) doneMsg {
		return doneMsg{err: be.DeletePersonalAccessToken(ctx, name), text: "Token " + common.Clean(name) + " deleted."}
	})
}

func (m *Model) run(fn func(context.Context, Backend) doneMsg) tea.Cmd {
	m.seq++
	m.busy = true
	seq, be := m.seq, m.be()
	return func() tea.Msg {
		d := fn(context.Background(), be)
		d.seq = seq
		return d
	}
}

func tokenWords(err error) string {
	switch logto.CodeOf(err) {
	case "user.personal_access_token_name_exists":
		return "You already have a token with this name. Choose another."
	case "request.invalid_input":
		return "The expiry must be in the future: type never, a number of days like 30d, or a later date."
	case "entity.not_exists", "entity.not_found":
		return "That token no longer exists. The list is refreshed."
	}
	return common.Words(err)
}
