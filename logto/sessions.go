package logto

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Session is a browser sign-in session at Logto (docs/logto-behaviour.md#sessions).
type Session struct {
	Payload struct {
		UID            string                          `json:"uid"`
		JTI            string                          `json:"jti"`
		Kind           string                          `json:"kind"`
		AccountID      string                          `json:"accountId"`
		IAT            int64                           `json:"iat"`
		Exp            int64                           `json:"exp"`
		LoginTs        int64                           `json:"loginTs"`
		Authorizations map[string]SessionAuthorization `json:"authorizations"`
	} `json:"payload"`
	LastSubmission *struct {
		InteractionEvent string        `json:"interactionEvent"`
		UserID           string        `json:"userId"`
		SignInContext    SignInContext `json:"signInContext"`
	} `json:"lastSubmission"`
	ClientID  string `json:"clientId"`
	AccountID string `json:"accountId"`
	ExpiresAt Time   `json:"expiresAt"`
	// IsCurrent is only set by the Account API.
	IsCurrent bool `json:"isCurrent,omitempty"`
}

// ID is the session id used in the session routes.
func (s *Session) ID() string { return s.Payload.UID }

// SignedInAt is the session's login time.
func (s *Session) SignedInAt() time.Time { return time.Unix(s.Payload.LoginTs, 0) }

// Context returns the sign-in context, empty when Logto recorded none.
func (s *Session) Context() SignInContext {
	if s.LastSubmission == nil {
		return SignInContext{}
	}
	return s.LastSubmission.SignInContext
}

// SessionAuthorization is one app authorised in a session.
type SessionAuthorization struct {
	SID            string `json:"sid"`
	GrantID        string `json:"grantId"`
	PersistsLogout bool   `json:"persistsLogout"`
}

// SignInContext describes where a session signed in; every key is optional.
type SignInContext struct {
	IP        string `json:"ip,omitempty"`
	UserAgent string `json:"userAgent,omitempty"`
	Country   string `json:"country,omitempty"`
	City      string `json:"city,omitempty"`
}

// Grant is one app's authorisation for the user (docs/logto-behaviour.md#sessions).
type Grant struct {
	ID        string `json:"id"`
	ExpiresAt Time   `json:"expiresAt"`
	Payload   struct {
		JTI       string `json:"jti"`
		Kind      string `json:"kind"`
		ClientID  string `json:"clientId"`
		AccountID string `json:"accountId"`
		IAT       int64  `json:"iat"`
		Exp       int64  `json:"exp"`
		// OpenID holds the OpenID scopes granted (oidc-provider's Grant).
		OpenID *struct {
			Scope string `json:"scope"`
		} `json:"openid,omitempty"`
		// Resources maps an API resource indicator to the scopes granted on it.
		Resources map[string]string `json:"resources,omitempty"`
	} `json:"payload"`
	Application struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"application"`
}

// Scopes are the OpenID scopes granted (sign-in, profile, email, ...), in
// the order Logto stored them.
func (g *Grant) Scopes() []string {
	if g.Payload.OpenID == nil {
		return nil
	}
	return strings.Fields(g.Payload.OpenID.Scope)
}

// ResourceScopes are the API scopes granted, by resource indicator.
func (g *Grant) ResourceScopes() map[string][]string {
	out := map[string][]string{}
	for r, s := range g.Payload.Resources {
		out[r] = strings.Fields(s)
	}
	return out
}

// IsMetadataDocumentClient reports a grant of an app identified by the URL
// of its client ID metadata document (CIMD, Logto after 1.42): it has no
// registered application, its id is that URL, and its name is what the
// document said at consent (the URL when it said nothing).
func (g *Grant) IsMetadataDocumentClient() bool {
	return strings.HasPrefix(g.Application.ID, "https://")
}

// AppName names the app for a person: its name, or for a client ID
// metadata document with no name of its own, the host of its URL.
func (g *Grant) AppName() string {
	name := strings.TrimSpace(g.Application.Name)
	if g.IsMetadataDocumentClient() && (name == "" || name == g.Application.ID) {
		if u, err := url.Parse(g.Application.ID); err == nil && u.Host != "" {
			return u.Host
		}
	}
	if name == "" {
		return g.Application.ID
	}
	return name
}

// GrantedAt is when the grant was issued.
func (g *Grant) GrantedAt() time.Time { return time.Unix(g.Payload.IAT, 0) }

// OwnGrant finds the grant a sign-in made among a user's grants: Logto
// says no grant id in a device-flow sign-in (no sid in the ID token), and
// marks as current a browser session, not a program. The grant is made when
// the person approves the code, a few seconds before the tokens are issued
// (the ID token's iat, signedIn, both on Logto's clock): it is the app's one
// grant made in the minute before. ok is false when there is none or more
// than one (two sign-ins at once): then no grant is called this terminal's.
func OwnGrant(grants []Grant, clientID string, signedIn int64) (id string, ok bool) {
	if signedIn == 0 {
		return "", false
	}
	for _, g := range grants {
		if g.Payload.ClientID != clientID || g.Payload.IAT > signedIn+5 || g.Payload.IAT < signedIn-60 {
			continue
		}
		if id != "" {
			return "", false
		}
		id = g.ID
	}
	return id, id != ""
}

// RevokeGrants says which grants go with a revoked session.
type RevokeGrants string

// RevokeGrants values; the empty value keeps grants that have offline_access.
const (
	RevokeGrantsDefault    RevokeGrants = ""
	RevokeGrantsAll        RevokeGrants = "all"
	RevokeGrantsFirstParty RevokeGrants = "firstParty"
)

// Sessions lists the user's live sessions (200 and empty for an unknown user).
func (c *Client) Sessions(ctx context.Context, userID string) ([]Session, error) {
	var out struct {
		Sessions []Session `json:"sessions"`
	}
	if _, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, "/sessions")}, &out); err != nil {
		return nil, err
	}
	return out.Sessions, nil
}

// Session fetches one session.
func (c *Client) Session(ctx context.Context, userID, sessionID string) (*Session, error) {
	var out Session
	if _, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, "/sessions/"+seg(sessionID))}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// RevokeSession signs a session out, with the grants chosen by target.
func (c *Client) RevokeSession(ctx context.Context, userID, sessionID string, target RevokeGrants) error {
	var q url.Values
	switch target {
	case RevokeGrantsDefault:
	case RevokeGrantsAll, RevokeGrantsFirstParty:
		q = url.Values{"revokeGrantsTarget": {string(target)}}
	default:
		return &ValidationError{Field: "revokeGrantsTarget", Reason: "must be all or firstParty"}
	}
	_, err := c.do(ctx, request{method: http.MethodDelete, path: userPath(userID, "/sessions/"+seg(sessionID)), query: q}, nil)
	return err
}

// Grants lists the user's app grants; appType is "", "firstParty" or "thirdParty".
func (c *Client) Grants(ctx context.Context, userID, appType string) ([]Grant, error) {
	var q url.Values
	switch appType {
	case "":
	case "firstParty", "thirdParty":
		q = url.Values{"appType": {appType}}
	default:
		return nil, &ValidationError{Field: "appType", Reason: "must be firstParty or thirdParty"}
	}
	var out struct {
		Grants []Grant `json:"grants"`
	}
	if _, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, "/grants"), query: q}, &out); err != nil {
		return nil, err
	}
	return out.Grants, nil
}

// RevokeGrant revokes one app grant and every token hanging off it.
func (c *Client) RevokeGrant(ctx context.Context, userID, grantID string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: userPath(userID, "/grants/"+seg(grantID))}, nil)
	return err
}
