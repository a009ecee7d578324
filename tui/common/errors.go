package common

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"strings"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
)

// words maps every Logto error code a screen can meet to a sentence that
// says what happened and what to do. Logto's own message is never shown
// (it can be uninterpolated, docs/logto-behaviour.md#pitfall-raw-message).
var words = map[string]string{
	"user.username_already_in_use":                   "That username is taken. Choose another one.",
	"user.email_already_in_use":                      "That email address belongs to another account. Use a different one.",
	"user.phone_already_in_use":                      "That phone number belongs to another account. Use a different one.",
	"user.invalid_phone":                             "That is not a phone number Logto accepts. Check the country code and digits.",
	"entity.value_too_long":                          "A value is too long (at most 128 characters). Shorten it and save again.",
	"entity.invalid_input":                           "There was nothing to save.",
	"guard.invalid_input":                            "Logto refused the input as malformed. Check the highlighted field and try again.",
	"entity.not_found":                               "Your account no longer exists on this tenant. Sign in again or contact your administrator.",
	"verification_code.code_mismatch":                "That code is not right. Check the message and type the 6 digits again.",
	"verification_code.expired":                      "That code has expired. Press r to send a new one.",
	"verification_code.exceed_max_try":               "Too many wrong codes. Press r to send a new one.",
	"verification_code.not_found":                    "There is no code waiting for this address (it was used or replaced). Press r to send a new one.",
	"request.message_rate_limited":                   "Too many codes were sent to this address. Wait a few minutes, then press r.",
	"connector.not_found":                            "This tenant has no email or SMS service set up, so no code can be sent. Ask your administrator.",
	"connector.template_not_found":                   "The tenant's email/SMS service has no template for codes. Ask your administrator.",
	"connector.rate_limit_exceeded":                  "The email/SMS provider is rate limiting. Wait a minute and try again.",
	"connector.usage_limit_exceeded":                 "The tenant's email/SMS quota is used up. Ask your administrator.",
	"session.invalid_credentials":                    "That password is not right. Try again.",
	"user.same_password":                             "The new password must differ from the current one.",
	"password.rejected":                              "Logto rejected the new password: check the list below.",
	"auth.forbidden":                                 "The service's credentials lack the Management API permission. Ask your administrator.",
	"auth.unauthorized":                              "The service could not authenticate to Logto. Ask your administrator to check its M2M credentials.",
	"account_center.not_enabled":                     "Self-service is switched off on this tenant (Account Center). Ask your administrator.",
	"account_center.field_not_editable":              "This tenant does not let you change that field.",
	"user.last_sign_in_method_required":              "That would remove your last way to sign in. Add another one first.",
	"verification_record.permission_denied":          "Please confirm it is you again.",
	"session.verification_blocked_too_many_attempts": "Too many failed attempts; wait an hour and try again.",
	"subscription.tenant_suspended":                  "This Logto tenant is suspended. Ask your administrator.",
	// The tenant's email allow and block lists (Account API email changes).
	"session.email_blocklist.email_not_allowed":                  "Your tenant does not accept that email address (its allow or block list). Use another one, or ask your administrator.",
	"session.email_blocklist.email_subaddressing_not_allowed":    "Your tenant does not accept addresses with a + part (name+tag@…). Use the address without it.",
	"session.email_blocklist.invalid_email":                      "Logto does not see an email address there (no domain after @). Check it.",
	"session.email_blocklist.disposable_email_validation_failed": "Logto could not check whether that address is a disposable one. Try again in a while.",
}

// accountWords are the sentences for codes whose meaning differs on the
// Account API (the user's own token, the tenant's Account Center).
var accountWords = map[string]string{
	"auth.unauthorized":                              "Logto did not accept your sign-in for this (a scope is missing or the token is not an opaque one). Sign in again with `logto-account login`.",
	"auth.forbidden":                                 "Logto refused this app's token: it must be a first-party app signed in with the openid scope. Ask your administrator.",
	"auth.third_party_application_forbidden":         "This app is registered as a third-party app, which the Account API refuses. Ask your administrator to use a first-party native app.",
	"account_center.not_enabled":                     "Self-service is switched off on this tenant (Account Center). Ask your administrator to enable it, or use the tenant's SSH service.",
	"account_center.field_not_editable":              "Your tenant's Account Center makes this field read-only. Ask your administrator to change it.",
	"account_center.filed_not_editable":              "Your tenant's Account Center makes this field read-only. Ask your administrator to change it.",
	"account_center.field_not_enabled":               "Your tenant's Account Center does not share this with apps. Ask your administrator.",
	"verification_record.permission_denied":          "Your confirmation has expired. Confirm it is you again, then retry.",
	"verification_record.not_found":                  "That confirmation is no longer valid (records last 10 minutes). Start again.",
	"session.mfa.invalid_totp_code":                  "Logto did not accept that code. Type the current 6 digits from the app.",
	"session.mfa.mfa_factor_not_enabled":             "This tenant has not enabled that two-step method. Ask your administrator.",
	"oidc.session_not_found":                         "That session has already ended. The list is refreshed.",
	"oidc.invalid_session_account_id":                "That session belongs to someone else. The list is refreshed.",
	"user.email_required":                            "Your tenant requires an email address, so it cannot be removed. Change it instead.",
	"user.phone_required":                            "Your tenant requires a phone number, so it cannot be removed. Change it instead.",
	"user.email_or_phone_required":                   "Your tenant requires an email or a phone number: add the other one before removing this.",
	"user.social_account_exists_in_profile":          "An identity of this provider is already linked. Unlink it first.",
	"session.verification_blocked_too_many_attempts": "Too many failed attempts; Logto blocks this for an hour. Try again later.",
}

