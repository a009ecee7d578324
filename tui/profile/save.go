package profile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// userValues flattens a user into form values by field key.
func userValues(u *logto.User) map[string]string {
	v := map[string]string{"username": logto.Str(u.Username), "name": logto.Str(u.Name), "avatar": logto.Str(u.Avatar)}
	p := u.Profile
	for k, ptr := range profilePtrs(&p) {
		v[k] = logto.Str(*ptr)
	}
	return v
}

// profilePtrs maps form keys to the profile's fields (address created on demand).
func profilePtrs(p *logto.Profile) map[string]**string {
	if p.Address == nil {
		p.Address = &logto.Address{}
	}
	a := p.Address
	return map[string]**string{"givenName": &p.GivenName, "familyName": &p.FamilyName, "middleName": &p.MiddleName,
		"nickname": &p.Nickname, "preferredUsername": &p.PreferredUsername, "website": &p.Website, "gender": &p.Gender,
		"birthdate": &p.Birthdate, "zoneinfo": &p.Zoneinfo, "locale": &p.Locale,
		"address.formatted": &a.Formatted, "address.streetAddress": &a.StreetAddress, "address.locality": &a.Locality,
		"address.region": &a.Region, "address.postalCode": &a.PostalCode, "address.country": &a.Country}
}

var (
	dateRe   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	localeRe = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// validate checks every changed field; it returns false after marking errors.
func (m *Model) validate() bool {
	ok := true
	for _, f := range m.form.Fields {
		f.Err = ""
		if !f.Changed() || f.Value() == "" {
			continue
		}
		if err := checkField(m.C.Lang, f.Key, f.Value(), m.C.SignInExp); err != "" {
			f.Err, ok = err, false
		}
	}
	return ok
}

func checkField(l *i18n.Localizer, k, v string, sie *logto.SignInExperience) string {
	switch k {
	case "username":
		if err := logto.ValidateUsername(v); err != nil {
			// logto's reasons are English; the same checks, in its order.
			switch {
			case len(v) > maxUsername:
				return l.T("profile.username_too_long", "Max", maxUsername)
			case v[0] >= '0' && v[0] <= '9':
				return l.T("profile.username_digit_first")
			}
			return l.T("profile.username_chars")
		}
		return usernamePolicy(l, v, sie)
	case "name":
		if logto.UTF16Len(v) > 128 {
			return l.T("profile.name_too_long")
		}
	case "avatar", "website":
		if u, err := url.Parse(v); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return l.T("profile.bad_url")
		}
	case "birthdate":
		if _, err := time.Parse("2006-01-02", v); err != nil || !dateRe.MatchString(v) {
			return l.T("profile.bad_birthdate")
		}
	case "zoneinfo":
		if _, err := time.LoadLocation(v); err != nil || v == localZone {
			return l.T("profile.bad_zoneinfo")
		}
	case "locale":
		if !localeRe.MatchString(v) {
			return l.T("profile.bad_locale")
		}
	}
	return ""
}

// maxUsername is Logto's longest username (logto.ValidateUsername).
const maxUsername = 128

// usernamePolicy applies the tenant's username policy (not enforced by the
// Management API).
func usernamePolicy(l *i18n.Localizer, v string, sie *logto.SignInExperience) string {
	if sie == nil {
		return ""
	}
	p := sie.UsernamePolicy
	n := len(v)
	if p.MinLength != nil && n < *p.MinLength {
		return l.N("profile.policy_min", *p.MinLength)
	}
	if p.MaxLength != nil && n > *p.MaxLength {
		return l.N("profile.policy_max", *p.MaxLength)
	}
	allowed := p.AllowedChars
	for _, r := range v {
		switch {
		case r >= 'a' && r <= 'z' && allowed.Lowercase != nil && !*allowed.Lowercase:
			return l.T("profile.policy_lowercase")
		case r >= 'A' && r <= 'Z' && allowed.Uppercase != nil && !*allowed.Uppercase:
			return l.T("profile.policy_uppercase")
		case r >= '0' && r <= '9' && allowed.Numbers != nil && !*allowed.Numbers:
			return l.T("profile.policy_digits")
		case r == '_' && allowed.Underscore != nil && !*allowed.Underscore:
			return l.T("profile.policy_underscores")
		}
	}
	return ""
}

