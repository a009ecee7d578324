package logto

import (
	"context"
	"net/http"
	"strings"
)

// The user scopes whose userinfo claims name the user's organisations and
// their roles there (packages/toolkit/core-kit/src/openid.ts).
const (
	ScopeOrganizations     = "urn:logto:scope:organizations"
	ScopeOrganizationRoles = "urn:logto:scope:organization_roles"
)

// Organization is one organisation the user belongs to, with the user's
// roles in it (docs/logto-behaviour.md#organizations).
type Organization struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// IsMFARequired: the organisation asks its members for a second factor.
	IsMFARequired bool               `json:"isMfaRequired"`
	Roles         []OrganizationRole `json:"organizationRoles"`
}

// OrganizationRole is a role the user holds in an organisation (the
// Account API's claims give its name only).
type OrganizationRole struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
}

// UserOrganizations lists the organisations of a user with the user's
// roles in each (GET /api/users/{id}/organizations; not paginated).
func (c *Client) UserOrganizations(ctx context.Context, userID string) ([]Organization, error) {
	var out []Organization
	if _, err := c.do(ctx, request{method: http.MethodGet, path: userPath(userID, "/organizations")}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Organizations lists the bound user's organisations with their roles.
func (a *ManagementAccount) Organizations(ctx context.Context) ([]Organization, error) {
	return a.c.UserOrganizations(ctx, a.id)
}

// Organizations reads the user's organisations from the userinfo endpoint
// (/oidc/me): the Account API has no route of its own, but the claims of
// the organizations scopes name them (organization_data: id, name,
// description) and the roles ("organization id:role name"). A token
// without the scope gets UnavailableError.
func (a *MyAccount) Organizations(ctx context.Context) ([]Organization, error) {
	if a.Lacks(CapOrganizations) {
		return nil, a.unavailable(CapOrganizations)
	}
	var claims struct {
		IDs   []string       `json:"organizations"`
		Raw   []Organization `json:"organization_data"`
		Roles []string       `json:"organization_roles"`
	}
	if err := a.do(ctx, request{method: http.MethodGet, path: "/oidc/me"}, false, "", &claims); err != nil {
		return nil, err
	}
	out := claims.Raw
	if len(out) == 0 { // organization_data is there from Logto 1.12; ids alone before
		for _, id := range claims.IDs {
			out = append(out, Organization{ID: id})
		}
	}
	for i := range out {
		out[i].Roles = nil
		for _, r := range claims.Roles {
			if org, role, ok := strings.Cut(r, ":"); ok && org == out[i].ID {
				out[i].Roles = append(out[i].Roles, OrganizationRole{Name: role})
			}
		}
	}
	return out, nil
}