// routeWords are the sentences for codes whose meaning depends on the
// route that answered (a 404 of a token is not a 404 of the account).
// Logto's paths differ between its two APIs; the fragment matches both.
var routeWords = []struct {
	fragment string
	words    map[string]string
}{
	{"/personal-access-tokens", map[string]string{
		"user.personal_access_token_name_exists": "You already have a token with this name. Choose another.",
		"request.invalid_input":                  "The expiry must be in the future: type never, a number of days like 30d, or a later date.",
		"entity.not_exists":                      "That token no longer exists. The list is refreshed.",
		"entity.not_found":                       "That token no longer exists. The list is refreshed.",
	}},
	{"/mfa-verifications", map[string]string{
		"user.totp_already_in_use":                 "You already have an authenticator app; it is replaced only after a new code checks.",
		"session.mfa.backup_code_can_not_be_alone": "Backup codes only back up another method: add an authenticator app or a passkey first.",
		"user.backup_code_already_in_use":          "You still have unused backup codes; generate a new set with b (the old ones stop working).",
		"user.totp_secret_invalid":                 "The generated secret was refused; press t to start again.",
		"entity.not_found":                         "That method was already removed. The list is refreshed.",
		"verification_record.not_found":            "That method was already removed. The list is refreshed.",
	}},
	{"/sessions", map[string]string{
		"oidc.session_not_found":          "That session had already ended. The list is refreshed.",
		"oidc.invalid_session_account_id": "That session belongs to someone else; nothing was changed. The list is refreshed.",
	}},
	{"/grants", map[string]string{
		"oidc.invalid_grant": "That app's access was already revoked. The list is refreshed.",
	}},
	{"/identities", map[string]string{
		"user.identity_already_in_use":          "That account at the provider is already linked to another user of this tenant.",
		"connector.not_implemented":             "This connector cannot be linked from here; use the tenant's account page in a browser.",
		"connector.invalid_response":            "The provider's answer could not be used (the code may have expired). Try linking again.",
		"connector.social_auth_code_invalid":    "The provider's answer could not be used (the code may have expired). Try linking again.",
		"connector.social_invalid_access_token": "The provider's answer could not be used (the code may have expired). Try linking again.",
		"session.invalid_connector_id":          "That connector is not a social connector any more. Reload with R.",
	}},
	{"/user-assets", map[string]string{
		"storage.not_configured":      "This tenant has no file storage set up, so images cannot be uploaded. Give an image's address (URL) instead, or ask your administrator to set up storage.",
		"storage.upload_error":        "The tenant's file storage refused the image. Try again later, or ask your administrator.",
		"guard.file_size_exceeded":    "Logto takes images of at most 20 MB. Choose a smaller one.",
		"guard.mime_type_not_allowed": "Logto takes only JPEG, PNG, GIF, WebP or BMP images as an avatar.",
		"guard.invalid_input":         "Logto received no file. Try again.",
	}},
	{"/api/logs", map[string]string{
		"log.invalid_time_window": "The history's time window ends before it starts.",
		"guard.invalid_input":     "Logto refused the history's time window.",
	}},
	{"/authorization-uri", map[string]string{
		"connector.not_implemented":    "This connector cannot be linked from here; use the tenant's account page in a browser.",
		"session.invalid_connector_id": "That connector is not a social connector any more. Reload with R.",
	}},
}

// Sentence is an error that is already the sentence a person should read
// (the program's own refusals, e.g. the SSH service being full).
type Sentence string

func (s Sentence) Error() string { return string(s) }

