package common

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"strings"
	"sync"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
)

// The Logto error codes a screen can meet, each with the message id of a
// sentence that says what happened and what to do (i18n/locales/*/errors.toml).
// These tables are the one place a code becomes an id. Logto's own message
// is never shown (it can be uninterpolated,
// docs/logto-behaviour.md#pitfall-raw-message).
var words = map[string]string{
	"user.username_already_in_use":                               "errors.user_username_already_in_use",
	"user.email_already_in_use":                                  "errors.user_email_already_in_use",
	"user.phone_already_in_use":                                  "errors.user_phone_already_in_use",
	"user.invalid_phone":                                         "errors.user_invalid_phone",
	"entity.value_too_long":                                      "errors.entity_value_too_long",
	"entity.invalid_input":                                       "errors.entity_invalid_input",
	"guard.invalid_input":                                        "errors.guard_invalid_input",
	"entity.not_found":                                           "errors.entity_not_found",
	"verification_code.code_mismatch":                            "errors.verification_code_code_mismatch",
	"verification_code.expired":                                  "errors.verification_code_expired",
	"verification_code.exceed_max_try":                           "errors.verification_code_exceed_max_try",
	"verification_code.not_found":                                "errors.verification_code_not_found",
	"request.message_rate_limited":                               "errors.request_message_rate_limited",
	"connector.not_found":                                        "errors.connector_not_found",
	"connector.template_not_found":                               "errors.connector_template_not_found",
	"connector.rate_limit_exceeded":                              "errors.connector_rate_limit_exceeded",
	"connector.usage_limit_exceeded":                             "errors.connector_usage_limit_exceeded",
	"session.invalid_credentials":                                "errors.session_invalid_credentials",
	"user.same_password":                                         "errors.user_same_password",
	"password.rejected":                                          "errors.password_rejected",
	"auth.forbidden":                                             "errors.auth_forbidden",
	"auth.unauthorized":                                          "errors.auth_unauthorized",
	"account_center.not_enabled":                                 "errors.account_center_not_enabled",
	"account_center.field_not_editable":                          "errors.account_center_field_not_editable",
	"user.last_sign_in_method_required":                          "errors.user_last_sign_in_method_required",
	"verification_record.permission_denied":                      "errors.verification_record_permission_denied",
	"session.verification_blocked_too_many_attempts":             "errors.session_verification_blocked_too_many_attempts",
	"subscription.tenant_suspended":                              "errors.subscription_tenant_suspended",
	"session.email_blocklist.email_not_allowed":                  "errors.session_email_blocklist_email_not_allowed",
	"session.email_blocklist.email_subaddressing_not_allowed":    "errors.session_email_blocklist_email_subaddressing_not_allowed",
	"session.email_blocklist.invalid_email":                      "errors.session_email_blocklist_invalid_email",
	"session.email_blocklist.disposable_email_validation_failed": "errors.session_email_blocklist_disposable_email_validation_failed",
}

// accountWords are the ids for codes whose meaning differs on the Account
// API (the user's own token, the tenant's Account Center).
var accountWords = map[string]string{
	"auth.unauthorized":                              "errors.my_auth_unauthorized",
	"auth.forbidden":                                 "errors.my_auth_forbidden",
	"auth.third_party_application_forbidden":         "errors.my_auth_third_party_application_forbidden",
	"account_center.not_enabled":                     "errors.my_account_center_not_enabled",
	"account_center.field_not_editable":              "errors.my_account_center_field_not_editable",
	"account_center.filed_not_editable":              "errors.my_account_center_filed_not_editable",
	"account_center.field_not_enabled":               "errors.my_account_center_field_not_enabled",
	"verification_record.permission_denied":          "errors.my_verification_record_permission_denied",
	"verification_record.not_found":                  "errors.my_verification_record_not_found",
	"session.mfa.invalid_totp_code":                  "errors.my_session_mfa_invalid_totp_code",
	"session.mfa.mfa_factor_not_enabled":             "errors.my_session_mfa_mfa_factor_not_enabled",
	"oidc.session_not_found":                         "errors.my_oidc_session_not_found",
	"oidc.invalid_session_account_id":                "errors.my_oidc_invalid_session_account_id",
	"user.email_required":                            "errors.my_user_email_required",
	"user.phone_required":                            "errors.my_user_phone_required",
	"user.email_or_phone_required":                   "errors.my_user_email_or_phone_required",
	"user.social_account_exists_in_profile":          "errors.my_user_social_account_exists_in_profile",
	"session.verification_blocked_too_many_attempts": "errors.my_session_verification_blocked_too_many_attempts",
}

