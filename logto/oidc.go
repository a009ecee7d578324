package logto

import (
	"context"
	"net/http"
)

// OIDCConfiguration is the part of the discovery document this app uses.
type OIDCConfiguration struct {
	Issuer                      string   `json:"issuer"`
	JWKSURI                     string   `json:"jwks_uri"`
	TokenEndpoint               string   `json:"token_endpoint"`
	DeviceAuthorizationEndpoint string   `json:"device_authorization_endpoint"`
	UserinfoEndpoint            string   `json:"userinfo_endpoint"`
	RevocationEndpoint          string   `json:"revocation_endpoint"`
	EndSessionEndpoint          string   `json:"end_session_endpoint"`
	GrantTypesSupported         []string `json:"grant_types_supported"`
	ScopesSupported             []string `json:"scopes_supported"`
	IDTokenSigningAlgs          []string `json:"id_token_signing_alg_values_supported"`
}

// Discovery fetches {endpoint}/oidc/.well-known/openid-configuration.
func (c *Client) Discovery(ctx context.Context) (*OIDCConfiguration, error) {
	var out OIDCConfiguration
	if _, err := c.do(ctx, request{method: http.MethodGet, path: "/oidc/.well-known/openid-configuration", anon: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
