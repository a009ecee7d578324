package logto

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// GetUserOptions select optional parts of GET /api/users/{id}.
type GetUserOptions struct {
	// IncludeSSOIdentities adds the ssoIdentities array.
	IncludeSSOIdentities bool
}

// GetUser fetches a user.
func (c *Client) GetUser(ctx context.Context, userID string, opts GetUserOptions) (*User, error) {
	var q url.Values
	if opts.IncludeSSOIdentities {
		q = url.Values{"includeSsoIdentities": {"true"}}
	}
	var u User
	_, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, ""), query: q}, &u)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// CreateUser creates a user (admin use, and tests that seed their own users).
func (c *Client) CreateUser(ctx context.Context, nu NewUser) (*User, error) {
	if nu.Username != "" {
		if err := ValidateUsername(nu.Username); err != nil {
			return nil, err
		}
	}
	if nu.PrimaryEmail != "" {
		if err := ValidateEmail(nu.PrimaryEmail); err != nil {
			return nil, err
		}
	}
	if nu.PrimaryPhone != "" {
		if err := ValidatePhone(nu.PrimaryPhone); err != nil {
			return nil, err
		}
	}
	var u User
	if _, err := c.do(ctx, request{method: http.MethodPost, path: "/api/users", body: nu}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateUser patches a user. CustomData and Profile, when set, replace the
// whole object (use UpdateCustomData / UpdateProfile to merge).
func (c *Client) UpdateUser(ctx context.Context, userID string, p UserPatch) (*User, error) {
	if err := validateUserPatch(p); err != nil {
		return nil, err
	}
	var u User
	if _, err := c.do(ctx, request{method: http.MethodPatch, path: userPath(userID, ""), body: p}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateProfile shallow-merges p into the user's profile and returns the
// merged profile. A nested object such as Address is replaced as a unit.
func (c *Client) UpdateProfile(ctx context.Context, userID string, p Profile) (*Profile, error) {
	var out Profile
	body := map[string]any{"profile": p}
	if _, err := c.do(ctx, request{method: http.MethodPatch, path: userPath(userID, "/profile"), body: body}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CustomData returns the user's custom data object.
func (c *Client) CustomData(ctx context.Context, userID string) (map[string]any, error) {
	out := map[string]any{}
	if _, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, "/custom-data")}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateCustomData shallow-merges data into the user's custom data and
// returns the merged object. It cannot delete keys: use UpdateUser.
func (c *Client) UpdateCustomData(ctx context.Context, userID string, data map[string]any) (map[string]any, error) {
	if data == nil {
		return nil, &ValidationError{Field: "customData", Reason: "must be a JSON object"}
	}
	out := map[string]any{}
	body := map[string]any{"customData": data}
	if _, err := c.do(ctx, request{method: http.MethodPatch, path: userPath(userID, "/custom-data"), body: body}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SetSuspended suspends or reinstates a user. Suspension revokes every token
// and session of that user.
func (c *Client) SetSuspended(ctx context.Context, userID string, suspended bool) (*User, error) {
	var u User
	body := map[string]bool{"isSuspended": suspended}
	if _, err := c.do(ctx, request{method: http.MethodPatch, path: userPath(userID, "/is-suspended"), body: body}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// DeleteUser deletes a user and everything of theirs.
func (c *Client) DeleteUser(ctx context.Context, userID string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: userPath(userID, "")}, nil)
	return err
}

// LogtoConfigs returns the user's logto-configs.
func (c *Client) LogtoConfigs(ctx context.Context, userID string) (*LogtoConfigs, error) {
	var out LogtoConfigs
	if _, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, "/logto-configs")}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateLogtoConfigs patches the user's logto-configs.
func (c *Client) UpdateLogtoConfigs(ctx context.Context, userID string, p LogtoConfigsPatch) (*LogtoConfigs, error) {
	var out LogtoConfigs
	if _, err := c.do(ctx, request{method: http.MethodPatch, path: userPath(userID, "/logto-configs"), body: p}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UserQuery selects a page of GET /api/users.
type UserQuery struct {
	// Search matches id, username, email, phone and name (Logto's `search`).
	Search string
	// Page is 1-based; 0 means 1.
	Page int
	// PageSize is 1–100; 0 means 20.
	PageSize int
}

// UserPage is one page of a user search.
type UserPage struct {
	Users []User
	// Total is the Total-Number header; a lower bound when TotalCapped.
	Total       int
	TotalCapped bool
	Page        int
	PageSize    int
}

// HasNext reports whether another page may follow. Logto's Link headers drop
// the /api prefix (docs/logto-behaviour.md#pagination), so the next query is built here, never followed.
func (p *UserPage) HasNext() bool {
	if p.TotalCapped || p.Total < 0 {
		return len(p.Users) == p.PageSize && len(p.Users) > 0
	}
	return p.Page*p.PageSize < p.Total
}

// Next returns the query of the following page.
func (p *UserPage) Next(q UserQuery) UserQuery {
	q.Page = p.Page + 1
	q.PageSize = p.PageSize
	return q
}

// SearchUsers lists users, newest first, one page at a time.
func (c *Client) SearchUsers(ctx context.Context, q UserQuery) (*UserPage, error) {
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PageSize == 0 {
		q.PageSize = 20
	}
	if q.Page < 1 {
		return nil, &ValidationError{Field: "page", Reason: "must be 1 or more"}
	}
	if q.PageSize < 1 || q.PageSize > 100 {
		return nil, &ValidationError{Field: "page_size", Reason: "must be between 1 and 100"}
	}
	v := url.Values{"page": {strconv.Itoa(q.Page)}, "page_size": {strconv.Itoa(q.PageSize)}}
	if s := strings.TrimSpace(q.Search); s != "" {
		// Logto matches with SQL LIKE (case-insensitive): the text is taken
		// literally, its own % and _ escaped, inside %…%.
		v.Set("search", "%"+likeEscaper.Replace(s)+"%")
	}
	var users []User
	resp, err := c.do(ctx, request{method: http.MethodGet, path: "/api/users", query: v}, &users)
	if err != nil {
		return nil, err
	}
	total, capped := ParsePaginationHeaders(resp.header)
	return &UserPage{Users: users, Total: total, TotalCapped: capped, Page: q.Page, PageSize: q.PageSize}, nil
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// ParsePaginationHeaders reads Total-Number (-1 when missing or malformed)
// and Total-Number-Is-Capped.
func ParsePaginationHeaders(h http.Header) (total int, capped bool) {
	total = -1
	if v := strings.TrimSpace(h.Get("Total-Number")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			total = n
		}
	}
	capped = strings.EqualFold(strings.TrimSpace(h.Get("Total-Number-Is-Capped")), "true")
	return total, capped
}