// routeWords are the ids for codes whose meaning depends on the route that
// answered (a 404 of a token is not a 404 of the account). Logto's paths
// differ between its two APIs; the fragment matches both.
var routeWords = []struct {
	fragment string
	words    map[string]string
}{
	{"/personal-access-tokens", map[string]string{
		"user.personal_access_token_name_exists": "errors.pat_user_personal_access_token_name_exists",
		"request.invalid_input":                  "errors.pat_request_invalid_input",
		"entity.not_exists":                      "errors.pat_entity_not_exists",
		"entity.not_found":                       "errors.pat_entity_not_found",
	}},
	{"/mfa-verifications", map[string]string{
		"user.totp_already_in_use":                 "errors.mfa_user_totp_already_in_use",
		"session.mfa.backup_code_can_not_be_alone": "errors.mfa_session_mfa_backup_code_can_not_be_alone",
		"user.backup_code_already_in_use":          "errors.mfa_user_backup_code_already_in_use",
		"user.totp_secret_invalid":                 "errors.mfa_user_totp_secret_invalid",
		"entity.not_found":                         "errors.mfa_entity_not_found",
		"verification_record.not_found":            "errors.mfa_verification_record_not_found",
	}},
	{"/sessions", map[string]string{
		"oidc.session_not_found":          "errors.sessions_oidc_session_not_found",
		"oidc.invalid_session_account_id": "errors.sessions_oidc_invalid_session_account_id",
	}},
	{"/grants", map[string]string{
		"oidc.invalid_grant": "errors.grants_oidc_invalid_grant",
	}},
	{"/identities", map[string]string{
		"user.identity_already_in_use":          "errors.identities_user_identity_already_in_use",
		"connector.not_implemented":             "errors.identities_connector_not_implemented",
		"connector.invalid_response":            "errors.identities_connector_invalid_response",
		"connector.social_auth_code_invalid":    "errors.identities_connector_social_auth_code_invalid",
		"connector.social_invalid_access_token": "errors.identities_connector_social_invalid_access_token",
		"session.invalid_connector_id":          "errors.identities_session_invalid_connector_id",
	}},
	{"/user-assets", map[string]string{
		"storage.not_configured":      "errors.assets_storage_not_configured",
		"storage.upload_error":        "errors.assets_storage_upload_error",
		"guard.file_size_exceeded":    "errors.assets_guard_file_size_exceeded",
		"guard.mime_type_not_allowed": "errors.assets_guard_mime_type_not_allowed",
		"guard.invalid_input":         "errors.assets_guard_invalid_input",
	}},
	{"/api/logs", map[string]string{
		"log.invalid_time_window": "errors.logs_log_invalid_time_window",
		"guard.invalid_input":     "errors.logs_guard_invalid_input",
	}},
	{"/authorization-uri", map[string]string{
		"connector.not_implemented":    "errors.authuri_connector_not_implemented",
		"session.invalid_connector_id": "errors.authuri_session_invalid_connector_id",
	}},
}

// Sentence is an error that is already the sentence a person should read
// (the program's own refusals, e.g. the SSH service being full), in the
// language of whoever made it.
type Sentence string

func (s Sentence) Error() string { return string(s) }

// english is the localizer of the English wrappers (Words, EndedWords,
// Lacking) for callers that have no localizer.
var english = sync.OnceValue(func() *i18n.Localizer { return i18n.New(i18n.English) })

// Words turns an error into an English sentence (WordsIn for a language).
func Words(err error) string { return WordsIn(english(), err) }

