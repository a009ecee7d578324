package checkup

import (
	"strings"
	"time"

	"github.com/logto-account/logto-account/i18n"
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
	// Lang speaks the findings (nil: English); Commands words them for
	// the command line (a command to run, not a screen to open).
	Lang     *i18n.Localizer
	Commands bool
}

// LowBackupCodes is when backup codes count as running out.
const LowBackupCodes = 3

// ManyDevices is how many signed-in browsers count as many.
const ManyDevices = 5

// Evaluate turns what was read into findings, the urgent ones first, in
// in.Lang's language.
func Evaluate(in Inputs) []Finding {
	var out []Finding
	u := in.User
	if u == nil {
		return nil
	}
	if in.Admin && u.IsSuspended {
		id := "checkup.suspended"
		if in.Commands {
			id = "checkup.suspended_cli"
		}
		out = append(out, Finding{Fix, in.Lang.T(id), common.DangerID})
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
	l := in.Lang
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
		out = append(out, Finding{Fix, l.T(say(in, "checkup.no_second_step_self", "checkup.no_second_step_other")), common.MFAID})
	case totp+passkeys == 0:
		out = append(out, Finding{Note, l.T("checkup.no_second_step_offered"), ""})
	default:
		what := l.T("checkup.second_step_app")
		switch {
		case totp > 0 && passkeys > 0:
			what = l.N("checkup.second_step_both", passkeys)
		case passkeys > 0:
			what = l.N("checkup.second_step_passkeys", passkeys)
		}
		out = append(out, Finding{Fine, what, common.MFAID})
		switch {
		case backup == 0:
			out = append(out, Finding{Consider, l.T(say(in, "checkup.no_backup_self", "checkup.no_backup_other")), common.MFAID})
		case left >= 0 && left <= LowBackupCodes:
			out = append(out, Finding{Fix, l.N("checkup.backup_low", left), common.MFAID})
		case left >= 0:
			out = append(out, Finding{Fine, l.N("checkup.backup_left", left), common.MFAID})
		}
		if s := in.Settings; s != nil && s.SkipMFAOnSignIn && !mandatory(in.SignInExp) {
			out = append(out, Finding{Fix, l.T(say(in, "checkup.skip_mfa_self", "checkup.skip_mfa_other")), common.MFAID})
		}
	}
	return out
}

func mandatory(sie *logto.SignInExperience) bool {
	if sie == nil {
		return false
	}
	p := sie.MFA.Policy
	return p == mandatoryPolicy || strings.HasSuffix(p, mandatoryPolicy)
}

func signInMethods(in Inputs) []Finding {
	l, u := in.Lang, in.User
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
		out = append(out, Finding{Fix, l.T(say(in, "checkup.only_social_self", "checkup.only_social_other")), common.PasswordID})
	case methods <= 1:
		out = append(out, Finding{Consider, l.T(say(in, "checkup.single_way_self", "checkup.single_way_other")), common.ContactID})
	}
	switch {
	case u.HasPassword && !email && !phone:
		out = append(out, Finding{Fix, l.T(say(in, "checkup.no_reset_self", "checkup.no_reset_other")), common.ContactID})
	case email || phone:
		out = append(out, Finding{Fine, l.T(say(in, "checkup.recover_self", "checkup.recover_other")), common.ContactID})
	}
	return out
}

func tokens(in Inputs) []Finding {
	l := in.Lang
	if in.Tokens == nil {
		if in.TokensWhy != "" {
			return []Finding{{Note, l.T("checkup.tokens_note", "Why", in.TokensWhy), ""}}
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
		return []Finding{{Consider, l.N(say(in, "checkup.tokens_never_self", "checkup.tokens_never_other"), never), common.TokensID}}
	case len(in.Tokens) > 0:
		return []Finding{{Fine, l.N(say(in, "checkup.tokens_expire_self", "checkup.tokens_expire_other"), len(in.Tokens)), common.TokensID}}
	}
	return nil
}

func sessions(in Inputs) []Finding {
	l := in.Lang
	if in.Sessions == nil {
		if in.SessionsWhy != "" {
			return []Finding{{Note, l.T("checkup.sessions_note", "Why", in.SessionsWhy), common.SessionsID}}
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
		out = append(out, Finding{Consider, l.N(say(in, "checkup.countries_self", "checkup.countries_other"), len(countries),
			"Names", strings.Join(names, ", ")), common.SessionsID})
	}
	if n >= ManyDevices {
		out = append(out, Finding{Consider, l.N(say(in, "checkup.many_browsers_self", "checkup.many_browsers_other"), n), common.SessionsID})
	}
	if len(out) == 0 {
		text := l.N("checkup.browsers_one_country", n)
		if len(countries) == 0 {
			text = l.N("checkup.browsers", n)
		}
		if n == 0 {
			text = l.T("checkup.no_browser")
		}
		out = append(out, Finding{Fine, text, common.SessionsID})
	}
	return out
}

// say is the message for the user themself, or for an operator acting on
// them (admin mode): "your password" is the operator's own.
func say(in Inputs, you, them string) string {
	if in.Admin {
		return them
	}
	return you
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Verdict is the check-up's summary line in l's language and its level.
func Verdict(l *i18n.Localizer, fs []Finding) (string, Level) {
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
	case fix > 0 && consider > 0:
		return l.T("checkup.verdict_fix_and", "Fix", l.N("checkup.needs_attention", fix), "Consider", l.N("checkup.worth_a_look", consider)), Fix
	case fix > 0:
		return l.T("checkup.verdict_fix", "Fix", l.N("checkup.needs_attention", fix)), Fix
	case consider > 0:
		return l.N("checkup.verdict_consider", consider), Consider
	}
	return l.T("checkup.verdict_fine"), Fine
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
