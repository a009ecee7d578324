package cli

// The syntax of the profile's, the custom data's and the avatar's
// commands (cobra's Use: the command's name and its arguments' names),
// the same in every language; their sentences are in the catalogues
// (profile, customdata).
const (
	useProfileSet = "set FIELD=VALUE..."
	useCDDelete   = "delete KEY"
	useAvatarSet  = "set FILE"
)
