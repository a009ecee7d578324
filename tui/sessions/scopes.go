package sessions

import (
	"sort"
	"strings"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// scopeWords says what a scope lets an app do, for the scopes Logto
// defines (packages/toolkit/core-kit/src/openid.ts); others are shown as
// Logto names them.
var scopeWords = map[string]string{
	"openid":                     "know it is you",
	"offline_access":             "stay signed in",
	"profile":                    "your name and picture",
	"email":                      "your email",
	"phone":                      "your phone",
	"address":                    "your address",
	"custom_data":                "your custom data",
	"identities":                 "your linked accounts and two-step methods",
	"roles":                      "your roles",
	"urn:logto:scope:sessions":   "your sessions and apps",
	logto.ScopeOrganizations:     "your organisations",
	logto.ScopeOrganizationRoles: "your roles in them",
	"all":                        "the whole tenant (admin)",
}

// ScopesInWords lists what a grant allows: the OpenID scopes in words, then
// each API's scopes by name.
func ScopesInWords(g logto.Grant) string {
	var parts []string
	for _, sc := range g.Scopes() {
		if w, ok := scopeWords[sc]; ok {
			parts = append(parts, w)
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
			parts = append(parts, "access to "+api)
			continue
		}
		parts = append(parts, "on "+api+": "+common.Clean(strings.Join(res[r], ", ")))
	}
	if len(parts) == 0 {
		return "no scopes recorded"
	}
	return strings.Join(parts, "; ")
}
