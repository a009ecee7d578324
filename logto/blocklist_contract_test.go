package logto_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"github.com/logto-account/logto-account/logto"
)

// keepEmailPolicy puts the tenant's emailBlocklistPolicy back after the test.
func (tg *target) keepEmailPolicy(t *testing.T) {
	t.Helper()
	var sie struct {
		Policy map[string]any `json:"emailBlocklistPolicy"`
	}
	tg.management(t, http.MethodGet, "/api/sign-in-exp", nil, &sie)
	found := sie.Policy
	if found == nil {
		found = map[string]any{}
	}
	t.Cleanup(func() {
		var back struct {
			Policy map[string]any `json:"emailBlocklistPolicy"`
		}
		tg.management(t, http.MethodPatch, "/api/sign-in-exp", map[string]any{"emailBlocklistPolicy": found}, &back)
		if !reflect.DeepEqual(back.Policy, found) && !(len(back.Policy) == 0 && len(found) == 0) {
			t.Errorf("emailBlocklistPolicy is %v after the test; it was %v", back.Policy, found)
		}
	})
}

// TestContractEmailBlocklistOnTheAccountAPI: the tenant's email block and
// allow lists apply to an end user's new address: the code to it is
// refused (from 1.42) and so is the change (from 1.28), with
// session.email_blocklist.* codes, 422. The Management API's user PATCH
// applies none of them.
func TestContractEmailBlocklistOnTheAccountAPI(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	at.keepEmailPolicy(t)
	set := func(p map[string]any) {
		at.management(t, http.MethodPatch, "/api/sign-in-exp", map[string]any{"emailBlocklistPolicy": p}, nil)
	}
	s := suffix()
	set(map[string]any{"customBlocklist": []string{"@blocked.example", "spam*@example.org"}, "blockSubaddressing": true})
	wantCode(t, at.acct.SendCode(ctx, logto.Recipient{Email: "x" + s + "@Blocked.Example"}), http.StatusUnprocessableEntity,
		"session.email_blocklist.email_not_allowed")
	wantCode(t, at.acct.SendCode(ctx, logto.Recipient{Email: "spammer" + s + "@example.org"}), http.StatusUnprocessableEntity,
		"session.email_blocklist.email_not_allowed")
	wantCode(t, at.acct.SendCode(ctx, logto.Recipient{Email: "me+" + s + "@example.com"}), http.StatusUnprocessableEntity,
		"session.email_blocklist.email_subaddressing_not_allowed")
	set(map[string]any{"customAllowlist": []string{"@allowed.example"}})
	wantCode(t, at.acct.SendCode(ctx, logto.Recipient{Email: "me" + s + "@example.com"}), http.StatusUnprocessableEntity,
		"session.email_blocklist.email_not_allowed")

	// The Management API is not bound by the lists.
	if _, err := at.client.UpdateUser(ctx, at.user.ID, logto.UserPatch{PrimaryEmail: logto.Value("me" + s + "@example.com")}); err != nil {
		t.Errorf("the Management API applied the tenant's email lists: %v", err)
	}
}
