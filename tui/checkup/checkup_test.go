package checkup

import (
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

func strp(s string) *string { return &s }
func intp(n int) *int       { return &n }

func session(country string) logto.Session {
	var s logto.Session
	s.LastSubmission = &struct {
		InteractionEvent string              `json:"interactionEvent"`
		UserID           string              `json:"userId"`
		SignInContext    logto.SignInContext `json:"signInContext"`
	}{SignInContext: logto.SignInContext{Country: country}}
	return s
}

func sie(factors ...string) *logto.SignInExperience {
	s := logto.SignInExperience{}.WithDefaults()
	s.MFA = logto.MFASettings{Factors: factors, Policy: "UserControlled"}
	return &s
}

// TestEvaluateFindsEachWeakness: one case per weakness the issue names,
// each leading to the screen that fixes it.
func TestEvaluateFindsEachWeakness(t *testing.T) {
	strong := &logto.User{Username: strp("ada"), PrimaryEmail: strp("ada@example.com"), HasPassword: true}
	totp := logto.MFAVerification{Type: logto.FactorTOTP}
	codes := func(n int) logto.MFAVerification {
		return logto.MFAVerification{Type: logto.FactorBackupCode, RemainCodes: intp(n)}
	}
	cases := []struct {
		name   string
		in     Inputs
		want   string
		level  Level
		screen common.ScreenID
	}{
		{"no second step", Inputs{User: strong, SignInExp: sie("Totp")}, "No second step", Fix, common.MFAID},
		{"codes running out", Inputs{User: strong, Factors: []logto.MFAVerification{totp, codes(2)}}, "Only 2 backup codes left", Fix, common.MFAID},
		{"no codes", Inputs{User: strong, Factors: []logto.MFAVerification{totp}}, "No backup codes", Consider, common.MFAID},
		{"skipped at sign-in", Inputs{User: strong, Factors: []logto.MFAVerification{totp, codes(8)},
			Settings: &logto.TwoStepSettings{SkipMFAOnSignIn: true}}, "not to ask for your second step", Fix, common.MFAID},
		{"only social", Inputs{User: &logto.User{Identities: logto.Identities{"google": {UserID: "g"}}}}, "only way to sign in is a social", Fix, common.PasswordID},
		{"password, nothing to recover with", Inputs{User: &logto.User{Username: strp("ada"), HasPassword: true}}, "no email or phone to reset", Fix, common.ContactID},
		{"tokens never expire", Inputs{User: strong, Tokens: []logto.PersonalAccessToken{{Name: "ci"}}}, "never expires", Consider, common.TokensID},
		{"several countries", Inputs{User: strong, Sessions: []logto.Session{session("GB"), session("DE")}}, "2 countries (DE, GB)", Consider, common.SessionsID},
		{"many browsers", Inputs{User: strong, Sessions: []logto.Session{session(""), session(""), session(""), session(""), session("")}}, "5 browsers", Consider, common.SessionsID},
		{"suspended (admin)", Inputs{User: &logto.User{Username: strp("x"), HasPassword: true, PrimaryEmail: strp("x@example.com"), IsSuspended: true}, Admin: true},
			"suspended", Fix, common.DangerID},
	}
	for _, c := range cases {
		found := false
		for _, f := range Evaluate(c.in) {
			if strings.Contains(f.Text, c.want) {
				found = true
				if f.Level != c.level || f.Screen != c.screen {
					t.Errorf("%s: %+v, want level %d on %s", c.name, f, c.level, c.screen)
				}
			}
		}
		if !found {
			t.Errorf("%s: nothing says %q in %+v", c.name, c.want, Evaluate(c.in))
		}
	}
	clean := Inputs{User: strong, Factors: []logto.MFAVerification{totp, codes(10)}, Tokens: []logto.PersonalAccessToken{},
		Sessions: []logto.Session{session("GB")}, Settings: &logto.TwoStepSettings{}, SignInExp: sie("Totp")}
	if fs := Evaluate(clean); NeedsAttention(fs) {
		t.Errorf("a strong account needs attention: %+v", fs)
	} else if v, l := Verdict(nil, fs); l != Fine || !strings.HasPrefix(v, "All good") {
		t.Errorf("verdict %q", v)
	}
	mandatory := clean
	mandatory.Settings = &logto.TwoStepSettings{SkipMFAOnSignIn: true}
	mandatory.SignInExp = sie("Totp")
	mandatory.SignInExp.MFA.Policy = "Mandatory"
	if NeedsAttention(Evaluate(mandatory)) {
		t.Error("skipMfaOnSignIn under a mandatory policy is ignored by Logto, so it needs no fix")
	}
}

// TestCheckupView: the verdict, the findings urgent first with their
// marks, and where enter goes, at 80×24, read from the emulator.
func TestCheckupView(t *testing.T) {
	env := tt.NewEnv(t)
	env.Emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp"}, "policy": "UserControlled"}})
	env.Emu.SeedTOTP(tt.UserID, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
	env.Emu.SeedBackupCodes(tt.UserID, 8)
	env.Emu.SeedPAT(tt.UserID, "ci", nil)
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{Country: "GB"})
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{Country: "BR"})
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	m := New(c, func() Backend { return env.Account })
	m.SetSize(78, 20)
	tt.Drive(t, m, common.ShownMsg{})
	v := tt.Plain(m.View())
	tt.Golden(t, v)
	if !strings.Contains(v, "1 thing needs your attention, and 2 are worth a look") {
		t.Errorf("verdict:\n%s", v)
	}
	msgs := tt.Drive(t, m, tt.Key("enter"))
	if g, ok := msgs[len(msgs)-1].(GoMsg); !ok || g.Screen != common.MFAID {
		t.Errorf("enter on the first line: %#v", msgs[len(msgs)-1])
	}
}

