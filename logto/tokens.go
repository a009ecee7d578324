package logto

import (
	"context"
	"net/http"
	"time"
)

// PersonalAccessToken is a PAT (docs/logto-behaviour.md#pat). Value is returned by every list call;
// it is a Secret so that it never prints by accident.
type PersonalAccessToken struct {
	UserID    string `json:"userId"`
	Name      string `json:"name"`
	Value     Secret `json:"value"`
	CreatedAt Time   `json:"createdAt"`
	// ExpiresAt is zero when the token never expires.
	ExpiresAt Time `json:"expiresAt"`
}

// Expired reports whether the token has expired at now.
func (p *PersonalAccessToken) Expired(now time.Time) bool {
	return !p.ExpiresAt.IsZero() && !p.ExpiresAt.After(now)
}

// PersonalAccessTokens lists the user's PATs, values included.
func (c *Client) PersonalAccessTokens(ctx context.Context, userID string) ([]PersonalAccessToken, error) {
	var out []PersonalAccessToken
	if _, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, "/personal-access-tokens")}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// CreatePersonalAccessToken creates a PAT; expiresAt nil means never.
func (c *Client) CreatePersonalAccessToken(ctx context.Context, userID, name string, expiresAt *time.Time) (*PersonalAccessToken, error) {
	if err := ValidatePATName(name); err != nil {
		return nil, err
	}
	body := map[string]any{"name": name, "expiresAt": nil}
	if expiresAt != nil {
		if !expiresAt.After(c.now()) {
			return nil, &ValidationError{Field: "expiresAt", Reason: "must be in the future"}
		}
		body["expiresAt"] = expiresAt.UnixMilli()
	}
	var out PersonalAccessToken
	if _, err := c.do(ctx, request{method: http.MethodPost, path: userPath(userID, "/personal-access-tokens"), body: body}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// RenamePersonalAccessToken renames a PAT (body route: any name works).
func (c *Client) RenamePersonalAccessToken(ctx context.Context, userID, currentName, newName string) (*PersonalAccessToken, error) {
	if currentName == "" {
		return nil, &ValidationError{Field: "currentName", Reason: "must not be empty"}
	}
	if err := ValidatePATName(newName); err != nil {
		return nil, err
	}
	var out PersonalAccessToken
	body := map[string]string{"currentName": currentName, "name": newName}
	if _, err := c.do(ctx, request{method: http.MethodPatch, path: userPath(userID, "/personal-access-tokens"), body: body}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeletePersonalAccessToken deletes a PAT by name (body route).
func (c *Client) DeletePersonalAccessToken(ctx context.Context, userID, name string) error {
	if name == "" {
		return &ValidationError{Field: "name", Reason: "must not be empty"}
	}
	body := map[string]string{"name": name}
	_, err := c.do(ctx, request{method: http.MethodPost, path: userPath(userID, "/personal-access-tokens/delete"), body: body}, nil)
	return err
}
