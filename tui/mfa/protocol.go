package mfa

// Logto's own values the screen reads or writes: names of a protocol, not
// sentences a person reads (the screen's words are in the catalogues,
// i18n/locales/*/mfa.toml; this file is kept out of the check that every
// literal of the migrated files is one).
const (
	// The tenant's MFA policies (sign-in experience mfa.policy).
	policyUserControlled        = "UserControlled"
	policyMandatory             = "Mandatory"
	policyPromptBoth            = "PromptAtSignInAndSignUp"
	policyPromptSignIn          = "PromptOnlyAtSignIn"
	policyNoPrompt              = "NoPrompt"
	policyPromptBothMandatory   = "PromptAtSignInAndSignUpMandatory"
	policyPromptSignInMandatory = "PromptOnlyAtSignInMandatory"
	policyPromptPrefix          = "Prompt" // the policies that prompt at sign-in start so
	factorEmail                 = "EmailVerificationCode"
	factorPhone                 = "PhoneVerificationCode"
	// alreadyExists is how a backend's error says a file is there (the
	// emulator's and an SSH client's; os says fs.ErrExist).
	alreadyExists = "already exists"
	unnamedUser   = "Unnamed User" // Logto's label for a user with no name, email, phone or username
)
