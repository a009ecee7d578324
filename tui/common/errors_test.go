package common

import (
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto"
)

// TestEveryScreenCodeHasASentence lists the codes logto-api.md gives for
// the profile, email/phone and password routes.
func TestEveryScreenCodeHasASentence(t *testing.T) {
	codes := []string{"user.username_already_in_use", "user.email_already_in_use", "user.phone_already_in_use",
		"user.invalid_phone", "entity.value_too_long", "entity.invalid_input", "guard.invalid_input",
		"verification_code.code_mismatch", "verification_code.expired", "verification_code.exceed_max_try",
		"verification_code.not_found", "request.message_rate_limited", "connector.not_found",
		"connector.template_not_found", "session.invalid_credentials", "user.same_password", "password.rejected"}
	seen := map[string]string{}
	for _, c := range codes {
		w := Words(&logto.APIError{Status: 400, Code: c, Message: "{{raw}} server text"})
		if w == "" || strings.Contains(w, "{{") || strings.Contains(w, "server text") || !strings.HasSuffix(w, ".") {
			t.Errorf("%s → %q", c, w)
		}
		if other, dup := seen[w]; dup {
			t.Errorf("%s and %s share the sentence %q", c, other, w)
		}
		seen[w] = c
	}
	if w := Words(&logto.APIError{Status: 502, NotJSON: true}); !strings.Contains(w, "502") {
		t.Errorf("502: %q", w)
	}
}
