package checkup

import (
	"fmt"
	"strings"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// Level is how much a finding matters.
type Level int

// Levels, from fine to urgent.
const (
	// Fine is a check that passed.
	Fine Level = iota
	// Note is something the user cannot change here, said for completeness.
	Note
	// Consider is worth a look.
	Consider
	// Fix needs attention.
	Fix
)

// Finding is one line of the check-up: what was found and the screen that
// deals with it ("" when none does).
type Finding struct {
	Level  Level
	Text   string
	Screen common.ScreenID
}

// Inputs are what the check-up read; a nil list was not read (the backend
// lacks it, or it needs a proof not given yet).
type Inputs struct {
	User    *logto.User
	Factors []logto.MFAVerification
	// Tokens are the personal access tokens (nil: not read).
	Tokens []logto.PersonalAccessToken
	// TokensWhy says why the tokens were not read ("" when they were).
	TokensWhy string
	// Sessions are the browser sessions (nil: not read).
	Sessions []logto.Session
	// SessionsWhy says why the sessions were not read.
	SessionsWhy string
	// Settings are the two-step settings (nil: not read).
	Settings *logto.TwoStepSettings
	// SignInExp is the tenant's policy (nil: unknown).
	SignInExp *logto.SignInExperience
	// Admin: an operator acts on another user (suspension is theirs to see).
	Admin bool
	Now   time.Time
}

// LowBackupCodes is when backup codes count as running out.
const LowBackupCodes = 3

// ManyDevices is how many signed-in browsers count as many.
const ManyDevices = 5

// Evaluate turns what was read into findings, the urgent ones first.
func Evaluate(in Inputs) []Finding {
	var out []Finding
	add := func(l Level, screen common.ScreenID, format string, args ...any) {
		out = append(out, Finding{Level: l, Screen: screen, Text: fmt.Sprintf(format, args...)})
	}
	u := in.User
	if u == nil {
		return nil
	}
	if in.Admin && u.IsSuspended {
		add(Fix, common.DangerID, "This user is suspended and cannot sign in; the danger zone can reinstate them.")
	}
	out = append(out, twoStep(in)...)
	out = append(out, signInMethods(in)...)
	out = append(out, tokens(in)...)
	out = append(out, sessions(in)...)
	// urgent first, in the order found
	sorted := make([]Finding, 0, len(out))
	for _, l := range []Level{Fix, Consider, Note, Fine} {
		for _, f := range out {
			if f.Level == l {
				sorted = append(sorted, f)
			}
		}
	}
	return sorted
}

func twoStep(in Inputs) []Finding {
	var totp, passkeys, backup int
	left := -1
	for _, f := range in.Factors {
		switch f.Type {
		case logto.FactorTOTP:
			totp++
		case logto.FactorWebAuthn:
			passkeys++
		case logto.FactorBackupCode:
			backup++
			if f.RemainCodes != nil {
				left = *f.RemainCodes
			}
		}
	}
	tenantOffers := in.SignInExp == nil || len(in.SignInExp.MFA.Factors) > 0
	var out []Finding
	switch {
	case totp+passkeys == 0 && tenantOffers:
		out = append(out, Finding{Fix, "No second step: anyone with " + say(in, "your", "their") + " password can sign in. Add an authenticator app or a passkey.", common.MFAID})
	case totp+passkeys == 0:
		out = append(out, Finding{Note, "No second step, and this tenant offers none to add.", ""})
	default:
		what := []string{}
		if totp > 0 {
			what = append(what, "an authenticator app")
		}
		if passkeys > 0 {
			what = append(what, plural(passkeys, "a passkey", "%d passkeys"))
		}
		out = append(out, Finding{Fine, "Second step: " + strings.Join(what, " and ") + ".", common.MFAID})
		switch {
		case backup == 0:
			out = append(out, Finding{Consider, "No backup codes: losing " + say(in, "your device would lock you", "their device would lock them") + " out. Make a set.", common.MFAID})
		case left >= 0 && left <= LowBackupCodes:
			out = append(out, Finding{Fix, plural(left, "Only 1 backup code left", "Only %d backup codes left") + ": make a new set.", common.MFAID})
		case left >= 0:
			out = append(out, Finding{Fine, fmt.Sprintf("%d backup codes left.", left), common.MFAID})
		}
		if s := in.Settings; s != nil && s.SkipMFAOnSignIn && !mandatory(in.SignInExp) {
			out = append(out, Finding{Fix, say(in, "You told Logto not to ask for your second step at sign-in: your password alone signs you in.",
				"They told Logto not to ask for their second step at sign-in: their password alone signs them in."), common.MFAID})
		}
	}
	return out
}

func mandatory(sie *logto.SignInExperience) bool {
	if sie == nil {
		return false
	}
	p := sie.MFA.Policy
	return p == "Mandatory" || strings.HasSuffix(p, "Mandatory")
}

func signInMethods(in Inputs) []Finding {
	u := in.User
	email, phone := logto.Str(u.PrimaryEmail) != "", logto.Str(u.PrimaryPhone) != ""
	social := len(u.Identities)
	methods := social + len(u.SSOIdentities)
	if u.HasPassword && (email || phone || logto.Str(u.Username) != "") {
		methods++
	}
	if email || phone {
		methods++ // a code to the address signs in where the tenant allows it
	}
	var out []Finding
	switch {
	case methods == 1 && social == 1:
		out = append(out, Finding{Fix, say(in, "Your only way to sign in is a social account: if it goes, so does your access.",
			"Their only way to sign in is a social account: if it goes, so does their access.") + " Add a password or an email address.", common.PasswordID})
	case methods <= 1:
		out = append(out, Finding{Consider, say(in, "You have a single way to sign in. A second one (a password, an email) keeps you from being locked out.",
			"They have a single way to sign in. A second one (a password, an email) keeps them from being locked out."), common.ContactID})
	}
	switch {
	case u.HasPassword && !email && !phone:
		out = append(out, Finding{Fix, say(in, "You have", "They have") + " a password but no email or phone to reset it with. Add one.", common.ContactID})
	case email || phone:
		out = append(out, Finding{Fine, "An email or phone to recover " + say(in, "your", "their") + " account with.", common.ContactID})
	}
	return out
}

func tokens(in Inputs) []Finding {
	if in.Tokens == nil {
		if in.TokensWhy != "" {
			return []Finding{{Note, "Personal access tokens: " + in.TokensWhy, ""}}
		}
		return nil
	}
	never := 0
	for _, t := range in.Tokens {
		if t.ExpiresAt.IsZero() {
			never++
		}
	}
	switch {
	case never > 0:
		return []Finding{{Consider, plural(never, "A personal access token never expires", "%d personal access tokens never expire") +
			" (Logto does not record when one was last used): delete the ones " + say(in, "you", "they") + " no longer use.", common.TokensID}}
	case len(in.Tokens) > 0:
		return []Finding{{Fine, plural(len(in.Tokens), say(in, "Your", "Their")+" personal access token expires.", "All %d personal access tokens expire."), common.TokensID}}
	}
	return nil
}

func sessions(in Inputs) []Finding {
	if in.Sessions == nil {
		if in.SessionsWhy != "" {
			return []Finding{{Note, "Sessions: " + in.SessionsWhy, common.SessionsID}}
		}
		return nil
	}
	countries := map[string]bool{}
	for _, s := range in.Sessions {
		if c := strings.TrimSpace(s.Context().Country); c != "" {
			countries[strings.ToUpper(c)] = true
		}
	}
	n := len(in.Sessions)
	var out []Finding
	if len(countries) > 1 {
		names := make([]string, 0, len(countries))
		for c := range countries {
			names = append(names, c)
		}
		sortStrings(names)
		out = append(out, Finding{Consider, fmt.Sprintf("Signed in from %d countries (%s): sign out what %s not recognise.",
			len(countries), strings.Join(names, ", "), say(in, "you do", "they do")), common.SessionsID})
	}
	if n >= ManyDevices {
		out = append(out, Finding{Consider, fmt.Sprintf("%d browsers are signed in: sign out the ones %s no longer use.", n, say(in, "you", "they")), common.SessionsID})
	}
	if len(out) == 0 {
		text := plural(n, "1 browser signed in, from one country.", "%d browsers signed in, from one country.")
		if len(countries) == 0 {
			text = plural(n, "1 browser signed in.", "%d browsers signed in.")
		}
		if n == 0 {
			text = "No browser is signed in to the tenant."
		}
		out = append(out, Finding{Fine, text, common.SessionsID})
	}
	return out
}

// say is the words for the user themself, or for an operator acting on
// them (admin mode): "your password" is the operator's own.
func say(in Inputs, you, them string) string {
	if in.Admin {
		return them
	}
	return you
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf(many, n)
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Verdict is the check-up's summary line and its level.
func Verdict(fs []Finding) (string, Level) {
	fix, consider := 0, 0
	for _, f := range fs {
		switch f.Level {
		case Fix:
			fix++
		case Consider:
			consider++
		}
	}
	switch {
	case fix > 0:
		return plural(fix, "1 thing needs your attention", "%d things need your attention") +
			map[bool]string{true: plural(consider, ", and 1 is worth a look.", ", and %d are worth a look."), false: "."}[consider > 0], Fix
	case consider > 0:
		return "Good, with " + plural(consider, "1 thing", "%d things") + " worth a look.", Consider
	}
	return "All good: nothing needs your attention.", Fine
}

// NeedsAttention reports findings that ask for a fix.
func NeedsAttention(fs []Finding) bool {
	for _, f := range fs {
		if f.Level == Fix {
			return true
		}
	}
	return false
}
