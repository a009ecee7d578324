package common

// The English that errors.go recognises in other packages' errors: these
// are matched, never shown (each has a sentence in the errors catalogue),
// so they live outside the migrated errors.go.

// Logto's refresh answers (oidc-provider's descriptions) errors.go tells apart.
const (
	reasonReused   = "already used"
	reasonNotFound = "not found"
)

// connectionRefused is how a refused connection reads when no net.Error is
// left to see.
const connectionRefused = "connection refused"

// avatarFile is the field logto's avatar checks name.
const avatarFile = "avatar file"

// idTokenMissing is the reason the sign-in flows give when Logto sent no ID
// token (flow/ and cli/ build that error with this reason only).
const idTokenMissing = "is missing: the scopes must include openid"

// invalidReasons are logto's ValidationError reasons (as the logto package
// words them) with the ids of their translations.
var invalidReasons = map[string]string{
	"must not be empty":           "errors.reason_empty",
	"is empty":                    "errors.reason_is_empty",
	"must not start with a digit": "errors.reason_username_digit",
	"may hold only letters A–Z, digits and underscores":                   "errors.reason_username_charset",
	"is not an email address like name@example.com":                       "errors.reason_email",
	"must be digits only with the country code first, e.g. 15551234567":   "errors.reason_phone",
	"must be in the future":                                               "errors.reason_future",
	"must be a JSON object":                                               "errors.reason_json_object",
	"must be checked first: send a code to the new address":               "errors.reason_code_first",
	"ends early (a cut-off download?); Logto refuses an incomplete image": "errors.reason_image_cut",
}
