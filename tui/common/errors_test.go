package common

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto"
)

// TestEveryScreenCodeHasASentence lists the codes docs/logto-behaviour.md#errors gives for
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

// TestAccountAPICodesSpeakToTheUser: on the Account API the same codes
// mean something else (the user's own token, the tenant's Account Center),
// and every Account API code docs/logto-behaviour.md#errors lists gets its
// own sentence there.
func TestAccountAPICodesSpeakToTheUser(t *testing.T) {
	codes := []string{"auth.unauthorized", "auth.forbidden", "auth.third_party_application_forbidden",
		"account_center.not_enabled", "account_center.field_not_editable", "account_center.field_not_enabled",
		"verification_record.permission_denied", "verification_record.not_found", "session.mfa.invalid_totp_code",
		"session.mfa.mfa_factor_not_enabled", "oidc.session_not_found", "user.email_required",
		"session.verification_blocked_too_many_attempts"}
	seen := map[string]string{}
	for _, c := range codes {
		w := Words(&logto.APIError{Status: 400, Code: c, Path: "/api/my-account/x", Message: "server text"})
		if w == "" || strings.Contains(w, "server text") || strings.Contains(w, "M2M") || !strings.HasSuffix(w, ".") {
			t.Errorf("%s → %q", c, w)
		}
		if other, dup := seen[w]; dup {
			t.Errorf("%s and %s share %q", c, other, w)
		}
		seen[w] = c
	}
	// Logto 1.42 misspells the code on the email/phone routes.
	if a, b := Words(&logto.APIError{Code: "account_center.filed_not_editable", Path: "/api/my-account/primary-email"}),
		Words(&logto.APIError{Code: "account_center.field_not_editable", Path: "/api/my-account"}); a != b {
		t.Errorf("the misspelt code reads %q, want %q", a, b)
	}
	mgmt := Words(&logto.APIError{Status: 401, Code: "auth.unauthorized", Path: "/api/users/x"})
	if !strings.Contains(mgmt, "M2M") {
		t.Errorf("the Management API's auth.unauthorized lost its meaning: %q", mgmt)
	}
	if w := Words(&logto.UnavailableError{Capability: logto.CapPersonalAccessTokens}); !strings.Contains(w, "SSH service") {
		t.Errorf("unavailable: %q", w)
	}
}

func TestAUserLogtoCannotGiveBackIsExplained(t *testing.T) {
	list := Words(&logto.APIError{Status: 500, Method: "GET", Path: "/api/users"})
	one := Words(&logto.APIError{Status: 500, Method: "GET", Path: "/api/users/abc123def456"})
	if !strings.Contains(list, "exact id, email or username") || !strings.Contains(one, "shorten") {
		t.Errorf("list: %q\nuser: %q", list, one)
	}
	if other := Words(&logto.APIError{Status: 500, Path: "/api/connectors"}); !strings.Contains(other, "having trouble") {
		t.Errorf("another 500: %q", other)
	}
}

// TestNewRouteCodesHaveSentences: the codes of the routes issue 19 added
// (uploads, the audit log, the tenant's email lists) and the capabilities
// a backend lacks each read as their own sentence.
func TestNewRouteCodesHaveSentences(t *testing.T) {
	cases := []*logto.APIError{
		{Code: "storage.not_configured", Path: "/api/my-account/user-assets/avatar"},
		{Code: "storage.not_configured", Path: "/api/user-assets"},
		{Code: "storage.upload_error", Path: "/api/user-assets"},
		{Code: "guard.file_size_exceeded", Path: "/api/user-assets"},
		{Code: "guard.mime_type_not_allowed", Path: "/api/my-account/user-assets/avatar"},
		{Code: "log.invalid_time_window", Path: "/api/logs"},
		{Code: "session.email_blocklist.email_not_allowed", Path: "/api/verifications/verification-code"},
		{Code: "session.email_blocklist.email_subaddressing_not_allowed", Path: "/api/my-account/primary-email"},
		{Code: "session.email_blocklist.invalid_email", Path: "/api/my-account/primary-email"},
	}
	for _, c := range cases {
		c.Status, c.Message = 400, "server text"
		if w := Words(c); strings.Contains(w, "HTTP") || strings.Contains(w, "server text") || !strings.HasSuffix(w, ".") {
			t.Errorf("%s on %s → %q", c.Code, c.Path, w)
		}
	}
	if a, b := Words(cases[0]), Words(cases[1]); a != b || !strings.Contains(a, "storage") {
		t.Errorf("both APIs' storage.not_configured: %q / %q", a, b)
	}
	for _, c := range []logto.Capability{logto.CapSignInHistory, logto.CapBackupCodeUsage, logto.CapOrganizations} {
		if w := Lacking(c); strings.Contains(w, "not available in this mode") {
			t.Errorf("%s has no sentence of its own", c)
		}
	}
}

// TestFileErrorsAreNotNetworkErrors: the system's error numbers are
// net.Errors too, so a file that could not be read or written said "Cannot
// reach Logto. Check your connection".
func TestFileErrorsAreNotNetworkErrors(t *testing.T) {
	_, err := os.ReadFile(filepath.Join(t.TempDir(), "missing", "avatar.png"))
	got := Words(fmt.Errorf("reading the avatar: %w", err))
	if strings.Contains(got, "reach Logto") || !strings.Contains(got, "avatar.png") || !strings.Contains(got, "no such file") {
		t.Errorf("a missing file said %q", got)
	}
}