// Words turns an error into a sentence for the status line or a screen.
func Words(err error) string {
	if err == nil {
		return ""
	}
	var sentence Sentence
	if errors.As(err, &sentence) {
		return string(sentence)
	}
	var ve *logto.ValidationError
	var ie *auth.IdentityError
	var pe *auth.ProviderError
	var ended *auth.EndedError
	var bad *auth.AnswerError
	switch {
	case errors.As(err, &bad):
		return Clean(bad.Error()) + ". Try again; if it repeats, check the endpoint setting or ask your administrator."
	case errors.As(err, &ended):
		return "Your sign-in has ended" + endedWhy(ended.Reason) + ". Sign in again; your unsaved changes are kept."
	case errors.As(err, &pe):
		return pe.Error() + ". Nothing was linked."
	case errors.Is(err, auth.ErrStateMismatch), errors.Is(err, auth.ErrCallbackTimeout), errors.Is(err, auth.ErrNotTheCallback):
		return upper(err.Error()) + "."
	case errors.Is(err, auth.ErrSignInRequired):
		return "Your sign-in has ended. Sign in again; your unsaved changes are kept."
	case errors.As(err, &ve):
		return "The " + fieldName(ve.Field) + " " + ve.Reason + "."
	case errors.As(err, &ie):
		return ie.Error() + "."
	case errors.Is(err, context.DeadlineExceeded):
		return "Logto took too long to answer. Check your connection and try again."
	case errors.Is(err, context.Canceled):
		return "Cancelled."
	}
	var ue *logto.UnavailableError
	if errors.As(err, &ue) {
		return Lacking(ue.Capability)
	}
	var api *logto.APIError
	if errors.As(err, &api) {
		for _, r := range routeWords {
			if w, ok := r.words[api.Code]; ok && strings.Contains(api.Path, r.fragment) {
				return w
			}
		}
	}
	if api != nil && (strings.HasPrefix(api.Path, "/api/my-account") || strings.HasPrefix(api.Path, "/api/verifications")) {
		if w, ok := accountWords[api.Code]; ok {
			return w
		}
	}
	if code := logto.CodeOf(err); code != "" {
		if w, ok := words[code]; ok {
			return w
		}
		if strings.HasPrefix(code, "connector.") {
			return "The tenant's email/SMS/social connector failed. Try again later or ask your administrator."
		}
	}
	var ae *logto.APIError
	if errors.As(err, &ae) {
		if w := unanswerable(ae); w != "" {
			return w
		}
		if ae.Status >= 500 || ae.NotJSON {
			return "Logto is having trouble (HTTP " + itoa(ae.Status) + "). Try again in a moment."
		}
		return "Logto refused the request (HTTP " + itoa(ae.Status) + "). Try again, or ask your administrator."
	}
	// A file's error before the network's: the system's error numbers are
	// net.Errors too, so a missing or unwritable file read "Cannot reach
	// Logto".
	var fe *fs.PathError
	if errors.As(err, &fe) {
		return "Cannot use the file " + Clean(fe.Path) + ": " + Clean(fe.Err.Error()) + ". Check the path and its permissions, then try again."
	}
	var ne net.Error
	if errors.As(err, &ne) || strings.Contains(err.Error(), "connection refused") {
		return "Cannot reach Logto. Check your connection and try again."
	}
	return "Something went wrong: " + Clean(strings.TrimSuffix(err.Error(), ".")) + ". Try again; R reloads your account."
}

// unanswerable words Logto's 500 on a user read: Logto stores values its
// own response check then refuses (a name of more than 128 UTF-16 units,
// e.g. 70 emoji), and from then on every read of that user, and every list
// page holding it, fails (docs/logto-behaviour.md#user-patch).
func unanswerable(ae *logto.APIError) string {
	if ae.Status != 500 || ae.Code != "" || !strings.HasPrefix(ae.Path, "/api/users") {
		return ""
	}
	if ae.Path == "/api/users" {
		return "Logto could not send this list of users (HTTP 500). If it persists, one of them likely holds a value " +
			"Logto stored but cannot give back (over 128 units: emoji count two). Search for the exact id, email or " +
			"username of the user you want."
	}
	return "Logto could not send this user back (HTTP 500). If it persists, a value stored in it is likely longer than " +
		"Logto can give back (over 128 units: emoji count two); an administrator can shorten it."
}

// FieldOf names the form field an error belongs to ("" for none).
func FieldOf(err error) string {
	var ve *logto.ValidationError
	if errors.As(err, &ve) {
		return ve.Field
	}
	switch logto.CodeOf(err) {
	case "user.username_already_in_use":
		return "username"
	case "user.email_already_in_use":
		return "primaryEmail"
	case "user.phone_already_in_use", "user.invalid_phone":
		return "primaryPhone"
	}
	return ""
}

