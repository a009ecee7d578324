package emulator

// messages are Logto's English messages for the codes the emulator answers;
// clients must never rely on them (they branch on code).
var messages = map[string]string{
	"account_center.not_enabled":                              "Account center is not enabled.",
	"application.device_flow_native_only":                     "Device flow is only available for native applications.",
	"application.device_flow_not_changeable":                  "Device flow cannot be changed after application creation.",
	"auth.authorization_header_missing":                       "Authorization header is missing.",
	"auth.authorization_token_type_not_supported":             "Authorization type is not supported.",
	"auth.forbidden":                                          "Forbidden. Please check your user roles and permissions.",
	"auth.jwt_sub_missing":                                    "Missing `sub` in JWT.",
	"auth.unauthorized":                                       "Unauthorized. Please check credentials and its scope.",
	"connector.invalid_response":                              "The connector's response is invalid.",
	"connector.not_found":                                     "Cannot find any available connector for type: Email.",
	"connector.not_implemented":                               "{{method}}: has not been implemented yet.",
	"connector.template_not_found":                            "Unable to find correct template in connector config.",
	"connector.unexpected_type":                               "The connector's type is unexpected.",
	"entity.invalid_input":                                    "Invalid input. Value list must not be empty.",
	"entity.not_exists":                                       "The personal_access_token does not exist.",
	"entity.not_found":                                        "The resource does not exist.",
	"entity.relation_foreign_key_not_found":                   "Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist.",
	"entity.value_too_long":                                   "The length of value is too long and exceeds the limit.",
	"guard.invalid_input":                                     "The request body is invalid.",
	"guard.invalid_pagination":                                "The request pagination value is invalid.",
	"oidc.invalid_grant":                                      "Grant request is invalid.",
	"oidc.invalid_session_account_id":                         "Session accountId mismatch.",
	"oidc.session_not_found":                                  "Session not found.",
	"password.rejected":                                       "Password rejected. Please check if your password meets the requirements.",
	"request.invalid_input":                                   "Input is invalid. The value of `expiresAt` must be in the future.",
	"request.message_rate_limited":                            "Too many messages sent to this recipient. Please try again later.",
	"session.insufficient_info":                               "Insufficient sign-in info.",
	"session.invalid_connector_id":                            "Unable to find available connector with the given id.",
	"session.invalid_credentials":                             "Incorrect account or password. Please check your input.",
	"session.mfa.backup_code_can_not_be_alone":                "Backup code can not be the only MFA.",
	"sign_in_experiences.password_expiration_not_enabled":     "Password expiration policy is not enabled. Enable it in the sign-in experience settings before expiring passwords.",
	"user.backup_code_already_in_use":                         "Backup code is already in use.",
	"user.email_already_in_use":                               "This email is associated with an existing account.",
	"user.enterprise_sso_identity_not_exists":                 "The user does not have an enterprise identity linked to the specified SSO connector ID: {{ ssoConnectorId }}.",
	"user.identity_already_in_use":                            "The social account has been associated with an existing account.",
	"user.identity_not_exist":                                 "The social account has not been registered yet.",
	"user.invalid_phone":                                      "Invalid phone number.",
	"user.personal_access_token_name_exists":                  "Personal access token name already exists.",
	"user.phone_already_in_use":                               "This phone number is associated with an existing account.",
	"user.same_password":                                      "New password cannot be the same as your old password.",
	"user.totp_already_in_use":                                "TOTP is already in use.",
	"user.totp_secret_invalid":                                "Invalid TOTP secret supplied.",
	"user.username_already_in_use":                            "This username is already in use.",
	"user.wrong_backup_code_format":                           "Backup code format is invalid.",
	"verification_code.code_mismatch":                         "Invalid verification code.",
	"verification_code.exceed_max_try":                        "Verification code retries limitation exceeded. Please request a new verification code.",
	"verification_code.expired":                               "Verification code has expired. Please request a new verification code.",
	"verification_code.not_found":                             "Verification code not found. Please send verification code first.",
	"verification_record.permission_denied":                   "Permission denied, please re-authenticate.",
	"verification_record.not_found":                           "Verification record not found.",
	"guard.file_size_exceeded":                                "File size exceeded.",
	"guard.mime_type_not_allowed":                             "MIME type is not allowed.",
	"storage.not_configured":                                  "Storage provider is not configured.",
	"storage.upload_error":                                    "Failed to upload file to the storage provider.",
	"log.invalid_time_window":                                 "The start time must not be after the end time.",
	"session.email_blocklist.invalid_email":                   "Invalid email address.",
	"session.email_blocklist.email_subaddressing_not_allowed": "Email subaddressing is not allowed.",
	"session.email_blocklist.email_not_allowed":               "The email address \"{{email}}\" is restricted. Please choose a different one.",
}

var oidcMessages = map[string]string{
	"access_denied":         "Access denied.",
	"authorization_pending": "An OIDC error occurred: oidc.authorization_pending.",
	"expired_token":         "An OIDC error occurred: oidc.expired_token.",
	"invalid_client":        "An OIDC error occurred: oidc.invalid_client.",
	"invalid_grant":         "Grant request is invalid.",
	"invalid_request":       "Request is invalid.",
	"invalid_target":        "Invalid resource indicator.",
	"invalid_token":         "Invalid token provided.",
}

func messageFor(code string) string {
	if m, ok := messages[code]; ok {
		return m
	}
	return "An error occurred: " + code + "."
}

func oidcMessage(errName string) string {
	if m, ok := oidcMessages[errName]; ok {
		return m
	}
	return "An OIDC error occurred: oidc." + errName + "."
}
