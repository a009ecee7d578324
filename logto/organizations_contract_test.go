package logto_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

// memberOf puts userID in a new organisation with one role and removes
// both after the test: seeded on the emulator, made with the Management API
// on a real Logto.
func (tg *target) memberOf(t *testing.T, userID, org, role string) string {
	t.Helper()
	if tg.emu != nil {
		return tg.emu.SeedOrganization(emulator.OrganizationSeed{Name: org, Description: "test",
			Members: map[string][]string{userID: {role}}})
	}
	var o, r struct {
		ID string `json:"id"`
	}
	tg.management(t, http.MethodPost, "/api/organizations", map[string]any{"name": org, "description": "test"}, &o)
	t.Cleanup(func() { tg.management(t, http.MethodDelete, "/api/organizations/"+o.ID, nil, nil) })
	tg.management(t, http.MethodPost, "/api/organization-roles", map[string]any{"name": role}, &r)
	t.Cleanup(func() { tg.management(t, http.MethodDelete, "/api/organization-roles/"+r.ID, nil, nil) })
	tg.management(t, http.MethodPost, "/api/organizations/"+o.ID+"/users", map[string]any{"userIds": []string{userID}}, nil)
	tg.management(t, http.MethodPost, "/api/organizations/"+o.ID+"/users/"+userID+"/roles",
		map[string]any{"organizationRoleIds": []string{r.ID}}, nil)
	return o.ID
}

// TestContractOrganizationsWithRoles: GET /api/users/{id}/organizations
// lists each organisation with the user's roles there (not paginated), an
// empty list for a user in none, 404 for an unknown user.
func TestContractOrganizationsWithRoles(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	s := suffix()
	u := tg.newUser(t, logto.NewUser{Username: "orgs_" + s})
	none, err := tg.client.UserOrganizations(ctx, u.ID)
	if err != nil || none == nil || len(none) != 0 {
		t.Fatalf("a user in no organisation: %#v %v (want an empty list)", none, err)
	}
	id := tg.memberOf(t, u.ID, "Org "+s, "auditor_"+s)
	orgs, err := tg.client.UserOrganizations(ctx, u.ID)
	if err != nil || len(orgs) != 1 {
		t.Fatalf("organisations: %+v %v", orgs, err)
	}
	o := orgs[0]
	if o.ID != id || o.Name != "Org "+s || o.Description != "test" || len(o.Roles) != 1 ||
		o.Roles[0].Name != "auditor_"+s || o.Roles[0].ID == "" {
		t.Errorf("organisation as listed: %+v", o)
	}
	_, err = tg.client.UserOrganizations(ctx, "nonexistent12")
	wantCode(t, err, http.StatusNotFound, "entity.not_found")
}

// TestContractAccountOrganizationsFromUserinfo: the Account API has no
// organisations route; a token granted the organizations scopes reads them
// from /oidc/me (organization_data, organization_roles "id:name"), and one
// without them is told the capability is missing before any call.
func TestContractAccountOrganizationsFromUserinfo(t *testing.T) {
	at := newAccountTarget(t)
	at.needEmulator(t, "a user token granted the organizations scopes")
	ctx := context.Background()
	s := suffix()
	id := at.memberOf(t, at.user.ID, "Org "+s, "editor")
	tok, err := at.emu.UserToken(at.user.ID, emulator.DefaultDeviceAppID,
		emulator.AccountScopes+" "+logto.ScopeOrganizations+" "+logto.ScopeOrganizationRoles)
	if err != nil {
		t.Fatal(err)
	}
	c, err := logto.New(logto.Options{Endpoint: at.endpoint, Tokens: staticToken(tok)})
	if err != nil {
		t.Fatal(err)
	}
	acct := logto.NewMyAccount(c).WithScopes(emulator.AccountScopes + " " + logto.ScopeOrganizations + " " + logto.ScopeOrganizationRoles)
	orgs, err := acct.Organizations(ctx)
	if err != nil || len(orgs) != 1 || orgs[0].ID != id || orgs[0].Name != "Org "+s || len(orgs[0].Roles) != 1 ||
		orgs[0].Roles[0].Name != "editor" {
		t.Fatalf("organisations from userinfo: %+v %v", orgs, err)
	}
	without := logto.NewMyAccount(at.newClient(t)).WithScopes(emulator.AccountScopes)
	before := at.requests("", "/oidc/me")
	if _, err := without.Organizations(ctx); !errors.Is(err, logto.ErrUnavailable) {
		t.Errorf("a token without the scope: %v, want unavailable", err)
	}
	if at.requests("", "/oidc/me") != before {
		t.Error("a token without the scope still asked userinfo")
	}
}