// Expired reports whether err means the sign-in has ended: no tokens, a
// refresh Logto refused, or the Account API refusing the user's own token
// on its plainest read (GET /api/my-account needs no scope beyond openid,
// so a 401 there, after the client's one refresh, is not a missing scope:
// Logto no longer accepts this sign-in).
func Expired(err error) bool {
	if errors.Is(err, auth.ErrSignInRequired) || logto.IsCode(err, "invalid_grant") {
		return true
	}
	var ae *logto.APIError
	return errors.As(err, &ae) && ae.Status == 401 && ae.Code == "auth.unauthorized" && ae.Method == "GET" && ae.Path == "/api/my-account"
}

// EndedWords is the sentence for a sign-in that ended (err may be nil).
func EndedWords(err error) string {
	var ended *auth.EndedError
	if errors.As(err, &ended) {
		return Words(err)
	}
	if err != nil && !errors.Is(err, auth.ErrSignInRequired) && Expired(err) {
		return "Logto no longer accepts this sign-in (it was revoked, or the account suspended). Sign in again; your unsaved changes are kept."
	}
	return Words(auth.ErrSignInRequired)
}

// endedWhy says in words why Logto ended a sign-in, from its refresh answer.
func endedWhy(reason string) string {
	switch {
	case reason == "":
		return ""
	case strings.Contains(reason, "expired"):
		return ": it expired"
	case strings.Contains(reason, "already used"):
		return ": its refresh token was used twice, so Logto revoked it to be safe"
	case strings.Contains(reason, "grant"), strings.Contains(reason, "not found"):
		return ": it was revoked (signed out elsewhere, or the account was suspended)"
	}
	return " (Logto says: " + Clean(reason) + ")"
}

func fieldName(f string) string {
	switch f {
	case "primaryEmail":
		return "email address"
	case "primaryPhone":
		return "phone number"
	case "avatar":
		return "avatar URL"
	case "verificationCode":
		return "code"
	}
	return f
}

// upper starts a sentence with a capital letter.
func upper(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [12]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// ProofRefused reports Logto refusing a sensitive call for want of a fresh
// proof of the user (the Account API's verification record).
func ProofRefused(err error) bool {
	return logto.IsCode(err, "verification_record.permission_denied")
}

// lackingWords say why a capability is missing and where to go instead.
var lackingWords = map[logto.Capability]string{
	logto.CapPersonalAccessTokens: "Personal access tokens are managed with admin rights, which this program does not hold " +
		"on your machine. Use your tenant's SSH service or ask your administrator.",
	logto.CapDeleteAccount: "Logto's Account API has no self-delete. Use your tenant's SSH service or the " +
		"account page your administrator set up, or ask them to delete the account.",
	logto.CapSuspend:       "Suspending a user needs admin rights, which this program does not hold here.",
	logto.CapRenamePasskey: "Passkeys cannot be renamed through Logto's Management API; rename it on the tenant's account page.",
	logto.CapSignInHistory: "Logto's Account API has no sign-in history: it is in the tenant's audit log, which only " +
		"admin rights can read. Use your tenant's SSH service, or ask your administrator.",
	logto.CapBackupCodeUsage: "Logto's Management API tells how many backup codes are left, not which: the list of " +
		"used ones is only in the Account API (a local install signed in with your own token).",
	logto.CapOrganizations: "Your sign-in was not granted the organizations scopes, and Logto's Account API has no " +
		"other way to list them. Ask your administrator to allow them for this app, then sign in again.",
}

// Lacking says why a backend cannot do c, and what to use instead.
func Lacking(c logto.Capability) string {
	if w, ok := lackingWords[c]; ok {
		return w
	}
	return "This is not available in this mode. Use your tenant's SSH service or ask your administrator."
}

// WordsIn is Words in l's language. (Issue 22: the errors' catalogue moves
// the table behind it; until then English.)
func WordsIn(l *i18n.Localizer, err error) string { _ = l; return Words(err) }

// EndedWordsIn is EndedWords in l's language.
func EndedWordsIn(l *i18n.Localizer, err error) string { _ = l; return EndedWords(err) }

// LackingIn is Lacking in l's language.
func LackingIn(l *i18n.Localizer, c logto.Capability) string { _ = l; return Lacking(c) }

// Words is err as a sentence in the program's language (for the screens).
func (c *Common) Words(err error) string { return WordsIn(c.Lang, err) }

// EndedWords is the sentence for a sign-in that ended, in the program's language.
func (c *Common) EndedWords(err error) string { return EndedWordsIn(c.Lang, err) }

// Lacking says, in the program's language, why this mode cannot do cp.
func (c *Common) Lacking(cp logto.Capability) string { return LackingIn(c.Lang, cp) }
