package emulator

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/phone"
)

// user is the stored user row.
type user struct {
	ID            string
	Username      *string
	PrimaryEmail  *string
	PrimaryPhone  *string
	Name          *string
	Avatar        *string
	CustomData    map[string]any
	Identities    map[string]identity
	Profile       map[string]any
	LastSignInAt  *int64
	CreatedAt     int64
	UpdatedAt     int64
	ApplicationID *string
	IsSuspended   bool
	PasswordSalt  []byte
	PasswordHash  []byte
	MFAEnabled    *bool
	MFASkipped    bool
	SkipMFA       bool
	PasskeySkip   bool
	SSO           []ssoIdentity
}

type identity struct {
	UserID  string         `json:"userId"`
	Details map[string]any `json:"details,omitempty"`
}

type ssoIdentity struct {
	TenantID       string         `json:"tenantId"`
	ID             string         `json:"id"`
	UserID         string         `json:"userId"`
	Issuer         string         `json:"issuer"`
	IdentityID     string         `json:"identityId"`
	Detail         map[string]any `json:"detail"`
	CreatedAt      int64          `json:"createdAt"`
	UpdatedAt      int64          `json:"updatedAt"`
	SSOConnectorID string         `json:"ssoConnectorId"`
}

// userJSON is the wire shape of docs/logto-behaviour.md#user-object, in Logto's key order.
type userJSON struct {
	ID            string              `json:"id"`
	Username      *string             `json:"username"`
	PrimaryEmail  *string             `json:"primaryEmail"`
	PrimaryPhone  *string             `json:"primaryPhone"`
	Name          *string             `json:"name"`
	Avatar        *string             `json:"avatar"`
	CustomData    map[string]any      `json:"customData"`
	Identities    map[string]identity `json:"identities"`
	LastSignInAt  *int64              `json:"lastSignInAt"`
	CreatedAt     int64               `json:"createdAt"`
	UpdatedAt     int64               `json:"updatedAt"`
	Profile       map[string]any      `json:"profile"`
	ApplicationID *string             `json:"applicationId"`
	CimdClientID  *string             `json:"cimdClientId"`
	IsSuspended   bool                `json:"isSuspended"`
	HasPassword   bool                `json:"hasPassword"`
	SSOIdentities *[]ssoIdentity      `json:"ssoIdentities,omitempty"`
	// Only with ?includePasswordHash=true (never requested by this app).
	PasswordDigest    *string `json:"passwordDigest,omitempty"`
	PasswordAlgorithm *string `json:"passwordAlgorithm,omitempty"`
}

func (u *user) json(withSSO bool) userJSON {
	j := userJSON{
		ID: u.ID, Username: u.Username, PrimaryEmail: u.PrimaryEmail, PrimaryPhone: u.PrimaryPhone,
		Name: u.Name, Avatar: u.Avatar, CustomData: u.CustomData, Identities: u.Identities,
		LastSignInAt: u.LastSignInAt, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt, Profile: u.Profile,
		ApplicationID: u.ApplicationID, IsSuspended: u.IsSuspended, HasPassword: u.PasswordHash != nil,
	}
	if withSSO {
		sso := append([]ssoIdentity{}, u.SSO...)
		j.SSOIdentities = &sso
	}
	return j
}

// unanswerable reports a user Logto stores but cannot send back: its
// database counts characters, but the response guard (zod's max) counts
// UTF-16 code units, so 70 emoji fit in a varchar(128) name and fail the
// 128 of the response (packages/core/src/middleware/koa-guard.ts answers
// such a response with a 500). Every read of that user — and every list
// that holds it — fails.
func (u *user) unanswerable() bool {
	for _, f := range []struct {
		s   *string
		max int
	}{{u.Username, 128}, {u.PrimaryEmail, 128}, {u.PrimaryPhone, 128}, {u.Name, 128}, {u.Avatar, 2048}} {
		if f.s != nil && logto.UTF16Len(*f.s) > f.max {
			return true
		}
	}
	return false
}

// writeUser answers with a user, or with Logto's 500 when its response
// guard would refuse it (the change a write made is kept all the same).
func writeUser(w http.ResponseWriter, status int, u *user, j any) {
	if u.unanswerable() {
		internalError(w)
		return
	}
	writeJSON(w, status, j)
}

// internalError is Logto's answer to an error that is not a RequestError
// (packages/core/src/middleware/koa-error-handler.ts).
func internalError(w http.ResponseWriter) {
	writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "Internal server error."})
}

func (u *user) setPassword(pw string) {
	u.PasswordSalt = []byte(randomString(16))
	u.PasswordHash = hashPassword(u.PasswordSalt, pw)
}

func (u *user) checkPassword(pw string) bool {
	return u.PasswordHash != nil && subtle.ConstantTimeCompare(hashPassword(u.PasswordSalt, pw), u.PasswordHash) == 1
}

