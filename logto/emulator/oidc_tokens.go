package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// grantTypes maps a grant_type to Logto's ExchangeTokenBy log key suffix
// (event-listeners/grant.ts); anything else is Unknown.
var grantTypes = map[string]string{"authorization_code": "AuthorizationCode", "refresh_token": "RefreshToken",
	"client_credentials": "ClientCredentials", grantExchange: "TokenExchange", grantDeviceKey: "DeviceCode"}

func (e *Emulator) token(w http.ResponseWriter, r *http.Request) {
	f := form(r)
	e.mu.Lock()
	defer e.mu.Unlock()
	buf := newBufferedWriter()
	if pw, ok := w.(interface{ plainOIDCErrors() bool }); ok {
		buf.plain = pw.plainOIDCErrors()
	}
	e.granted = grantOf{}
	switch gt := f.Get("grant_type"); gt {
	case "client_credentials":
		e.clientCredentials(buf, r, f)
	case grantDeviceKey:
		e.deviceToken(buf, r, f)
	case "refresh_token":
		e.refresh(buf, r, f)
	case grantExchange:
		e.exchange(buf, r, f)
	case "":
		oidcError(buf, http.StatusBadRequest, "invalid_request", "missing required parameter 'grant_type'")
	default:
		oidcError(buf, http.StatusBadRequest, "unsupported_grant_type", "unsupported grant_type requested ("+gt+")")
	}
	e.logGrantLocked(r, f, buf)
	copyBuffered(w, buf)
}

// grantOf is who a token request was for, noted by the grant's handler.
type grantOf struct{ clientID, userID, scope string }

// logGrantLocked writes the ExchangeTokenBy entry of a token request, as
// Logto's grant.success and grant.error listeners do. Device-code polls
// still waiting for the person are not written: Logto writes each, but an
// emulator left polling would fill its log with nothing worth reading.
func (e *Emulator) logGrantLocked(r *http.Request, f url.Values, buf *bufferedWriter) {
	by, ok := grantTypes[f.Get("grant_type")]
	if !ok {
		by = "Unknown"
	}
	g := e.granted
	if g.clientID == "" {
		g.clientID = f.Get("client_id")
	}
	errName := ""
	if buf.status >= 400 {
		var body struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(buf.body.Bytes(), &body)
		if body.Error == "authorization_pending" || body.Error == "slow_down" {
			return
		}
		errName = body.Error
		g.userID, g.scope = "", "" // Logto's failed exchange knows no account
	}
	e.grantLogLocked(r, by, g.clientID, g.userID, g.scope, errName)
}

func (e *Emulator) clientCredentials(w http.ResponseWriter, r *http.Request, f url.Values) {
	app := e.clientAuth(w, r, f, true)
	if app == nil {
		return
	}
	switch res := f.Get("resource"); {
	case res == "":
		oidcError(w, http.StatusBadRequest, "invalid_target", "both `resource` and `organization_id` are not provided")
		return
	case res != ManagementResource:
		oidcError(w, http.StatusBadRequest, "invalid_target", "resource indicator is missing, or unknown")
		return
	}
	now := e.clock()
	jti := randomString(43)
	e.m2mIssued = append(e.m2mIssued, jti)
	e.m2mCount++
	claims := map[string]any{"jti": jti, "sub": app.ID, "iat": now.Unix(), "exp": now.Add(accessTTL).Unix(),
		"client_id": app.ID, "iss": issuerBase(r) + "/oidc", "aud": ManagementResource}
	body := map[string]any{"expires_in": int(accessTTL.Seconds()), "token_type": "Bearer"}
	if slices.Contains(strings.Fields(f.Get("scope")), "all") && app.ManagementAll {
		claims["scope"] = "all"
		body["scope"] = "all"
	} else if f.Get("scope") != "" {
		body["scope"] = ""
	}
	body["access_token"] = e.sign("at+jwt", claims)
	e.granted = grantOf{clientID: app.ID}
	writeJSON(w, http.StatusOK, body)
}

func (e *Emulator) deviceToken(w http.ResponseWriter, r *http.Request, f url.Values) {
	d := e.devices[f.Get("device_code")]
	if d == nil {
		oidcError(w, http.StatusBadRequest, "invalid_grant", "grant request is invalid")
		return
	}
	if f.Get("client_id") != d.ClientID {
		oidcError(w, http.StatusBadRequest, "invalid_request", "client_id mismatch")
		return
	}
	if d.State != "redeemed" && e.clock().After(d.Expires) {
		oidcError(w, http.StatusBadRequest, "expired_token", "device code is expired")
		return
	}
	switch d.State {
	case "pending":
		oidcError(w, http.StatusBadRequest, "authorization_pending",
			"authorization request is still pending as the end-user hasn't yet completed the user interaction steps")
		return
	case "denied":
		oidcError(w, http.StatusBadRequest, "access_denied", "End-User aborted interaction")
		return
	case "redeemed":
		// A second redeem revokes the whole grant (docs/logto-behaviour.md#device-flow).
		e.revokeGrantLocked(d.GrantID)
		oidcError(w, http.StatusBadRequest, "invalid_grant", "grant request is invalid")
		return
	}
	u := e.users[d.UserID]
	if u == nil || u.IsSuspended || e.grants[d.GrantID] == nil {
		oidcError(w, http.StatusBadRequest, "invalid_grant", "grant request is invalid")
		return
	}
	resource := f.Get("resource")
	if resource != "" && !slices.Contains(d.Resources, resource) {
		oidcError(w, http.StatusBadRequest, "invalid_target", "resource indicator is missing, or unknown")
		return
	}
	d.State = "redeemed"
	e.granted = grantOf{clientID: d.ClientID, userID: u.ID, scope: d.Scope}
	writeJSON(w, http.StatusOK, e.issueUserTokens(r, u, d.ClientID, d.GrantID, d.Scope, resource, true))
}

