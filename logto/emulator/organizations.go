package emulator

import (
	"net/http"
	"slices"
	"time"
)

// This file is Logto's organisations as far as a member sees them: GET
// /api/users/{id}/organizations (routes/admin-user/organization.ts) and the
// userinfo claims of the organizations scopes (oidc/scope.ts).

// organization is one of the tenant's organisations.
type organization struct {
	ID, Name, Description string
	MFARequired           bool
	CreatedAt             time.Time
	// members maps a user id to the names of their roles here.
	members map[string][]string
	seq     uint64
}

// OrganizationSeed describes an organisation made by SeedOrganization.
type OrganizationSeed struct {
	Name, Description string
	MFARequired       bool
	// Members maps a user id to that member's role names ("" none).
	Members map[string][]string
}

// SeedOrganization makes an organisation with members and returns its id.
func (e *Emulator) SeedOrganization(s OrganizationSeed) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	o := &organization{ID: randomID(12), Name: s.Name, Description: s.Description, MFARequired: s.MFARequired,
		CreatedAt: e.clock(), members: map[string][]string{}, seq: e.nextSeq()}
	for id, roles := range s.Members {
		o.members[id] = slices.Clone(roles)
	}
	if e.orgs == nil {
		e.orgs = map[string]*organization{}
	}
	e.orgs[o.ID] = o
	return o.ID
}

// roleID names a role: the emulator keeps one role per name.
func roleID(name string) string { return "role-" + name }

// userOrgsLocked lists a user's organisations in creation order. Call with e.mu held.
func (e *Emulator) userOrgsLocked(userID string) []*organization {
	var out []*organization
	for _, o := range e.orgs {
		if _, ok := o.members[userID]; ok {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b *organization) int { return int(a.seq) - int(b.seq) })
	return out
}

func (e *Emulator) listUserOrganizations(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	out := []any{}
	for _, o := range e.userOrgsLocked(u.ID) {
		roles := []any{}
		for _, name := range o.members[u.ID] {
			roles = append(roles, map[string]any{"id": roleID(name), "name": name})
		}
		var desc any
		if o.Description != "" {
			desc = o.Description
		}
		out = append(out, map[string]any{"tenantId": "default", "id": o.ID, "name": o.Name, "description": desc,
			"customData": map[string]any{}, "isMfaRequired": o.MFARequired, "color": map[string]any{},
			"branding": map[string]any{}, "customCss": nil, "createdAt": o.CreatedAt.UnixMilli(), "organizationRoles": roles})
	}
	writeJSON(w, http.StatusOK, out)
}

// orgClaimsLocked adds the organisation claims of userinfo for the scopes
// granted. Call with e.mu held.
func (e *Emulator) orgClaimsLocked(c map[string]any, userID string, scopes []string) {
	orgs := e.userOrgsLocked(userID)
	if slices.Contains(scopes, "urn:logto:scope:organizations") {
		ids, data := []string{}, []any{}
		for _, o := range orgs {
			var desc any
			if o.Description != "" {
				desc = o.Description
			}
			ids = append(ids, o.ID)
			data = append(data, map[string]any{"id": o.ID, "name": o.Name, "description": desc})
		}
		c["organizations"], c["organization_data"] = ids, data
	}
	if slices.Contains(scopes, "urn:logto:scope:organization_roles") {
		roles := []string{}
		for _, o := range orgs {
			for _, name := range o.members[userID] {
				roles = append(roles, o.ID+":"+name)
			}
		}
		c["organization_roles"] = roles
	}
}
