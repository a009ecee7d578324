package logto

import (
	"context"
	"net/http"
)

// HasPassword reports whether the user has a password.
func (c *Client) HasPassword(ctx context.Context, userID string) (bool, error) {
	var out struct {
		HasPassword bool `json:"hasPassword"`
	}
	if _, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, "/has-password")}, &out); err != nil {
		return false, err
	}
	return out.HasPassword, nil
}

// VerifyPassword checks the user's password: nil when right, an *APIError
// with code session.invalid_credentials when wrong or when the user has none.
// Logto has no lockout on this route: callers must throttle.
func (c *Client) VerifyPassword(ctx context.Context, userID string, password Secret) error {
	if password == "" {
		return &ValidationError{Field: "password", Reason: "must not be empty"}
	}
	body := map[string]Secret{"password": password}
	_, err := c.do(ctx, request{method: http.MethodPost, path: userPath(userID, "/password/verify"), body: body}, nil)
	return err
}

// UpdatePassword sets a new password. The Management API enforces no policy
// and accepts the current password again: check both before calling.
func (c *Client) UpdatePassword(ctx context.Context, userID string, password Secret) (*User, error) {
	if password == "" {
		return nil, &ValidationError{Field: "password", Reason: "must not be empty"}
	}
	var u User
	body := map[string]Secret{"password": password}
	if _, err := c.do(ctx, request{method: http.MethodPatch, path: userPath(userID, "/password"), body: body}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}
