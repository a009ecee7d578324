package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// The user listing and its search (GET /api/users).

func (e *Emulator) listUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, size := 1, 20
	for key, dst := range map[string]*int{"page": &page, "page_size": &size} {
		if v, present := q[key]; present {
			n, err := strconv.Atoi(v[0])
			if err != nil || n < 1 || (key == "page_size" && n > 100) {
				apiError(w, http.StatusBadRequest, "guard.invalid_pagination", nil)
				return
			}
			*dst = n
		}
	}
	like, err := likePattern(q.Get("search"))
	if err != nil { // Logto turns a search it cannot parse into request.invalid_input
		apiError(w, http.StatusBadRequest, "request.invalid_input", nil)
		return
	}
	e.mu.Lock()
	total, users := e.pageOfUsers(like, (page-1)*size, size)
	page0 := make([]userJSON, 0, len(users))
	for _, u := range users {
		if u.unanswerable() { // the whole page fails Logto's response guard
			e.mu.Unlock()
			internalError(w)
			return
		}
	}
	for _, u := range users {
		page0 = append(page0, u.json(false))
	}
	e.mu.Unlock()
	h := w.Header()
	h.Set("Total-Number", strconv.Itoa(total))
	last := max(1, (total+size-1)/size)
	link := func(p int, rel string) {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(p))
		v.Set("page_size", strconv.Itoa(size))
		// Logto's Link URLs drop the /api prefix (docs/logto-behaviour.md#pagination): reproduce that.
		h.Add("Link", fmt.Sprintf("<%s/users?%s>; rel=%q", issuerBase(r), v.Encode(), rel))
	}
	link(1, "first")
	if page > 1 {
		link(page-1, "prev")
	}
	if page < last {
		link(page+1, "next")
	}
	link(last, "last")
	writeJSON(w, http.StatusOK, page0)
}

// pageOfUsers returns how many users match like (nil: all) and the size
// of them after the first skip, newest first. Only the page is rendered;
// the plain listing is read from the creation order by position, so a
// tenant of 100,000 users costs what one of 100 does; a search scans, as
// Logto's ILIKE does without an index. Call with e.mu held.
func (e *Emulator) pageOfUsers(like *regexp.Regexp, skip, size int) (int, []*user) {
	var page []*user
	if like == nil { // e.order holds every user once (deletions leave it)
		total := len(e.order)
		for i := total - 1 - skip; i >= 0 && i > total-1-skip-size; i-- {
			page = append(page, e.users[e.order[i]])
		}
		return total, page
	}
	total := 0
	for i := len(e.order) - 1; i >= 0; i-- {
		u := e.users[e.order[i]]
		if !userMatches(u, like) {
			continue
		}
		if total >= skip && total < skip+size {
			page = append(page, u)
		}
		total++
	}
	return total, page
}

func userMatches(u *user, like *regexp.Regexp) bool {
	for _, s := range []*string{&u.ID, u.Username, u.PrimaryEmail, u.PrimaryPhone, u.Name} {
		if s != nil && like.MatchString(*s) {
			return true
		}
	}
	return false
}

// likePattern is Logto's default search, SQL ILIKE: % any run, _ any one
// character, a backslash takes the next one literally. nil for no search.
// A % at either end leaves that end unanchored rather than matching `.*`
// there: the same matches, without the regexp engine trying every length
// of the run for each of a large tenant's users.
func likePattern(pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		return nil, nil
	}
	var parts []string // `.*`, `.` or a quoted literal
	runes := []rune(pattern)
	for i := 0; i < len(runes); i++ {
		switch r := runes[i]; r {
		case '%':
			parts = append(parts, `.*`)
		case '_':
			parts = append(parts, `.`)
		case '\\':
			if i+1 < len(runes) {
				i++
			}
			parts = append(parts, regexp.QuoteMeta(string(runes[i])))
		default:
			parts = append(parts, regexp.QuoteMeta(string(r)))
		}
	}
	head, tail := `^`, `$`
	for len(parts) > 0 && parts[0] == `.*` {
		head, parts = "", parts[1:]
	}
	for len(parts) > 0 && parts[len(parts)-1] == `.*` {
		tail, parts = "", parts[:len(parts)-1]
	}
	return regexp.Compile(`(?is)` + head + strings.Join(parts, "") + tail)
}
