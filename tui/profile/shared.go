package profile

import (
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
)

// What the screen does, for the command line to do the same with the same
// checks and the same request.

// Field is one of the screen's fields: its key (username, givenName,
// address.locality, …) and its label in a language.
type Field struct{ Key, Label string }

// Fields are the screen's editable fields in its order, labelled in l's
// language (nil: English).
func Fields(l *i18n.Localizer) []Field {
	out := make([]Field, 0, len(fieldIDs))
	for _, fd := range fieldIDs {
		out = append(out, Field{fd.key, l.T(fd.label)})
	}
	return out
}

// CheckField checks a value as the screen does before saving: "" when it
// may be sent, else what is wrong in l's language. An empty value clears
// the field.
func CheckField(l *i18n.Localizer, key, value string, sie *logto.SignInExperience) string {
	if value == "" {
		return ""
	}
	return checkField(l, key, value, sie)
}

// Values are the user's field values by key ("" for unset).
func Values(u *logto.User) map[string]string { return userValues(u) }

// Patch is the request that gives u the changed values (key → value, ""
// clears): username, name and avatar as fields, the profile as a whole
// object (it replaces: a cleared field is removed).
func Patch(u *logto.User, changed map[string]string) logto.UserPatch {
	var p logto.UserPatch
	for key, dst := range map[string]*logto.Nullable[string]{"username": &p.Username, "name": &p.Name, "avatar": &p.Avatar} {
		if v, ok := changed[key]; ok {
			*dst = logto.Value(v)
		}
	}
	prof := u.Profile
	if prof.Address != nil {
		addr := *prof.Address
		prof.Address = &addr
	}
	profileChanged := false
	for k, ptr := range profilePtrs(&prof) {
		v, ok := changed[k]
		if !ok {
			continue // kept as stored
		}
		profileChanged = true
		if v != "" {
			*ptr = &v
		} else {
			*ptr = nil
		}
	}
	if a := prof.Address; a != nil && *a == (logto.Address{}) {
		prof.Address = nil
	}
	if profileChanged {
		p.Profile = logto.Value(prof)
	}
	return p
}

// JSONError points at the line and column of a JSON syntax error in raw,
// in the screen's words (l's language).
func JSONError(l *i18n.Localizer, raw string, err error) string { return jsonError(l, raw, err) }
