package identities

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// This file is the screen's organisations section: the organisations the
// user belongs to and their roles there, read-only (an administrator
// manages them). docs/logto-behaviour.md#organizations.

// OrganizationsBackend lists the user's organisations (both backends can,
// the Account API only with the organizations scopes).
type OrganizationsBackend interface {
	Organizations(ctx context.Context) ([]logto.Organization, error)
}

type orgsState struct {
	list   []logto.Organization
	err    string
	loaded bool
	asked  bool
}

type orgsMsg struct {
	list []logto.Organization
	err  error
}

// Update implements common.Screen: the organisations' messages here, the
// rest in update (identities.go); showing or reloading the screen reads
// the organisations too.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case orgsMsg:
		m.orgs.loaded = true
		m.orgs.list, m.orgs.err = msg.list, ""
		if msg.err != nil {
			m.orgs.err = m.C.Words(msg.err)
		}
		return nil
	case common.ShownMsg:
		if !m.orgs.asked {
			return tea.Batch(m.loadOrgs(), m.update(msg))
		}
	case common.ReloadMsg:
		return tea.Batch(m.loadOrgs(), m.update(msg))
	}
	return m.update(msg)
}

func (m *Model) loadOrgs() tea.Cmd {
	m.orgs.asked = true
	if l, ok := m.be().(logto.Lacking); ok && l.Lacks(logto.CapOrganizations) {
		m.orgs.loaded, m.orgs.err = true, m.C.Lacking(logto.CapOrganizations)
		return nil
	}
	ob, ok := m.be().(OrganizationsBackend)
	if !ok {
		return nil
	}
	return m.Req.Do("orgs", func(ctx context.Context) tea.Msg {
		list, err := ob.Organizations(ctx)
		return orgsMsg{list: list, err: err}
	})
}

// orgsView is the organisations section.
func (m *Model) orgsView() string {
	s := m.C.Styles
	if !m.orgs.asked {
		return ""
	}
	var b strings.Builder
	b.WriteString(s.Header.Render(m.C.T("identities.orgs_heading")) + s.Muted.Render("  "+m.C.T("identities.orgs_read_only")) + "\n")
	switch {
	case m.orgs.err != "":
		// Folded at spaces, each line keeping the indent (lipgloss's wrap
		// indented only the first).
		b.WriteString(common.Wrap("  "+s.Muted.Render(m.orgs.err), max(10, m.w)) + "\n")
	case !m.orgs.loaded:
		b.WriteString(s.Muted.Render("  "+m.C.T("identities.loading_short")) + "\n")
	case len(m.orgs.list) == 0:
		b.WriteString(s.Muted.Render("  "+m.C.T("identities.none")) + "\n")
	}
	for _, o := range m.orgs.list {
		name := common.Clean(o.Name)
		if name == "" {
			name = common.Clean(o.ID)
		}
		roles := make([]string, 0, len(o.Roles))
		for _, r := range o.Roles {
			roles = append(roles, common.Clean(r.Name))
		}
		line := "  " + name + "  " + s.Muted.Render(m.C.T("identities.no_role"))
		if len(roles) > 0 {
			line = "  " + name + "  " + strings.Join(roles, m.C.T("identities.list_sep"))
		}
		// A second step asked goes beside the roles when it fits, else on
		// lines of its own: it is something to read whole, not a tail to
		// cut (the French or Chinese sentence is longer).
		switch asks := m.C.T("identities.org_asks_mfa"); {
		case !o.IsMFARequired:
			b.WriteString(common.Fit(line, max(10, m.w)) + "\n")
		case common.Width(line)+2+common.Width(asks) <= m.w:
			b.WriteString(line + s.Warning.Render("  "+asks) + "\n")
		default:
			b.WriteString(common.Fit(line, max(10, m.w)) + "\n" + s.Warning.Render(common.Wrap("    "+asks, max(10, m.w))) + "\n")
		}
	}
	return b.String()
}