// TestCheckupOpensOnItsMostUrgentLine: opened again (C, or after a new
// sign-in), the check-up highlights its first line, the most urgent one,
// not the line left highlighted last time (after a lockdown's sign-in it
// opened "because something needs attention" on "✓ 1 browser signed in",
// enter offering to "go and fix it"); on a line that is fine, enter only
// goes there.
func TestCheckupOpensOnItsMostUrgentLine(t *testing.T) {
	env := tt.NewEnv(t)
	env.Emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp"}, "policy": "UserControlled"}})
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	m := New(c, func() Backend { return env.Account })
	m.SetSize(78, 20)
	tt.Drive(t, m, tt.Run(m.Open(nil))...)
	for range 10 {
		tt.Drive(t, m, tt.Key("j"))
	}
	if f := m.findings[m.cur]; f.Level != Fine {
		t.Fatalf("the last line is not a fine one: %+v", f)
	}
	if h := m.KeyMap().ShortHelp()[0].Help().Desc; h != "go there" {
		t.Errorf("enter on a fine line offers %q", h)
	}
	tt.Drive(t, m, tt.Key("esc"))
	m.Waiting()
	tt.Drive(t, m, tt.Run(m.Run(true, nil))...)
	if len(m.findings) == 0 {
		t.Fatalf("no findings: err %q loaded %v", m.err, m.loaded)
	}
	if m.cur != 0 || m.findings[0].Level != Fix {
		t.Errorf("shown after sign-in on line %d: %+v", m.cur, m.findings)
	}
	if h := m.KeyMap().ShortHelp()[0].Help().Desc; h != "go and fix it" {
		t.Errorf("enter on a line to fix offers %q", h)
	}
	for range 10 {
		tt.Drive(t, m, tt.Key("j"))
	}
	tt.Drive(t, m, tt.Run(m.Open(nil))...)
	if m.cur != 0 {
		t.Errorf("C opened it on line %d", m.cur)
	}
}

// TestAdminCheckupSpeaksOfTheUser: an operator acting on a user reads of
// "their" password and devices, never "your" (which is the operator's):
// it read "anyone with your password can sign in" for the user picked.
func TestAdminCheckupSpeaksOfTheUser(t *testing.T) {
	social := &logto.User{Identities: map[string]logto.Identity{"github": {UserID: "1"}}}
	pw := &logto.User{Username: strp("rob"), HasPassword: true}
	two := []logto.Session{session("GB"), session("BR"), session("DE"), session("FR"), session("US")}
	never := []logto.PersonalAccessToken{{Name: "ci"}}
	totp := []logto.MFAVerification{{Type: logto.FactorTOTP}}
	for _, in := range []Inputs{
		{User: social, SignInExp: sie("Totp"), Sessions: two, Tokens: never},
		{User: pw, Factors: totp, Settings: &logto.TwoStepSettings{SkipMFAOnSignIn: true}},
		{User: &logto.User{Username: strp("rob"), PrimaryEmail: strp("rob@example.com"), HasPassword: true},
			Tokens: []logto.PersonalAccessToken{{Name: "ci", ExpiresAt: logto.Time{Time: tt.Epoch.Add(time.Hour)}}}},
	} {
		in.Admin = true
		for _, f := range Evaluate(in) {
			for _, w := range strings.Fields(strings.ToLower(f.Text)) {
				if w = strings.Trim(w, ".,:()"); w == "you" || w == "your" {
					t.Errorf("speaks to the operator as the user: %q", f.Text)
					break
				}
			}
		}
	}
}
