package logto

import (
	"context"
	"net/http"
)

// AccountCenter is the tenant's switch for the Account API
// (docs/logto-behaviour.md#account-center): Enabled,
// and each field's control, "Off", "ReadOnly" or "Edit" (missing = Off).
type AccountCenter struct {
	Enabled bool              `json:"enabled"`
	Fields  map[string]string `json:"fields"`
}

// GetAccountCenter reads the Account Center settings (Management API).
func (c *Client) GetAccountCenter(ctx context.Context) (*AccountCenter, error) {
	var out AccountCenter
	if _, err := c.do(ctx, request{method: http.MethodGet, path: "/api/account-center"}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateAccountCenter sets the Account Center (Management API); fields
// replaces the whole object, so pass every field that should stay on.
func (c *Client) UpdateAccountCenter(ctx context.Context, ac AccountCenter) (*AccountCenter, error) {
	var out AccountCenter
	body := map[string]any{"enabled": ac.Enabled}
	if ac.Fields != nil {
		body["fields"] = ac.Fields
	}
	if _, err := c.do(ctx, request{method: http.MethodPatch, path: "/api/account-center", body: body}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
