package cli

// sourceConfig is language's source when the config chose (status words it).
const sourceConfig = "config language"

// The demo's badges: values the header reads (it says DEMO in the
// program's language and keeps the mode's name, Logto's), not sentences.
const (
	demoBadge           = "DEMO"
	demoBadgeAccountAPI = "DEMO · Account API"
	// demoUserAgent is the user agent of the demo's own sign-in session.
	demoUserAgent = "logto-account demo"
	// demoPrefix starts the demo's own refusals.
	demoPrefix = "logto-account demo: "
	// missingOpenID is why an ID token is missing, in auth's own words.
	missingOpenID = "is missing: the scopes must include openid"
)

// The demo tenant's sign-in experience: Logto's own values.
var (
	demoSocial  = "Social"
	demoFactors = []any{"Totp", "WebAuthn", "BackupCode"}
)

// What serve logs (slog stays English: operators grep it).
const (
	logRemembering = "remembering SSH keys"
	logDraining    = "draining: /healthz fails, connections are still accepted"
	logStopping    = "stopping: telling open sessions"
)

// cliExamples are the example command lines of the commands of cli/login.go,
// demo.go, emulator.go, serve.go, root.go and keys.go: command lines, the same
// in every language, kept apart from the code whose every sentence comes
// from the catalogues (i18n/testdata/migrated/cli.txt).
var cliExamples = struct {
	login, logout, status, demo, emulator, serve, version, keysList, keysRevoke string
	// The root's: two with a comment after them (in the run's language).
	rootScreens, rootLogin, rootRest string
}{
	rootScreens: "  logto-account                      # ",
	rootLogin:   "  logto-account login                # ",
	rootRest:    "  logto-account profile show --json\n  logto-account tokens create ci --expires 30d --jq .value > token.txt",
	login:       "  logto-account login\n  logto-account login --tenant work --json",
	logout:      "  logto-account logout",
	status:      "  logto-account status\n  logto-account status --json --show-token | jq -r .access_token",
	demo:        "  logto-account demo\n  logto-account demo --account-api\n  logto-account demo --admin",
	emulator:    "  logto-account emulator\n  logto-account emulator --listen 127.0.0.1:0",
	serve: "  logto-account serve --listen 0.0.0.0:23234\n  logto-account serve --max-sessions 500 --idle-timeout 30m\n" +
		"  logto-account serve --host-key /etc/logto-account/host_key --store postgres://keys@db/logto --proxy-from 10.0.0.0/8",
	version:    "  logto-account version",
	keysList:   "  logto-account keys list --user u1a2b3c4\n  logto-account keys list --user u1a2b3c4 --store postgres://keys@db/logto --json",
	keysRevoke: "  logto-account keys revoke --user u1a2b3c4 --fingerprint SHA256:…\n  logto-account keys revoke --user u1a2b3c4 --all",
}