// issueUserTokens mints the tokens of a user grant. Call with e.mu held.
func (e *Emulator) issueUserTokens(r *http.Request, u *user, clientID, grantID, scope, resource string, withRefresh bool) map[string]any {
	now := e.clock()
	scopes := strings.Fields(scope)
	body := map[string]any{"expires_in": int(accessTTL.Seconds()), "scope": scope, "token_type": "Bearer"}
	if resource != "" {
		body["access_token"] = e.sign("at+jwt", map[string]any{"jti": randomString(43), "sub": u.ID,
			"iat": now.Unix(), "exp": now.Add(accessTTL).Unix(), "client_id": clientID,
			"iss": issuerBase(r) + "/oidc", "aud": resource})
	} else {
		at := randomString(43)
		e.accessTok[at] = &accessToken{GrantID: grantID, SessionUID: e.sessionOfGrantLocked(grantID), UserID: u.ID,
			ClientID: clientID, Scope: scope, Exp: now.Add(accessTTL)}
		body["access_token"] = at
	}
	if slices.Contains(scopes, "openid") && grantID != "" {
		claims := e.userClaims(u, scopes, false)
		claims["aud"], claims["iss"] = clientID, issuerBase(r)+"/oidc"
		claims["iat"], claims["exp"] = now.Unix(), now.Add(accessTTL).Unix()
		body["id_token"] = e.sign("", claims)
	}
	if withRefresh && slices.Contains(scopes, "offline_access") {
		rt := randomString(43)
		e.refreshTok[rt] = &refreshToken{GrantID: grantID, UserID: u.ID, ClientID: clientID, Scope: scope}
		body["refresh_token"] = rt
	}
	return body
}

func (e *Emulator) refresh(w http.ResponseWriter, r *http.Request, f url.Values) {
	rt := e.refreshTok[f.Get("refresh_token")]
	if rt == nil || rt.ClientID != f.Get("client_id") || e.grants[rt.GrantID] == nil {
		oidcError(w, http.StatusBadRequest, "invalid_grant", "grant request is invalid")
		return
	}
	now := e.clock()
	if rt.Consumed != nil && now.Sub(*rt.Consumed) > refreshReuse {
		// Reuse of a rotated token after the grace period revokes the grant.
		e.revokeGrantLocked(rt.GrantID)
		oidcError(w, http.StatusBadRequest, "invalid_grant", "grant request is invalid")
		return
	}
	u := e.users[rt.UserID]
	if u == nil || u.IsSuspended {
		oidcError(w, http.StatusBadRequest, "invalid_grant", "grant request is invalid")
		return
	}
	resource := f.Get("resource")
	if resource != "" && resource != ManagementResource {
		oidcError(w, http.StatusBadRequest, "invalid_target", "resource indicator is missing, or unknown")
		return
	}
	scope := rt.Scope
	if s := f.Get("scope"); s != "" {
		var kept []string
		for _, x := range strings.Fields(s) {
			if slices.Contains(strings.Fields(rt.Scope), x) {
				kept = append(kept, x)
			}
		}
		scope = strings.Join(kept, " ")
	}
	if rt.Consumed == nil {
		t := now
		rt.Consumed = &t
	}
	body := e.issueUserTokens(r, u, rt.ClientID, rt.GrantID, scope, resource, false)
	next := randomString(43)
	e.refreshTok[next] = &refreshToken{GrantID: rt.GrantID, UserID: rt.UserID, ClientID: rt.ClientID, Scope: rt.Scope}
	body["refresh_token"] = next
	e.granted = grantOf{clientID: rt.ClientID, userID: u.ID, scope: scope}
	writeJSON(w, http.StatusOK, body)
}

func (e *Emulator) exchange(w http.ResponseWriter, r *http.Request, f url.Values) {
	app := e.clientAuth(w, r, f, false)
	if app == nil {
		return
	}
	if !app.AllowTokenExchange {
		oidcError(w, http.StatusBadRequest, "invalid_request", "requested grant type is not allowed for this client")
		return
	}
	if f.Get("subject_token_type") != patTokenType {
		oidcError(w, http.StatusBadRequest, "invalid_grant", "grant request is invalid")
		return
	}
	uid, p := e.patByValue(f.Get("subject_token"), e.clock())
	u := e.users[uid]
	if p == nil || u == nil || u.IsSuspended {
		oidcError(w, http.StatusBadRequest, "invalid_grant", "grant request is invalid")
		return
	}
	scope := f.Get("scope")
	body := e.issueUserTokens(r, u, app.ID, "", scope, f.Get("resource"), false)
	e.granted = grantOf{clientID: app.ID, userID: u.ID, scope: scope}
	writeJSON(w, http.StatusOK, body)
}
