package admin

import (
	"strings"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/phone"
	"github.com/logto-account/logto-account/tui/common"
)

// column is one column of the user table.
type column struct {
	title string
	width int // in cells
	value func(u *logto.User) string
	email bool // the column that gives way
}

// columns fit the table to the width: the name, whether the user is
// suspended and the id always (the state sits next to the name, so no width
// cuts it), then the email, the username and the phone as room allows. The
// email gives way so that a row, with "› " before it, fits. Widths are in
// cells, each at least its heading in the language; the state column is
// there only when a user on the page is suspended (at 60 columns an empty
// one took the room the email needed).
func (m *Model) columns(w int, users []logto.User) []column {
	t := m.C.T
	you := m.You
	name := column{title: t("admin.col_name"), width: 20, value: func(u *logto.User) string { return logto.Str(u.Name) }}
	if you != "" {
		name.value = func(u *logto.User) string {
			if u.ID == you {
				return m.C.T("admin.you", "Name", logto.Str(u.Name))
			}
			return logto.Str(u.Name)
		}
	}
	user := column{title: t("admin.col_username"), width: 14, value: func(u *logto.User) string { return logto.Str(u.Username) }}
	email := column{title: t("admin.col_email"), width: 26, value: func(u *logto.User) string { return logto.Str(u.PrimaryEmail) }, email: true}
	tel := column{title: t("admin.col_phone"), width: 16, value: func(u *logto.User) string { return phone.Format(logto.Str(u.PrimaryPhone)) }}
	id := column{title: t("admin.col_id"), width: 12, value: func(u *logto.User) string { return u.ID }}
	suspended := t("admin.state_suspended")
	state := column{title: t("admin.col_state"), width: common.Width(suspended), value: func(u *logto.User) string {
		if u.IsSuspended {
			return suspended
		}
		return ""
	}}
	anySuspended := false
	for i := range users {
		anySuspended = anySuspended || users[i].IsSuspended
	}
	var cols []column
	switch {
	case w >= 130:
		name.width, email.width = 24, 32
		cols = []column{name, state, user, email, tel, id}
	case w >= 115:
		cols = []column{name, state, user, email, tel, id}
	case w >= 98:
		cols = []column{name, state, user, email, id}
	default:
		name.width = 18
		cols = []column{name, state, email, id}
	}
	if !anySuspended {
		cols = append(cols[:1], cols[2:]...)
	}
	used := 2 + len(cols) - 1
	for i := range cols {
		cols[i].width = max(cols[i].width, common.Width(cols[i].title))
		used += cols[i].width
	}
	for i := range cols {
		if cols[i].email {
			cols[i].width = max(8, cols[i].width-max(0, used-w), common.Width(cols[i].title))
		}
	}
	// A name wider than its column (with " (you)" in the language) takes
	// room from the email, which keeps 12 cells, or from what is left.
	widest := 0
	for i := range users {
		widest = max(widest, common.Width(common.Clean(cols[0].value(&users[i]))))
	}
	if grow := min(widest, 32) - cols[0].width; grow > 0 {
		total := 2 + len(cols) - 1
		for _, c := range cols {
			total += c.width
		}
		spare := max(0, w-total)
		for i := range cols {
			if cols[i].email {
				spare += max(0, cols[i].width-12)
			}
		}
		grow = min(grow, spare)
		cols[0].width += grow
		if left := grow - max(0, w-total); left > 0 {
			for i := range cols {
				if cols[i].email {
					cols[i].width -= left
				}
			}
		}
	}
	return cols
}