// WordsIn turns an error into a sentence, in l's language, for the status
// line or a screen.
func WordsIn(l *i18n.Localizer, err error) string {
	if err == nil {
		return ""
	}
	var sentence Sentence
	if errors.As(err, &sentence) {
		return string(sentence)
	}
	var msg i18n.Msg // a sentence made where the language was not known
	if errors.As(err, &msg) {
		return msg.In(l)
	}
	var ve *logto.ValidationError
	var ie *auth.IdentityError
	var pe *auth.ProviderError
	var ended *auth.EndedError
	var bad *auth.AnswerError
	switch {
	case errors.As(err, &bad):
		return answerWords(l, bad)
	case errors.As(err, &ended):
		return endedWords(l, ended.Reason)
	case errors.As(err, &pe):
		if pe.Description != "" {
			return l.T("errors.provider_refused_described", "Description", Clean(pe.Description), "Code", Clean(pe.Code))
		}
		return l.T("errors.provider_refused", "Code", Clean(pe.Code))
	case errors.Is(err, auth.ErrStateMismatch):
		return l.T("errors.state_mismatch")
	case errors.Is(err, auth.ErrCallbackTimeout):
		return l.T("errors.callback_timeout")
	case errors.Is(err, auth.ErrNotTheCallback):
		return l.T("errors.not_the_callback")
	case errors.Is(err, auth.ErrAccessDenied):
		return l.T("errors.device_declined")
	case errors.Is(err, auth.ErrCodeExpired):
		return l.T("errors.device_code_expired")
	case errors.Is(err, auth.ErrSignInRequired):
		return l.T("errors.signin_required")
	case errors.As(err, &ve):
		return invalidWords(l, ve)
	case errors.As(err, &ie):
		return identityWords(l, ie)
	case errors.Is(err, context.DeadlineExceeded):
		return l.T("errors.timeout")
	case errors.Is(err, context.Canceled):
		return l.T("errors.cancelled")
	}
	var ue *logto.UnavailableError
	if errors.As(err, &ue) {
		return LackingIn(l, ue.Capability)
	}
	if id := CodeID(err); id != "" {
		return l.T(id)
	}
	if code := logto.CodeOf(err); strings.HasPrefix(code, "connector.") {
		return l.T("errors.connector_failed")
	}
	var ae *logto.APIError
	if errors.As(err, &ae) {
		if id := unanswerable(ae); id != "" {
			return l.T(id)
		}
		if ae.Status >= 500 || ae.NotJSON {
			return l.T("errors.logto_trouble", "Status", itoa(ae.Status))
		}
		return l.T("errors.logto_refused", "Status", itoa(ae.Status))
	}
	// A file's error before the network's: the system's error numbers are
	// net.Errors too, so a missing or unwritable file read "Cannot reach
	// Logto".
	var fe *fs.PathError
	if errors.As(err, &fe) {
		return l.T("errors.file_unusable", "Path", Clean(fe.Path), "Problem", Clean(fe.Err.Error()))
	}
	var ne net.Error
	if errors.As(err, &ne) || strings.Contains(err.Error(), connectionRefused) {
		return l.T("errors.unreachable")
	}
	return l.T("errors.something_wrong", "Detail", Clean(strings.TrimSuffix(err.Error(), ".")))
}

// CodeID is the message id of the sentence for the Logto error code err
// carries, as the route that answered means it ("" when the tables have
// none).
func CodeID(err error) string {
	var api *logto.APIError
	if errors.As(err, &api) {
		for _, r := range routeWords {
			if id, ok := r.words[api.Code]; ok && strings.Contains(api.Path, r.fragment) {
				return id
			}
		}
		if strings.HasPrefix(api.Path, "/api/my-account") || strings.HasPrefix(api.Path, "/api/verifications") {
			if id, ok := accountWords[api.Code]; ok {
				return id
			}
		}
	}
	return words[logto.CodeOf(err)]
}

// answerWords says why an answer of Logto cannot be used.
func answerWords(l *i18n.Localizer, bad *auth.AnswerError) string {
	switch bad.Kind {
	case auth.AnswerTooLarge:
		return l.T("errors.answer_too_large", "Request", bad.Request)
	case auth.AnswerNoToken:
		return l.T("errors.answer_no_token", "Request", bad.Request)
	}
	detail := bad.Detail
	if detail == "" {
		detail = bad.Problem // built without a Kind: its own (English) words
	}
	return l.T("errors.answer_unreadable", "Request", bad.Request, "Detail", Clean(detail))
}

// endedWords says that Logto ended a sign-in and why, from its refresh
// answer's description.
func endedWords(l *i18n.Localizer, reason string) string {
	switch {
	case reason == "":
		return l.T("errors.signin_required")
	case strings.Contains(reason, "expired"):
		return l.T("errors.ended_expired")
	case strings.Contains(reason, reasonReused):
		return l.T("errors.ended_reused")
	case strings.Contains(reason, "grant"), strings.Contains(reason, reasonNotFound):
		return l.T("errors.ended_revoked")
	}
	return l.T("errors.ended_reason", "Reason", Clean(reason))
}

// identityWords says why the ID token of a sign-in was refused.
func identityWords(l *i18n.Localizer, ie *auth.IdentityError) string {
	switch ie.Kind {
	case auth.IDMalformed:
		return l.T("errors.id_token_malformed")
	case auth.IDUnsigned:
		return l.T("errors.id_token_unsigned")
	case auth.IDSharedSecret:
		return l.T("errors.id_token_shared_secret", "Alg", Clean(ie.Got))
	case auth.IDAlgorithm:
		return l.T("errors.id_token_algorithm", "Alg", Clean(ie.Got), "Algs", ie.Want)
	case auth.IDIssuer:
		return l.T("errors.id_token_issuer", "Issuer", Clean(ie.Got), "Tenant", Clean(ie.Want))
	case auth.IDAudience:
		return l.T("errors.id_token_audience")
	case auth.IDExpired:
		return l.T("errors.id_token_expired")
	case auth.IDFuture:
		return l.T("errors.id_token_future")
	case auth.IDSignature:
		return l.T("errors.id_token_signature")
	case auth.IDNoSubject:
		return l.T("errors.id_token_no_subject")
	}
	if ie.Reason == idTokenMissing {
		return l.T("errors.id_token_missing")
	}
	return l.T("errors.id_token_refused", "Reason", Clean(ie.Reason))
}

