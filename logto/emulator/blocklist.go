package emulator

import (
	"net/http"
	"regexp"
	"strings"
)

// emailRefusal applies the tenant's emailBlocklistPolicy to an address
// the user is about to add, as Logto's validateEmailAgainstBlocklistPolicy
// does (libraries/sign-in-experience/email-blocklist-policy.ts): no domain
// → 400 invalid_email; a subaddress (+) when blocked → 422; not on a
// non-empty allowlist → 422 email_not_allowed; on the blocklist → 422
// email_not_allowed. Disposable-address checks are Logto Cloud's and are
// not emulated. It writes the answer and returns false when refused. Call
// with e.mu held.
func (e *Emulator) emailAllowed(w http.ResponseWriter, email string) bool {
	policy, _ := e.signInExp["emailBlocklistPolicy"].(map[string]any)
	local, domain, _ := strings.Cut(email, "@")
	list := func(key string) []string { return anyStrings(policy[key]) }
	switch {
	case domain == "":
		apiError(w, http.StatusBadRequest, "session.email_blocklist.invalid_email", nil)
	case policy["blockSubaddressing"] == true && strings.Contains(local, "+"):
		apiError(w, http.StatusUnprocessableEntity, "session.email_blocklist.email_subaddressing_not_allowed", nil)
	case len(list("customAllowlist")) > 0 && !matchesAny(list("customAllowlist"), email):
		apiError(w, http.StatusUnprocessableEntity, "session.email_blocklist.email_not_allowed", map[string]any{"email": email})
	case matchesAny(list("customBlocklist"), email):
		apiError(w, http.StatusUnprocessableEntity, "session.email_blocklist.email_not_allowed", map[string]any{"email": email})
	default:
		return true
	}
	return false
}

// matchesAny is core-kit's matchesEmailBlocklistItem over a list: case
// insensitive; "@domain" items match the domain, others the whole
// address; "*" matches anything (1.42 wildcards).
func matchesAny(items []string, email string) bool {
	email = strings.ToLower(email)
	_, domain, _ := strings.Cut(email, "@")
	for _, item := range items {
		item = strings.ToLower(item)
		subject := email
		if d, ok := strings.CutPrefix(item, "@"); ok {
			item, subject = d, domain
		}
		if !strings.Contains(item, "*") {
			if item == subject {
				return true
			}
			continue
		}
		parts := strings.Split(item, "*")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		if regexp.MustCompile("^" + strings.Join(parts, ".*") + "$").MatchString(subject) {
			return true
		}
	}
	return false
}
