package cli

// The mfa commands' syntax, examples and paths: command lines, not
// sentences (the examples' comments are the catalogue's,
// i18n/locales/*/mfacli.toml), kept apart from the commands (cli/mfa.go,
// cli/mfasettings.go), whose every sentence comes from the catalogues.
const (
	useRemove      = "remove ID"
	useRename      = "rename ID NAME"
	exampleList    = "  logto-account mfa list\n  logto-account mfa list --jq '.[] | select(.type == \"BackupCode\") | .remaining_codes'"
	exampleTOTP    = "  logto-account mfa totp add\n  logto-account mfa totp add --jq .secret   # "
	exampleCodes   = "  logto-account mfa backup-codes new --output ~/logto-backup-codes.txt"
	exampleRemove  = "  logto-account mfa remove 3f8a…"
	exampleRename  = "  logto-account mfa rename 9c1d… \"Work laptop\""
	examplePasskey = "  logto-account mfa passkey"
	exampleAsk     = "  logto-account mfa ask\n  logto-account mfa ask on"
	exampleOffer   = "  logto-account mfa passkey-offer off"
	exampleUsed    = "  logto-account mfa backup-codes used"
	passkeyAddPath = "/account/passkey/add"
)
