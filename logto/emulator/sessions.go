package emulator

import (
	"net/http"
	"sort"
	"time"
)

// session is a browser sign-in session at the emulated Logto.
type session struct {
	UID            string
	JTI            string
	AccountID      string
	ClientID       string
	IAT, Exp       int64 // epoch seconds
	LoginTs        int64
	Authorizations map[string]sessionAuth
	Context        map[string]string
	seq            uint64 // creation order, for a stable listing
}

type sessionAuth struct {
	SID            string `json:"sid"`
	GrantID        string `json:"grantId"`
	PersistsLogout bool   `json:"persistsLogout"`
}

// grant is one app's authorisation for a user.
type grant struct {
	ID        string
	AccountID string
	ClientID  string
	IAT, Exp  int64
	Scope     string
	Resources []string
	// ResourceScopes maps a resource indicator to the scopes granted on it.
	ResourceScopes map[string]string
	// cimdName is set on the grant of a client ID metadata document app
	// (ClientID is its URL): the name the document gave at consent ("" none).
	cimdName *string
	seq      uint64
}

const (
	sessionTTL = 14 * 24 * time.Hour
	grantTTL   = 180 * 24 * time.Hour
)

func (s *session) json() map[string]any {
	var last any
	if s.Context != nil {
		last = map[string]any{"interactionEvent": "SignIn", "userId": s.AccountID,
			"verificationRecords": []any{}, "signInContext": s.Context}
	}
	return map[string]any{
		"payload": map[string]any{"exp": s.Exp, "iat": s.IAT, "jti": s.JTI, "uid": s.UID, "kind": "Session",
			"loginTs": s.LoginTs, "accountId": s.AccountID, "authorizations": s.Authorizations},
		"lastSubmission": last, "clientId": s.ClientID, "accountId": s.AccountID, "expiresAt": s.Exp * 1000,
	}
}

func (e *Emulator) grantJSON(g *grant) map[string]any {
	payload := map[string]any{"exp": g.Exp, "iat": g.IAT, "jti": g.ID, "kind": "Grant",
		"clientId": g.ClientID, "accountId": g.AccountID}
	if g.Scope != "" {
		payload["openid"] = map[string]any{"scope": g.Scope}
	}
	if len(g.ResourceScopes) > 0 {
		payload["resources"] = g.ResourceScopes
	}
	name := g.ClientID
	if a := e.apps[g.ClientID]; a != nil {
		name = a.Name
	}
	if g.cimdName != nil && *g.cimdName != "" {
		name = *g.cimdName // the consent-time snapshot; the URL stands in for a missing name
	}
	return map[string]any{"id": g.ID, "payload": payload, "expiresAt": g.Exp * 1000,
		"application": map[string]any{"id": g.ClientID, "name": name}}
}

