package sessions

import (
	"sort"
	"strings"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// scopeWords says what a scope lets an app do (message ids), for the
// scopes Logto defines (packages/toolkit/core-kit/src/openid.ts); others
// are shown as Logto names them.
var scopeWords = map[string]string{
	"openid":                     "sessions.scope_openid",
	"offline_access":             "sessions.scope_offline_access",
	"profile":                    "sessions.scope_profile",
	"email":                      "sessions.scope_email",
	"phone":                      "sessions.scope_phone",
	"address":                    "sessions.scope_address",
	"custom_data":                "sessions.scope_custom_data",
	"identities":                 "sessions.scope_identities",
	"roles":                      "sessions.scope_roles",
	"urn:logto:scope:sessions":   "sessions.scope_sessions",
	logto.ScopeOrganizations:     "sessions.scope_organizations",
	logto.ScopeOrganizationRoles: "sessions.scope_organization_roles",
	"all":                        "sessions.scope_all",
}

// ScopesInWords lists what a grant allows, in l's language: the OpenID
// scopes in words, then each API's scopes by name.
func ScopesInWords(l *i18n.Localizer, g logto.Grant) string {
	var parts []string
	for _, sc := range g.Scopes() {
		if id, ok := scopeWords[sc]; ok {
			parts = append(parts, l.T(id))
		} else {
			parts = append(parts, common.Clean(sc))
		}
	}
	res := g.ResourceScopes()
	names := make([]string, 0, len(res))
	for r := range res {
		names = append(names, r)
	}
	sort.Strings(names)
	for _, r := range names {
		api := common.Clean(r)
		if len(res[r]) == 0 {
			parts = append(parts, l.T("sessions.scope_api", "API", api))
			continue
		}
		parts = append(parts, l.T("sessions.scope_api_scopes", "API", api, "Scopes", common.Clean(strings.Join(res[r], ", "))))
	}
	if len(parts) == 0 {
		return l.T("sessions.scope_none")
	}
	return strings.Join(parts, l.T("sessions.scope_separator"))
}