// invalidWords says what is wrong with a value the program checked before
// sending it (logto's ValidationError). The reasons logto gives in English
// are translated where this table knows them; a field's own reason that is
// not here reads as logto gave it.
func invalidWords(l *i18n.Localizer, ve *logto.ValidationError) string {
	if id, ok := invalidReasons[ve.Reason]; ok {
		return l.T("errors.invalid_field", "Field", fieldName(l, ve.Field), "Reason", l.T(id))
	}
	return l.T("errors.invalid_field", "Field", fieldName(l, ve.Field), "Reason", ve.Reason)
}

// fieldName names a field of a form or of Logto's API in l's language.
func fieldName(l *i18n.Localizer, f string) string {
	switch f {
	case "username":
		return l.T("errors.field_username")
	case "name":
		return l.T("errors.field_name")
	case "password":
		return l.T("errors.field_password")
	case "primaryEmail":
		return l.T("errors.field_email")
	case "primaryPhone":
		return l.T("errors.field_phone")
	case "avatar":
		return l.T("errors.field_avatar")
	case avatarFile:
		return l.T("errors.field_avatar_file")
	case "verificationCode":
		return l.T("errors.field_code")
	case "customData":
		return l.T("errors.field_custom_data")
	case "expiresAt":
		return l.T("errors.field_expiry")
	}
	return f
}

// unanswerable is the id for Logto's 500 on a user read: Logto stores
// values its own response check then refuses (a name of more than 128
// UTF-16 units, e.g. 70 emoji), and from then on every read of that user,
// and every list page holding it, fails (docs/logto-behaviour.md#user-patch).
func unanswerable(ae *logto.APIError) string {
	if ae.Status != 500 || ae.Code != "" || !strings.HasPrefix(ae.Path, "/api/users") {
		return ""
	}
	if ae.Path == "/api/users" {
		return "errors.users_unanswerable"
	}
	return "errors.user_unanswerable"
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

// EndedWords is the English sentence for a sign-in that ended (err may be nil).
func EndedWords(err error) string { return EndedWordsIn(english(), err) }

// EndedWordsIn is the sentence for a sign-in that ended, in l's language.
func EndedWordsIn(l *i18n.Localizer, err error) string {
	var ended *auth.EndedError
	if errors.As(err, &ended) {
		return WordsIn(l, err)
	}
	if err != nil && !errors.Is(err, auth.ErrSignInRequired) && Expired(err) {
		return l.T("errors.no_longer_accepted")
	}
	return WordsIn(l, auth.ErrSignInRequired)
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

// lackingWords are the ids of the sentences that say why a capability is
// missing and where to go instead.
var lackingWords = map[logto.Capability]string{
	logto.CapPersonalAccessTokens: "errors.lacking_personal_access_tokens",
	logto.CapDeleteAccount:        "errors.lacking_delete_account",
	logto.CapSuspend:              "errors.lacking_suspend",
	logto.CapRenamePasskey:        "errors.lacking_rename_passkey",
	logto.CapSignInHistory:        "errors.lacking_sign_in_history",
	logto.CapBackupCodeUsage:      "errors.lacking_backup_code_usage",
	logto.CapOrganizations:        "errors.lacking_organizations",
}

// Lacking says in English why a backend cannot do c (LackingIn for a language).
func Lacking(c logto.Capability) string { return LackingIn(english(), c) }

// LackingIn says in l's language why a backend cannot do c, and what to use instead.
func LackingIn(l *i18n.Localizer, c logto.Capability) string {
	if id, ok := lackingWords[c]; ok {
		return l.T(id)
	}
	return l.T("errors.lacking_other")
}

// Words is err as a sentence in the program's language (for the screens).
func (c *Common) Words(err error) string { return WordsIn(c.Lang, err) }

// EndedWords is the sentence for a sign-in that ended, in the program's language.
func (c *Common) EndedWords(err error) string { return EndedWordsIn(c.Lang, err) }

// Lacking says, in the program's language, why this mode cannot do cp.
func (c *Common) Lacking(cp logto.Capability) string { return LackingIn(c.Lang, cp) }
