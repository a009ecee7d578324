package cli

// Usage lines and examples of commands for --help: command lines, the
// same in every language, kept out of the code whose sentences come from
// catalogues.
const (
	tokensCreateUse = "create NAME"
	tokensShowUse   = "show NAME"
	tokensRenameUse = "rename OLD NEW"
	tokensDeleteUse = "delete NAME"

	identitiesLinkUse   = "link TARGET"
	identitiesUnlinkUse = "unlink TARGET"

	tokensListExample   = "  logto-account tokens list\n  logto-account tokens list --jq '.[] | select(.expired) | .name'"
	tokensCreateExample = "  logto-account tokens create deploy --expires 30d --output deploy.token\n" +
		"  logto-account tokens create ci --expires 2027-01-31 --jq .value"
	tokensShowExample   = "  logto-account tokens show deploy\n  logto-account tokens show deploy --output deploy.token"
	tokensRenameExample = "  logto-account tokens rename deploy deploy-old"
	tokensDeleteExample = "  logto-account tokens delete deploy-old"

	identitiesListExample   = "  logto-account identities list\n  logto-account identities list --jq '.linkable[].target'"
	identitiesLinkExample   = "  logto-account identities link github"
	identitiesUnlinkExample = "  logto-account identities unlink github"

	// neverExpires is --expires' default, a word scripts write (any
	// language's word for it is taken too).
	neverExpires = "never"
)