func hashPassword(salt []byte, pw string) []byte {
	h := sha256.Sum256(append(append([]byte{}, salt...), pw...))
	return h[:]
}

var (
	usernameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	emailRe    = regexp.MustCompile(`^\S+@\S+\.\S+$`)
	digitsRe   = regexp.MustCompile(`^\d+$`)
)

// truthy reads Logto's boolean query flags.
func truthy(v string) bool { return v == "true" || v == "1" || v == "yes" }

// userOr404 finds a user or writes 404 entity.not_found. Call with e.mu held.
func (e *Emulator) userOr404(w http.ResponseWriter, id string) *user {
	u := e.users[id]
	if u == nil {
		apiError(w, http.StatusNotFound, "entity.not_found", nil)
	}
	return u
}

func (e *Emulator) getUser(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if u := e.userOr404(w, r.PathValue("id")); u != nil {
		j := u.json(truthy(r.URL.Query().Get("includeSsoIdentities")))
		if truthy(r.URL.Query().Get("includePasswordHash")) {
			// Present and null without a password, as Logto answers.
			var digest, algo string
			if u.PasswordHash != nil {
				digest, algo = "$emulator-sha256$"+b64.EncodeToString(u.PasswordHash), "Argon2i"
			}
			j.PasswordDigest, j.PasswordAlgorithm = &digest, &algo
		}
		writeUser(w, http.StatusOK, u, j)
	}
}

// decodeObject reads a JSON object body; on failure it writes the guard error.
func decodeObject(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, bool) {
	var body map[string]json.RawMessage
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	if err := dec.Decode(&body); err != nil || body == nil {
		guardError(w, "body", []any{}, "invalid_type", "Expected object, received "+jsonKind(nil))
		return nil, false
	}
	return body, true
}

// jsonKind names a raw JSON value's type the way zod does.
func jsonKind(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	switch {
	case s == "":
		return "undefined"
	case s == "null":
		return "null"
	case s[0] == '"':
		return "string"
	case s[0] == '{':
		return "object"
	case s[0] == '[':
		return "array"
	case s == "true" || s == "false":
		return "boolean"
	}
	return "number"
}

func typeError(w http.ResponseWriter, path []any, expected string, raw json.RawMessage) {
	got := jsonKind(raw)
	msg := "Expected " + expected + ", received " + got
	if got == "undefined" {
		msg = "Required"
	}
	guardError(w, "body", path, "invalid_type", msg)
}

// stringField reads an optional string-or-null body field.
// It returns (value, present, isNull, ok); on a wrong type it has written 400.
func stringField(w http.ResponseWriter, body map[string]json.RawMessage, key string, nullable bool) (string, bool, bool, bool) {
	raw, ok := body[key]
	if !ok {
		return "", false, false, true
	}
	if nullable && jsonKind(raw) == "null" {
		return "", true, true, true
	}
	var s string
	if jsonKind(raw) != "string" || json.Unmarshal(raw, &s) != nil {
		typeError(w, []any{key}, "string", raw)
		return "", false, false, false
	}
	return s, true, false, true
}

// userFields are the checked settable fields of POST/PATCH /api/users.
type userFields struct {
	set                                  map[string]bool
	username, email, phone, name, avatar *string // nil with set[key] = cleared
	password                             string
	customData, profile                  map[string]any
}

// parseUserFields validates the user body as Logto's zod guard does.
func parseUserFields(w http.ResponseWriter, body map[string]json.RawMessage, allowPassword bool) (*userFields, bool) {
	f := &userFields{set: map[string]bool{}}
	checks := []struct {
		key string
		dst **string
		re  *regexp.Regexp
		url bool
	}{
		{"username", &f.username, usernameRe, false},
		{"primaryEmail", &f.email, emailRe, false},
		{"primaryPhone", &f.phone, digitsRe, false},
		{"name", &f.name, nil, false},
		{"avatar", &f.avatar, nil, true},
	}
	for _, c := range checks {
		s, present, isNull, ok := stringField(w, body, c.key, true)
		if !ok {
			return nil, false
		}
		if !present {
			continue
		}
		f.set[c.key] = true
		if isNull || s == "" {
			continue // "" is stored as NULL, like null
		}
		if c.re != nil && !c.re.MatchString(s) {
			guardError(w, "body", []any{c.key}, "invalid_string", "Invalid")
			return nil, false
		}
		if c.url {
			if u, err := url.Parse(s); err != nil || u.Scheme == "" || u.Host == "" {
				guardError(w, "body", []any{c.key}, "invalid_string", "Invalid url")
				return nil, false
			}
		}
		v := s
		*c.dst = &v
	}
	if allowPassword {
		s, present, _, ok := stringField(w, body, "password", false)
		if !ok {
			return nil, false
		}
		if present {
			f.set["password"] = true
			f.password = s
		}
	}
	for _, key := range []string{"customData", "profile"} {
		raw, present := body[key]
		if !present {
			continue
		}
		var obj map[string]any
		if jsonKind(raw) != "object" || json.Unmarshal(raw, &obj) != nil {
			typeError(w, []any{key}, "object", raw)
			return nil, false
		}
		if key == "profile" {
			if !checkProfile(w, obj, []any{"profile"}) {
				return nil, false
			}
			f.profile = obj
		} else {
			f.customData = obj
		}
		f.set[key] = true
	}
	return f, true
}

