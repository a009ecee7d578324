package flow

import (
	"slices"
	"strings"
	"testing"
)

func TestAccountScopesAreAddedOnceAndMissingOnesNamed(t *testing.T) {
	got := WithAccountScopes([]string{"openid", "profile", "email", "roles"})
	for _, s := range AccountScopes {
		if n := strings.Count(" "+strings.Join(got, " ")+" ", " "+s+" "); n != 1 {
			t.Errorf("%s appears %d times in %v", s, n, got)
		}
	}
	if !slices.Contains(got, "roles") || got[0] != "openid" {
		t.Errorf("the configured scopes were not kept in order: %v", got)
	}
	if m := MissingScopes("openid offline_access profile email phone custom_data identities"); !slices.Equal(m, []string{"urn:logto:scope:sessions"}) {
		t.Errorf("missing = %v", m)
	}
	if m := MissingScopes(strings.Join(AccountScopes, " ")); len(m) != 0 {
		t.Errorf("a full grant misses %v", m)
	}
}
