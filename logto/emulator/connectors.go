package emulator

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
)

// Connector is a connector instance in the emulator.
type Connector struct {
	// ID is the instance id used in paths and bodies.
	ID string
	// ConnectorID is the factory id, e.g. "mock-social-connector", "google-universal".
	ConnectorID string
	// Type is "Social", "Email" or "Sms".
	Type   string
	Target string
	Name   map[string]string
	// SessionBased connectors (Apple, generic OIDC, SAML, ...) answer 501
	// connector.not_implemented on the Management API
	// (docs/logto-behaviour.md#session-based-connectors).
	SessionBased bool
	// NoGenericTemplate makes sends fail with connector.template_not_found.
	NoGenericTemplate bool
}

type connector = Connector

// MockEmailConnector is Logto's mock email connector.
func MockEmailConnector() Connector {
	return Connector{ID: "mock-email", ConnectorID: "mock-email-service", Type: "Email",
		Name: map[string]string{"en": "Mock Email Service"}}
}

// MockSMSConnector is Logto's mock SMS connector.
func MockSMSConnector() Connector {
	return Connector{ID: "mock-sms", ConnectorID: "mock-sms-service", Type: "Sms",
		Name: map[string]string{"en": "Mock SMS Service"}}
}

// MockSocialConnector is a session-less social connector whose authorization
// URI, followed, redirects back with a code and the state.
func MockSocialConnector() Connector {
	return Connector{ID: "mock-social", ConnectorID: "mock-social-connector", Type: "Social",
		Target: "mock-social", Name: map[string]string{"en": "Mock Social"}}
}

// OIDCConnector is a generic OIDC social connector (session-based).
func OIDCConnector() Connector {
	return Connector{ID: "oidc-social", ConnectorID: "oidc", Type: "Social", Target: "oidc",
		Name: map[string]string{"en": "OIDC"}, SessionBased: true}
}

// AddConnector adds (or replaces by ID) a connector.
func (e *Emulator) AddConnector(c Connector) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.connectors = slices.DeleteFunc(e.connectors, func(o *connector) bool { return o.ID == c.ID })
	cp := c
	e.connectors = append(e.connectors, &cp)
}

// RemoveConnectors removes every connector of a type ("Email", "Sms", "Social").
func (e *Emulator) RemoveConnectors(typ string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.connectors = slices.DeleteFunc(e.connectors, func(o *connector) bool { return o.Type == typ })
}

func (e *Emulator) connectorOfType(typ string) *connector {
	for _, c := range e.connectors {
		if c.Type == typ {
			return c
		}
	}
	return nil
}

func (e *Emulator) connectorByID(id string) *connector {
	for _, c := range e.connectors {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func (c *connector) json() map[string]any {
	m := map[string]any{
		"id": c.ID, "syncProfile": false, "enableTokenStorage": false,
		// Real Logto returns provider secrets here (docs/logto-behaviour.md#connectors): keep the shape so
		// clients are tested against it.
		"config":      map[string]any{"clientId": "mock-client", "clientSecret": "mock-secret"},
		"metadata":    map[string]any{},
		"connectorId": c.ConnectorID, "name": c.Name, "logo": "data:image/svg+xml;base64,PHN2Zy8+",
		"logoDark": nil, "type": c.Type, "isDemo": false, "extraInfo": map[string]any{},
		"description": c.Name, "readme": "", "configTemplate": "",
	}
	if c.Type == "Social" {
		m["target"] = c.Target
		m["platform"] = "Universal"
		m["isTokenStorageSupported"] = true
		if c.SessionBased {
			m["isStandard"] = true
		}
	} else {
		m["target"] = ""
		m["platform"] = nil
	}
	return m
}

func (e *Emulator) listConnectors(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("target")
	e.mu.Lock()
	out := []any{}
	for i := len(e.connectors) - 1; i >= 0; i-- { // newest first, as Logto lists them
		c := e.connectors[i]
		if target == "" || c.Target == target {
			out = append(out, c.json())
		}
	}
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) authorizationURI(w http.ResponseWriter, r *http.Request) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	state, _, _, ok1 := stringField(w, body, "state", false)
	if !ok1 {
		return
	}
	redirect, _, _, ok2 := stringField(w, body, "redirectUri", false)
	if !ok2 {
		return
	}
	if state == "" || redirect == "" {
		apiError(w, http.StatusBadRequest, "session.insufficient_info", nil)
		return
	}
	e.mu.Lock()
	c := e.connectorByID(r.PathValue("cid"))
	e.mu.Unlock()
	switch {
	case c == nil:
		apiError(w, http.StatusNotFound, "entity.not_found", nil)
	case c.Type != "Social":
		apiError(w, http.StatusBadRequest, "connector.unexpected_type", nil)
	case c.SessionBased:
		apiError(w, http.StatusNotImplemented, "connector.not_implemented", nil)
	default:
		q := url.Values{"state": {state}, "redirect_uri": {redirect}, "scope": {"email profile"}}
		writeJSON(w, http.StatusOK, map[string]string{
			"redirectTo": issuerBase(r) + "/mock-social/authorize?" + q.Encode(),
		})
	}
}

// mockSocialAuthorize plays the social provider: it "signs in" the visitor as
// the subject given by ?sub= (default "mock-social-user") and redirects to
// redirect_uri with a fresh code and the state.
func (e *Emulator) mockSocialAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Scheme == "" {
		http.Error(w, "redirect_uri is missing", http.StatusBadRequest)
		return
	}
	sub := q.Get("sub")
	if sub == "" {
		sub = "mock-social-user"
	}
	code := randomString(24)
	e.mu.Lock()
	e.mockCodes[code] = sub
	e.mu.Unlock()
	back := redirect.Query()
	back.Set("code", code)
	back.Set("state", q.Get("state"))
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (e *Emulator) linkIdentity(w http.ResponseWriter, r *http.Request) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	cid, _, _, ok := stringField(w, body, "connectorId", false)
	if !ok {
		return
	}
	data, ok := connectorData(w, body)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	c := e.connectorByID(cid)
	switch {
	case c == nil:
		apiError(w, http.StatusNotFound, "entity.not_found", nil)
		return
	case c.Type != "Social":
		apiError(w, http.StatusUnprocessableEntity, "session.invalid_connector_id", nil)
		return
	case c.SessionBased:
		apiError(w, http.StatusNotImplemented, "connector.not_implemented", nil)
		return
	}
	sub, details, ok := e.mockUserInfoLocked(w, data)
	if !ok {
		return
	}
	if e.identityTakenLocked(u.ID, c.Target, sub) {
		apiError(w, http.StatusUnprocessableEntity, "user.identity_already_in_use", nil)
		return
	}
	u.Identities = cloneIdentities(u.Identities)
	u.Identities[c.Target] = identity{UserID: sub, Details: details}
	u.UpdatedAt = e.clock().UnixMilli()
	writeJSON(w, http.StatusOK, u.Identities)
}