// liveSessions returns a user's unexpired sessions, oldest first.
func (e *Emulator) liveSessions(userID string) []*session {
	now := e.clock().Unix()
	var out []*session
	for _, s := range e.sessions {
		if s.AccountID == userID && s.Exp > now {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

func (e *Emulator) listSessions(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []any{}
	for _, s := range e.liveSessions(r.PathValue("id")) {
		out = append(out, s.json())
	}
	writeJSON(w, http.StatusOK, map[string]any{"sessions": out})
}

func (e *Emulator) getSession(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.sessions[r.PathValue("sid")]
	if s == nil || s.AccountID != r.PathValue("id") || s.Exp <= e.clock().Unix() {
		apiError(w, http.StatusNotFound, "oidc.session_not_found", nil)
		return
	}
	writeJSON(w, http.StatusOK, s.json())
}

// revokeTarget reads ?revokeGrantsTarget= (all | firstParty | absent);
// false means the 400 was written.
func revokeTarget(w http.ResponseWriter, r *http.Request) (string, bool) {
	target := r.URL.Query().Get("revokeGrantsTarget")
	if _, present := r.URL.Query()["revokeGrantsTarget"]; present && target != "all" && target != "firstParty" {
		guardError(w, "query", []any{"revokeGrantsTarget"}, "invalid_enum_value",
			"Invalid enum value. Expected 'all' | 'firstParty', received '"+target+"'")
		return "", false
	}
	return target, true
}

func (e *Emulator) deleteSession(w http.ResponseWriter, r *http.Request) {
	target, ok := revokeTarget(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.sessions[r.PathValue("sid")]
	switch {
	case s == nil || s.Exp <= e.clock().Unix():
		apiError(w, http.StatusNotFound, "oidc.session_not_found", nil)
		return
	case s.AccountID != r.PathValue("id"):
		apiError(w, http.StatusNotFound, "oidc.invalid_session_account_id", nil)
		return
	}
	delete(e.sessions, s.UID)
	for _, a := range s.Authorizations {
		// Every emulated app is first-party. Without a target, grants that
		// were authorised with offline_access survive the session.
		if target != "" || !a.PersistsLogout {
			e.revokeGrantLocked(a.GrantID)
		}
	}
	noContent(w)
}

func (e *Emulator) listGrants(w http.ResponseWriter, r *http.Request) {
	appType := r.URL.Query().Get("appType")
	if _, present := r.URL.Query()["appType"]; present && appType != "firstParty" && appType != "thirdParty" {
		guardError(w, "query", []any{"appType"}, "invalid_enum_value",
			"Invalid enum value. Expected 'firstParty' | 'thirdParty', received '"+appType+"'")
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []any{}
	{
		now := e.clock().Unix()
		var list []*grant
		for _, g := range e.grants {
			if g.AccountID != r.PathValue("id") || g.Exp <= now {
				continue
			}
			// Every registered emulated app is first-party. A client ID
			// metadata document app is third-party by definition, and listed
			// only by Logto after 1.42 (Options.CIMD): 1.42 joins grants with
			// the applications table, where it has no row.
			if cimd := g.cimdName != nil; (cimd && (!e.cimd || appType == "firstParty")) || (!cimd && appType == "thirdParty") {
				continue
			}
			list = append(list, g)
		}
		sort.Slice(list, func(i, j int) bool { return list[i].seq < list[j].seq })
		for _, g := range list {
			out = append(out, e.grantJSON(g))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"grants": out})
}

func (e *Emulator) deleteGrant(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	g := e.grants[r.PathValue("gid")]
	if g == nil || g.AccountID != r.PathValue("id") {
		apiError(w, http.StatusNotFound, "oidc.invalid_grant", nil)
		return
	}
	e.revokeGrantLocked(g.ID)
	noContent(w)
}

// revokeGrantLocked deletes a grant and every token issued under it.
func (e *Emulator) revokeGrantLocked(id string) {
	delete(e.grants, id)
	for k, t := range e.accessTok {
		if t.GrantID == id {
			delete(e.accessTok, k)
		}
	}
	for k, t := range e.refreshTok {
		if t.GrantID == id {
			delete(e.refreshTok, k)
		}
	}
}

// SessionOptions describe a session created by SeedSession.
type SessionOptions struct {
	ClientID  string
	IP        string
	UserAgent string
	Country   string
	City      string
	// Offline marks the grant as authorised with offline_access.
	Offline bool
	// Scope of the grant, e.g. "openid offline_access profile".
	Scope string
	// Age is how long ago the session signed in.
	Age time.Duration
	// Resources maps an API resource indicator to the scopes granted on it.
	Resources map[string]string
}

// SeedSession creates a browser session with one authorised app grant and
// returns the session uid and grant id.
func (e *Emulator) SeedSession(userID string, o SessionOptions) (sessionID, grantID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s, g := e.newSessionLocked(userID, o)
	return s.UID, g.ID
}

func (e *Emulator) newSessionLocked(userID string, o SessionOptions) (*session, *grant) {
	if o.ClientID == "" {
		o.ClientID = DefaultDeviceAppID
	}
	now := e.clock().Add(-o.Age)
	g := &grant{ID: randomString(43), AccountID: userID, ClientID: o.ClientID, IAT: now.Unix(),
		Exp: now.Add(grantTTL).Unix(), Scope: o.Scope, ResourceScopes: o.Resources, seq: e.nextSeq()}
	e.grants[g.ID] = g
	ctx := map[string]string{}
	for k, v := range map[string]string{"ip": o.IP, "userAgent": o.UserAgent, "country": o.Country, "city": o.City} {
		if v != "" {
			ctx[k] = v
		}
	}
	s := &session{UID: randomString(43), JTI: randomString(43), AccountID: userID, ClientID: o.ClientID,
		IAT: now.Unix(), Exp: now.Add(sessionTTL).Unix(), LoginTs: now.Unix(), Context: ctx, seq: e.nextSeq(),
		Authorizations: map[string]sessionAuth{o.ClientID: {SID: randomString(43), GrantID: g.ID, PersistsLogout: o.Offline}}}
	e.sessions[s.UID] = s
	return s, g
}

// nextSeq numbers sessions and grants in creation order. Call with e.mu held.
func (e *Emulator) nextSeq() uint64 {
	e.seq++
	return e.seq
}

// sessionOfGrantLocked is the browser session whose authorisation holds
// grantID ("" when none does: a session-less grant). Call with e.mu held.
func (e *Emulator) sessionOfGrantLocked(grantID string) string {
	for _, s := range e.sessions {
		for _, a := range s.Authorizations {
			if a.GrantID == grantID {
				return s.UID
			}
		}
	}
	return ""
}

// SeedMetadataDocumentGrant gives the user a grant of an app known only by
// the URL of its client ID metadata document (CIMD), with the name the
// document gave at consent ("" for none), and returns the grant id. Only an
// emulator made with Options.CIMD lists it, as Logto does after 1.42.
func (e *Emulator) SeedMetadataDocumentGrant(userID, clientURL, name, scope string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clock()
	g := &grant{ID: randomString(43), AccountID: userID, ClientID: clientURL, IAT: now.Unix(),
		Exp: now.Add(grantTTL).Unix(), Scope: scope, cimdName: &name, seq: e.nextSeq()}
	e.grants[g.ID] = g
	return g.ID
}
