package logto

import (
	"context"
	"net/http"
	"net/url"
)

// Connector is one item of GET /api/connectors; every field is optional on
// the wire (docs/logto-behaviour.md#connectors). The provider config (secrets) is deliberately not decoded.
type Connector struct {
	ID                      string            `json:"id"`
	ConnectorID             string            `json:"connectorId"`
	Type                    string            `json:"type"`
	Target                  string            `json:"target"`
	Platform                *string           `json:"platform"`
	Name                    map[string]string `json:"name"`
	Logo                    string            `json:"logo"`
	LogoDark                *string           `json:"logoDark"`
	IsStandard              bool              `json:"isStandard"`
	IsTokenStorageSupported bool              `json:"isTokenStorageSupported"`
	EnableTokenStorage      bool              `json:"enableTokenStorage"`
	SyncProfile             bool              `json:"syncProfile"`
	Metadata                struct {
		Target   string            `json:"target"`
		Name     map[string]string `json:"name"`
		Logo     string            `json:"logo"`
		LogoDark *string           `json:"logoDark"`
	} `json:"metadata"`
}

// DisplayName picks the connector's name in lang, then English, then any.
func (c *Connector) DisplayName(lang string) string {
	for _, names := range []map[string]string{c.Metadata.Name, c.Name} {
		if n := names[lang]; n != "" {
			return n
		}
		if n := names["en"]; n != "" {
			return n
		}
		for _, n := range names {
			if n != "" {
				return n
			}
		}
	}
	if c.Target != "" {
		return c.Target
	}
	return c.ConnectorID
}

// Connector types.
const (
	ConnectorSocial = "Social"
	ConnectorEmail  = "Email"
	ConnectorSMS    = "Sms"
)

// Connectors lists the tenant's connectors, optionally for one target.
func (c *Client) Connectors(ctx context.Context, target string) ([]Connector, error) {
	var q url.Values
	if target != "" {
		q = url.Values{"target": {target}}
	}
	var out []Connector
	if _, err := c.do(ctx, request{method: http.MethodGet, path: "/api/connectors", query: q}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AuthorizationURI asks a social connector for the provider's authorize URL.
// Session-based connectors answer 501 connector.not_implemented
// (docs/logto-behaviour.md#session-based-connectors).
func (c *Client) AuthorizationURI(ctx context.Context, connectorID, state, redirectURI string) (string, error) {
	if state == "" {
		return "", &ValidationError{Field: "state", Reason: "must not be empty"}
	}
	if redirectURI == "" {
		return "", &ValidationError{Field: "redirectUri", Reason: "must not be empty"}
	}
	var out struct {
		RedirectTo string `json:"redirectTo"`
	}
	body := map[string]string{"state": state, "redirectUri": redirectURI}
	path := "/api/connectors/" + seg(connectorID) + "/authorization-uri"
	if _, err := c.do(ctx, request{method: http.MethodPost, path: path, body: body}, &out); err != nil {
		return "", err
	}
	return out.RedirectTo, nil
}

// LinkIdentity links a social identity from the provider's callback data
// (code, state, redirectUri, ...). It replaces an identity of the same target.
func (c *Client) LinkIdentity(ctx context.Context, userID, connectorID string, connectorData map[string]string) (Identities, error) {
	if connectorID == "" {
		return nil, &ValidationError{Field: "connectorId", Reason: "must not be empty"}
	}
	body := map[string]any{"connectorId": connectorID, "connectorData": connectorData}
	out := Identities{}
	if _, err := c.do(ctx, request{method: http.MethodPost, path: userPath(userID, "/identities"), body: body}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// PutIdentity sets the identity of a target directly; created is true when
// the target was new (201), false when it replaced one (200).
func (c *Client) PutIdentity(ctx context.Context, userID, target string, id Identity) (Identities, bool, error) {
	if id.UserID == "" {
		return nil, false, &ValidationError{Field: "userId", Reason: "must not be empty"}
	}
	out := Identities{}
	resp, err := c.do(ctx, request{method: http.MethodPut, path: userPath(userID, "/identities/"+seg(target)), body: id}, &out)
	if err != nil {
		return nil, false, err
	}
	return out, resp.status == http.StatusCreated, nil
}

// UnlinkIdentity removes the identity of target (e.g. "google", not the
// connector id) and returns the user. Logto does not check that the user
// keeps a way to sign in.
func (c *Client) UnlinkIdentity(ctx context.Context, userID, target string) (*User, error) {
	var u User
	if _, err := c.do(ctx, request{method: http.MethodDelete, path: userPath(userID, "/identities/"+seg(target))}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// AllIdentities is the answer of GET all-identities.
type AllIdentities struct {
	SocialIdentities []struct {
		Target   string   `json:"target"`
		Identity Identity `json:"identity"`
	} `json:"socialIdentities"`
	SSOIdentities []struct {
		SSOConnectorID string      `json:"ssoConnectorId"`
		SSOIdentity    SSOIdentity `json:"ssoIdentity"`
	} `json:"ssoIdentities"`
}

// AllIdentities lists the user's social and enterprise SSO identities.
func (c *Client) AllIdentities(ctx context.Context, userID string) (*AllIdentities, error) {
	var out AllIdentities
	if _, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, "/all-identities")}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SSOIdentity returns the user's identity at one enterprise SSO connector.
func (c *Client) SSOIdentity(ctx context.Context, userID, ssoConnectorID string) (*SSOIdentity, error) {
	var out struct {
		SSOIdentity SSOIdentity `json:"ssoIdentity"`
	}
	if _, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, "/sso-identities/"+seg(ssoConnectorID))}, &out); err != nil {
		return nil, err
	}
	return &out.SSOIdentity, nil
}