// connectorData reads the body's connectorData object (400 with Logto's
// guard error when it is missing or not an object).
func connectorData(w http.ResponseWriter, body map[string]json.RawMessage) (map[string]any, bool) {
	var data map[string]any
	if raw := body["connectorData"]; jsonKind(raw) != "object" || json.Unmarshal(raw, &data) != nil {
		typeError(w, []any{"connectorData"}, "object", raw)
		return nil, false
	}
	return data, true
}

// mockUserInfoLocked is the mock social connector's getUserInfo, shared by
// the Management and Account APIs: data carries the code its authorize page
// gave out (or a userId), and the answer is the provider's user id and the
// identity details. Call with e.mu held.
func (e *Emulator) mockUserInfoLocked(w http.ResponseWriter, data map[string]any) (sub string, details map[string]any, ok bool) {
	code, _ := data["code"].(string)
	if code == "" {
		raw, _ := json.Marshal(data)
		apiError(w, http.StatusBadRequest, "connector.invalid_response", map[string]any{"message": string(raw)})
		return "", nil, false
	}
	sub, _ = data["userId"].(string)
	if sub == "" {
		s, known := e.mockCodes[code]
		if !known {
			apiError(w, http.StatusUnauthorized, "connector.social_auth_code_invalid", nil)
			return "", nil, false
		}
		sub = s
		delete(e.mockCodes, code)
	}
	details = map[string]any{"id": sub, "rawData": data}
	for _, k := range []string{"name", "email", "avatar", "phone"} {
		if v, ok := data[k]; ok {
			details[k] = v
		}
	}
	return sub, details, true
}

func cloneIdentities(m map[string]identity) map[string]identity {
	out := make(map[string]identity, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (e *Emulator) identityTakenLocked(self, target, sub string) bool {
	for _, o := range e.users {
		if o.ID != self && o.Identities[target].UserID == sub {
			return true
		}
	}
	return false
}

func (e *Emulator) putIdentity(w http.ResponseWriter, r *http.Request) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	sub, present, _, ok := stringField(w, body, "userId", false)
	if !ok {
		return
	}
	if !present {
		typeError(w, []any{"userId"}, "string", nil)
		return
	}
	var details map[string]any
	if raw, ok := body["details"]; ok && json.Unmarshal(raw, &details) != nil {
		typeError(w, []any{"details"}, "object", raw)
		return
	}
	target := r.PathValue("target")
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	if e.identityTakenLocked(u.ID, target, sub) {
		apiError(w, http.StatusUnprocessableEntity, "user.identity_already_in_use", nil)
		return
	}
	_, existed := u.Identities[target]
	u.Identities = cloneIdentities(u.Identities)
	u.Identities[target] = identity{UserID: sub, Details: details}
	status := http.StatusCreated
	if existed {
		status = http.StatusOK
	}
	writeJSON(w, status, u.Identities)
}

func (e *Emulator) deleteIdentity(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	target := r.PathValue("target")
	if _, ok := u.Identities[target]; !ok {
		apiError(w, http.StatusNotFound, "user.identity_not_exist", nil)
		return
	}
	u.Identities = cloneIdentities(u.Identities)
	delete(u.Identities, target)
	writeUser(w, http.StatusOK, u, u.json(false))
}

func (e *Emulator) getIdentity(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	id, ok := u.Identities[r.PathValue("target")]
	if !ok {
		apiError(w, http.StatusNotFound, "user.identity_not_exist", nil)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"identity": id})
}

func (e *Emulator) allIdentities(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	social := []any{}
	for _, t := range slices.Sorted(maps.Keys(u.Identities)) {
		social = append(social, map[string]any{"identity": u.Identities[t], "target": t})
	}
	sso := []any{}
	for _, s := range u.SSO {
		sso = append(sso, map[string]any{"ssoConnectorId": s.SSOConnectorID, "ssoIdentity": s})
	}
	writeJSON(w, http.StatusOK, map[string]any{"socialIdentities": social, "ssoIdentities": sso})
}

func (e *Emulator) getSSOIdentity(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	for _, s := range u.SSO {
		if s.SSOConnectorID == r.PathValue("cid") {
			writeJSON(w, http.StatusOK, map[string]any{"ssoIdentity": s})
			return
		}
	}
	apiError(w, http.StatusNotFound, "user.enterprise_sso_identity_not_exists", nil)
}
