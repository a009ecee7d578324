package admin

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/phone"
	"github.com/logto-account/logto-account/tui/common"
)

// column is one column of the user table.
type column struct {
	title string
	width int
	value func(u *logto.User) string
}

// columns fit the table to the width: the name, whether the user is
// suspended and the id always (the state sits next to the name, so no width
// cuts it), then the email, the username and the phone as room allows. The
// email gives way so that a row, with "› " before it, fits.
func columns(w int, you string) []column {
	name := column{"Name", 20, func(u *logto.User) string { return logto.Str(u.Name) }}
	if you != "" {
		name.value = func(u *logto.User) string {
			if u.ID == you {
				return logto.Str(u.Name) + " (you)"
			}
			return logto.Str(u.Name)
		}
	}
	user := column{"Username", 14, func(u *logto.User) string { return logto.Str(u.Username) }}
	email := column{"Email", 26, func(u *logto.User) string { return logto.Str(u.PrimaryEmail) }}
	tel := column{"Phone", 16, func(u *logto.User) string { return phone.Format(logto.Str(u.PrimaryPhone)) }}
	id := column{"Id", 12, func(u *logto.User) string { return u.ID }}
	state := column{"State", 9, func(u *logto.User) string {
		if u.IsSuspended {
			return "suspended"
		}
		return ""
	}}
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
	used := 2 + len(cols) - 1
	for _, c := range cols {
		used += c.width
	}
	for i := range cols {
		if cols[i].title == "Email" {
			cols[i].width = max(8, cols[i].width-max(0, used-w))
		}
	}
	return cols
}

// cell cuts s to width display cells and pads it.
func cell(s string, width int) string {
	s = ansi.Truncate(common.Clean(s), width, "…")
	return s + strings.Repeat(" ", max(0, width-lipgloss.Width(s)))
}

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	var b strings.Builder
	// The tab above says "Choose a user": no second heading.
	wrap := max(10, m.w)
	b.WriteString(s.Muted.Render(common.Wrap("Every screen then acts on the user you pick; the danger zone adds suspend.", wrap)) + "\n")
	if m.note != "" {
		b.WriteString(s.Warning.Render(common.Wrap(common.Clean(m.note), wrap)) + "\n")
	}
	b.WriteString("\n" + s.Label.Render("Search ") + m.searchLine() + "\n")
	b.WriteString(m.summary() + "\n\n")
	if m.page != nil && len(m.page.Users) > 0 {
		cols := columns(m.w, m.You)
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
		return m.input.View() + s.Muted.Render("  searches as you type")
	}
	if m.query == "" {
		return s.Muted.Render("every user, newest first · / to search")
	}
	return s.Value.Render("“"+common.Clean(m.query)+"”") + s.Muted.Render("  / to change")
}

// summary says which users are on screen: "Users 21–40 of 57 · page 2 of 3".
func (m *Model) summary() string {
	s := m.C.Styles
	switch {
	case m.page == nil && m.Busy():
		return s.Muted.Render("Searching…")
	case m.page == nil:
		return ""
	case len(m.page.Users) == 0 && m.query != "" && m.editing: // "/" would be typed into the search
		return s.Muted.Render("No user matches “" + common.Clean(m.query) + "”. Change the search, or esc.")
	case len(m.page.Users) == 0 && m.query != "":
		return s.Muted.Render("No user matches “" + common.Clean(m.query) + "”. Press / to search again.")
	case len(m.page.Users) == 0 && m.page.Page > 1:
		return s.Muted.Render("No users on this page (the list shrank). Press p to go back.")
	case len(m.page.Users) == 0:
		return s.Muted.Render("This tenant has no users yet.")
	}
	first := (m.page.Page-1)*m.page.PageSize + 1
	last := first + len(m.page.Users) - 1
	text := fmt.Sprintf("Users %d–%d", first, last)
	switch {
	case m.page.Total >= 0 && m.page.TotalCapped:
		text += fmt.Sprintf(" of %d+", m.page.Total)
	case m.page.Total >= 0:
		pages := (m.page.Total + m.page.PageSize - 1) / m.page.PageSize
		text += fmt.Sprintf(" of %d · page %d of %d", m.page.Total, m.page.Page, pages)
	}
	var keys []string
	if m.page.Page > 1 {
		keys = append(keys, "p previous")
	}
	if m.page.HasNext() {
		keys = append(keys, "n next")
	}
	if len(keys) > 0 {
		text += s.Muted.Render("  " + strings.Join(keys, " · "))
	}
	return text
}