// cell cuts s to width display cells and pads it.
func cell(s string, width int) string { return common.Pad(common.Clean(s), width) }

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	var b strings.Builder
	// The tab above says "Choose a user": no second heading.
	wrap := max(10, m.w)
	b.WriteString(s.Muted.Render(common.Wrap(m.C.T("admin.intro"), wrap)) + "\n")
	if m.note != "" {
		b.WriteString(s.Warning.Render(common.Wrap(common.Clean(m.note), wrap)) + "\n")
	}
	b.WriteString("\n" + s.Label.Render(m.C.T("admin.search_label")+" ") + m.searchLine() + "\n")
	b.WriteString(m.summary() + "\n\n")
	if m.page != nil && len(m.page.Users) > 0 {
		cols := m.columns(m.w, m.page.Users)
		var head strings.Builder
		for _, c := range cols {
			head.WriteString(cell(c.title, c.width) + " ")
		}
		b.WriteString(s.Label.Render("  "+strings.TrimRight(head.String(), " ")) + "\n")
		for i := range m.page.Users {
			u := &m.page.Users[i]
			var row strings.Builder
			for _, c := range cols {
				row.WriteString(cell(c.value(u), c.width) + " ")
			}
			line := strings.TrimRight(row.String(), " ")
			if i == m.cur {
				b.WriteString(s.Focused.Render("› "+line) + "\n")
			} else {
				b.WriteString("  " + line + "\n")
			}
		}
	}
	if m.err != "" {
		b.WriteString("\n" + s.Error.Render(common.Wrap(m.err, wrap)) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func (m *Model) searchLine() string {
	s := m.C.Styles
	if m.editing {
		return m.input.View() + s.Muted.Render("  "+m.C.T("admin.hint_typing"))
	}
	if m.query == "" {
		return s.Muted.Render(m.C.T("admin.hint_all"))
	}
	return s.Value.Render(m.C.T("admin.quoted", "Query", common.Clean(m.query))) + s.Muted.Render("  "+m.C.T("admin.hint_change"))
}

// summary says which users are on screen: "Users 21–40 of 57 · page 2 of 3".
func (m *Model) summary() string {
	s := m.C.Styles
	switch {
	case m.page == nil && m.Busy():
		return s.Muted.Render(m.C.T("admin.searching"))
	case m.page == nil:
		return ""
	case len(m.page.Users) == 0 && m.query != "" && m.editing: // "/" would be typed into the search
		return s.Muted.Render(common.Wrap(m.C.T("admin.no_match_typing", "Query", common.Clean(m.query)), max(10, m.w)))
	case len(m.page.Users) == 0 && m.query != "":
		return s.Muted.Render(common.Wrap(m.C.T("admin.no_match", "Query", common.Clean(m.query)), max(10, m.w)))
	case len(m.page.Users) == 0 && m.page.Page > 1:
		return s.Muted.Render(common.Wrap(m.C.T("admin.shrank"), max(10, m.w)))
	case len(m.page.Users) == 0:
		return s.Muted.Render(m.C.T("admin.no_users"))
	}
	first := (m.page.Page-1)*m.page.PageSize + 1
	last := first + len(m.page.Users) - 1
	text := m.C.T("admin.range", "First", first, "Last", last)
	switch {
	case m.page.Total >= 0 && m.page.TotalCapped:
		text = m.C.T("admin.range_capped", "First", first, "Last", last, "Total", m.page.Total)
	case m.page.Total >= 0:
		pages := (m.page.Total + m.page.PageSize - 1) / m.page.PageSize
		text = m.C.T("admin.range_pages", "First", first, "Last", last, "Total", m.page.Total, "Page", m.page.Page, "Pages", pages)
	}
	var keys []string
	if m.page.Page > 1 {
		keys = append(keys, m.C.T("admin.page_prev"))
	}
	if m.page.HasNext() {
		keys = append(keys, m.C.T("admin.page_next"))
	}
	if len(keys) > 0 {
		more := "  " + strings.Join(keys, " · ")
		if common.Width(text+more) > m.w { // the keys go under the range rather than past the edge
			more = "\n" + strings.Join(keys, " · ")
		}
		text += s.Muted.Render(more)
	}
	return text
}