// checkProfile applies the profile guard: every value a string, address an
// object of strings; unknown keys are dropped.
func checkProfile(w http.ResponseWriter, obj map[string]any, path []any) bool {
	known := map[string]bool{"familyName": true, "givenName": true, "middleName": true, "nickname": true,
		"preferredUsername": true, "profile": true, "website": true, "gender": true, "birthdate": true,
		"zoneinfo": true, "locale": true, "address": true}
	for k, v := range obj {
		if !known[k] {
			delete(obj, k)
			continue
		}
		if k == "address" {
			addr, ok := v.(map[string]any)
			if !ok {
				guardError(w, "body", append(path, k), "invalid_type", "Expected object, received "+goKind(v))
				return false
			}
			for ak, av := range addr {
				if _, ok := av.(string); !ok {
					guardError(w, "body", append(path, k, ak), "invalid_type", "Expected string, received "+goKind(av))
					return false
				}
			}
			continue
		}
		if _, ok := v.(string); !ok {
			guardError(w, "body", append(path, k), "invalid_type", "Expected string, received "+goKind(v))
			return false
		}
	}
	return true
}

func goKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	}
	return "object"
}

// conflicts checks uniqueness against other users. Call with e.mu held.
func (e *Emulator) conflicts(w http.ResponseWriter, self string, f *userFields) bool {
	caseSensitive := e.usernameCaseSensitive()
	for _, o := range e.users {
		if o.ID == self {
			continue
		}
		if f.username != nil && o.Username != nil &&
			(*o.Username == *f.username || (!caseSensitive && strings.EqualFold(*o.Username, *f.username))) {
			apiError(w, http.StatusUnprocessableEntity, "user.username_already_in_use", nil)
			return true
		}
		if f.email != nil && o.PrimaryEmail != nil && strings.EqualFold(*o.PrimaryEmail, *f.email) {
			apiError(w, http.StatusUnprocessableEntity, "user.email_already_in_use", nil)
			return true
		}
		if f.phone != nil && o.PrimaryPhone != nil && samePhone(*o.PrimaryPhone, *f.phone) {
			apiError(w, http.StatusUnprocessableEntity, "user.phone_already_in_use", nil)
			return true
		}
	}
	return false
}

func samePhone(a, b string) bool {
	if a == b {
		return true
	}
	ca, err1 := phone.Canonical(a)
	cb, err2 := phone.Canonical(b)
	return err1 == nil && err2 == nil && ca == cb
}

// lengthCheck is the database's varchar(128) limit.
func lengthCheck(w http.ResponseWriter, f *userFields) bool {
	for _, s := range []*string{f.username, f.email, f.phone, f.name} {
		if s != nil && utf8.RuneCountInString(*s) > 128 {
			apiError(w, http.StatusUnprocessableEntity, "entity.value_too_long",
				map[string]any{"message": "value too long for type character varying(128)"})
			return false
		}
	}
	if f.avatar != nil && len(*f.avatar) > 2048 {
		apiError(w, http.StatusUnprocessableEntity, "entity.value_too_long",
			map[string]any{"message": "value too long for type character varying(2048)"})
		return false
	}
	return true
}

// normalizePhone stores the phone as Logto does (trunk 0 dropped); it
// returns false after writing 422 user.invalid_phone for unparsable numbers.
func (f *userFields) normalizePhone(w http.ResponseWriter) bool {
	if f.set["primaryPhone"] && f.phone != nil {
		canon, err := phone.Canonical(*f.phone)
		if err != nil {
			apiError(w, http.StatusUnprocessableEntity, "user.invalid_phone", map[string]any{"name": "ParseError"})
			return false
		}
		f.phone = &canon
	}
	return true
}

// apply writes checked fields to u.
func (f *userFields) apply(u *user) {
	assign := map[string]**string{"username": &u.Username, "primaryEmail": &u.PrimaryEmail,
		"primaryPhone": &u.PrimaryPhone, "name": &u.Name, "avatar": &u.Avatar}
	vals := map[string]*string{"username": f.username, "primaryEmail": f.email,
		"primaryPhone": f.phone, "name": f.name, "avatar": f.avatar}
	for k, dst := range assign {
		if f.set[k] {
			*dst = vals[k]
		}
	}
	if f.set["customData"] {
		u.CustomData = f.customData
	}
	if f.set["profile"] {
		u.Profile = f.profile
	}
	if f.set["password"] {
		u.setPassword(f.password)
	}
}
