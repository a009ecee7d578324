package admin

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
)

// Directory is the tenant's user list (the Management API's user search).
type Directory interface {
	SearchUsers(ctx context.Context, q logto.UserQuery) (*logto.UserPage, error)
}

type pageMsg struct {
	query string
	page  *logto.UserPage
	err   error
}

// search asks for one page; a newer search makes this one's answer stale.
func (m *Model) search(query string, page int) tea.Cmd {
	dir, q := m.dir(), logto.UserQuery{Search: query, Page: page, PageSize: m.pageSize()}
	return m.Req.Do("search", func(ctx context.Context) tea.Msg {
		p, err := dir.SearchUsers(ctx, q)
		return pageMsg{query: query, page: p, err: err}
	})
}