// save validates and sends at most two requests: one PATCH user for the
// fields and profile, one for custom data.
func (m *Model) save() tea.Cmd {
	if m.user == nil || m.Req.Pending("save") {
		return nil
	}
	if !m.validate() {
		return func() tea.Msg {
			return common.StatusMsg{Text: m.C.T("profile.fields_need_attention"), Kind: common.StatusError}
		}
	}
	cd, merge, removed, cdErr := m.parseCustom()
	notJSON := m.C.T("profile.custom_not_json")
	if cdErr != "" {
		m.cdErr = cdErr
		return func() tea.Msg {
			return common.StatusMsg{Text: notJSON, Kind: common.StatusError}
		}
	}
	m.cdErr = ""
	patch := m.patch(cd, merge)
	needPatch := patch.Username.Set || patch.Name.Set || patch.Avatar.Set || patch.Profile.Set || patch.CustomData.Set
	if !needPatch && merge == nil {
		nothing := m.C.T("profile.nothing_to_save")
		return func() tea.Msg { return common.Info(nothing) }
	}
	note := m.C.T("profile.saved")
	if len(removed) > 0 {
		// Logto merges custom data, or replaces it whole: a removed key
		// needs the whole object sent, which the user is told first.
		note = m.C.T("profile.saved_replaced", "Keys", strings.Join(removed, m.C.T("profile.list_sep")))
		m.stopEdit()
		m.ask, m.replace = askReplace, saveMsg{patch: patch, merge: merge, needPatch: needPatch, note: note, custom: m.custom.Value()}
		m.removed = removed
		return nil
	}
	return m.send(saveMsg{patch: patch, merge: merge, needPatch: needPatch, note: note, custom: m.custom.Value()})
}

// send makes the save's requests.
func (m *Model) send(a saveMsg) tea.Cmd {
	if m.user == nil || m.Req.Pending("save") {
		return nil
	}
	be, orig := m.be(), *m.user
	return m.Req.Do("save", func(ctx context.Context) tea.Msg {
		if a.merge != nil {
			merged, err := be.UpdateCustomData(ctx, a.merge)
			if err != nil {
				return savedMsg{err: err, action: a}
			}
			orig.CustomData = merged
		}
		if !a.needPatch {
			return savedMsg{user: &orig, note: a.note, action: a}
		}
		u, err := be.UpdateUser(ctx, a.patch)
		return savedMsg{user: u, err: err, note: a.note, action: a}
	})
}

// patch builds the PATCH body from changed fields (Patch). Only a
// field's edits count, even where the input shows it altered.
func (m *Model) patch(cd map[string]any, merge map[string]any) logto.UserPatch {
	changed := map[string]string{}
	for _, f := range m.form.Fields {
		if f.Changed() {
			changed[f.Key] = f.Value()
		}
	}
	p := Patch(m.user, changed)
	if cd != nil && merge == nil {
		p.CustomData = logto.Value(cd)
	}
	return p
}

// parseCustom reads the custom-data box. When keys were only added or
// changed it returns them to merge; when a key was removed, the whole object
// replaces the old one.
func (m *Model) parseCustom() (full, merge map[string]any, removed []string, errText string) {
	if !m.customDirty() {
		return nil, nil, nil, ""
	}
	raw := strings.TrimSpace(m.custom.Value())
	if raw == "" {
		raw = "{}"
	}
	var v any
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, nil, nil, jsonError(m.C.Lang, raw, err)
	}
	if dec.More() {
		return nil, nil, nil, m.C.T("profile.custom_extra_text")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, nil, nil, m.C.T("profile.custom_not_object")
	}
	for k := range m.origCD {
		if _, still := obj[k]; !still {
			removed = append(removed, k)
		}
	}
	sort.Strings(removed)
	if len(removed) > 0 {
		return obj, nil, removed, ""
	}
	merge = map[string]any{}
	for k, val := range obj {
		old, had := m.origCD[k]
		if !had || !jsonEqual(old, val) {
			merge[k] = val
		}
	}
	if len(merge) == 0 {
		return nil, nil, nil, ""
	}
	return obj, merge, nil, ""
}

// jsonError points at the line and column of a JSON syntax error.
func jsonError(l *i18n.Localizer, raw string, err error) string {
	var se *json.SyntaxError
	off := int64(len(raw))
	if errors.As(err, &se) {
		off = se.Offset
	}
	line, col := 1, 1
	for i, r := range raw {
		if int64(i) >= off-1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if errors.Is(err, errUnexpectedEOF(err)) {
		msg = l.T("profile.json_not_closed")
	}
	return l.T("profile.json_error", "Line", line, "Col", col, "Reason", msg)
}

func errUnexpectedEOF(err error) error {
	if strings.Contains(err.Error(), unexpectedEOF) {
		return err
	}
	return nil
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func prettyJSON(v map[string]any) string {
	if len(v) == 0 {
		return "{}"
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "{}"
	}
	return string(b)
}
