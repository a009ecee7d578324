package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto/emulator"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
	"github.com/logto-account/logto-account/tui/mfa"
)

// mfaSecret is the TOTP secret the Two-step screen makes in these tests.
const mfaSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// mfaRoot is the root signed in, in lang, at w×h, on the Two-step screen
// of a user with an authenticator app, backup codes (3 left) and a
// passkey, on a tenant that suggests two-step verification.
func mfaRoot(t *testing.T, lang string, w, h int) *Model {
	t.Helper()
	env := tt.NewEnv(t)
	env.Emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp", "WebAuthn", "BackupCode"},
		"policy": "PromptAtSignInAndSignUp"}})
	env.Emu.SeedTOTP(tt.UserID, mfaSecret)
	env.Emu.SeedBackupCodes(tt.UserID, 7)
	env.Emu.SeedWebAuthn(tt.UserID, "YubiKey", "Firefox on Linux", tt.Epoch.Add(-24*time.Hour))
	m := New(Options{Language: lang, Tenant: "tenant.example", Badge: "DEMO", Flow: instantFlow{acct: env.Account},
		NoColor: true, Clock: tt.NewClock(tt.Epoch), ClientID: emulator.DefaultDeviceAppID,
		MFA: mfa.Deps{Issuer: "tenant.example", AccountPage: "https://tenant.example/account/passkey/add",
			NewSecret: func() string { return mfaSecret }}})
	signInAt(t, m, w, h)
	tt.Drive(t, rootUpdater{m}, tt.Key("5"))
	if !strings.Contains(tt.Plain(m.render()), "YubiKey") {
		t.Fatalf("%s: the Two-step screen did not list the factors:\n%s", lang, tt.Plain(m.render()))
	}
	return m
}

// mfaSecretText masks the TOTP secret in what a failing test prints.
var mfaSecretText = regexp.MustCompile(`secret=[A-Z2-7]+|(?:[A-Z2-7]{4} ){3}[A-Z2-7]{4}`)

func hideMFASecret(s string) string { return mfaSecretText.ReplaceAllString(s, "«secret»") }

// mfaURI is the otpauth URI the set-up draws for the test user.
func mfaURI() string {
	return mfa.EnrolmentURI("tenant.example", "Ada Lovelace", "ada", mfaSecret)
}

// The Two-step screen's factor list at 80×24 in each language, as a person
// reads it (testdata/TestTwoStepListGoldenByLanguage/<lang>.golden; -update
// renews): names in a column as wide as the language's widest, dates in
// the language's form.
func TestTwoStepListGoldenByLanguage(t *testing.T) {
	for _, lang := range i18n.Languages() {
		t.Run(lang, func(t *testing.T) {
			tt.Golden(t, mfaRoot(t, lang, 80, 24).render())
		})
	}
}

// Setting up an authenticator app at 80×24 in each language: the QR code
// stays beside the words (longer French sentences fold in their column,
// they do not push the code off the window) and reads as the URI
// (testdata/TestTwoStepQRGoldenByLanguage/<lang>.golden).
func TestTwoStepQRGoldenByLanguage(t *testing.T) {
	for _, lang := range i18n.Languages() {
		t.Run(lang, func(t *testing.T) {
			m := mfaRoot(t, lang, 80, 24)
			tt.Drive(t, rootUpdater{m}, tt.Key("t"))
			view := m.render()
			if got := tt.DecodeQR(t, cellWise(view), hideMFASecret); got != mfaURI() {
				t.Fatalf("the QR code reads %q", hideMFASecret(got))
			}
			// Beside: the first line of the code is on the heading's line.
			first := strings.Split(tt.Plain(view), "\n")[2]
			if !strings.Contains(first, i18n.New(lang).T("mfa.totp_heading")[:6]) || !strings.Contains(first, "█") {
				t.Errorf("the code is not beside the words: %q", first)
			}
			// The secret's text is masked as wide as it is (a test's fixed
			// secret, yet goldens hold none: TestNoSecretInGoldens).
			tt.Golden(t, strings.ReplaceAll(view, mfa.Grouped(mfaSecret[:16]), "•••• •••• •••• ••••"))
		})
	}
}

// The Two-step screen's states fit 80×24 and 60×20 in every language:
// no line runs past the window, and what the user must read is there in
// full — the list and its settings, a setting's question, the set-up of
// an authenticator app (with its QR code at 80×24, with the link instead
// at 60×20), its wrong-code error, and new backup codes.
func TestTwoStepScreensFit(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			w, h := size[0], size[1]
			name := fmt.Sprintf("%s %d×%d", lang, w, h)
			m := mfaRoot(t, lang, w, h)
			drive := func(keys ...string) {
				for _, k := range keys {
					tt.Drive(t, rootUpdater{m}, tt.Key(k))
				}
			}
			date := l.Date(tt.Epoch)
			fits := func(state, view string, whole ...string) {
				t.Helper()
				checkFits(t, name+state, view, w, h, whole...)
				noLineStartsWithPunctuation(t, name+state, view)
			}

			// The list, its settings and the tenant's policy.
			fits(" list", m.render(),
				l.T("mfa.list_heading"), l.T("mfa.name_totp"), l.T("mfa.added", "Date", date),
				l.T("mfa.name_passkey_named", "Name", "YubiKey"), l.N("mfa.codes_left", 3)+l.T("mfa.running_low"),
				l.T("mfa.agent_last_used", "Agent", "Firefox on Linux", "Date", l.Date(tt.Epoch.Add(-24*time.Hour))),
				l.T("mfa.label_at_sign_in")+l.T("mfa.asks"),
				l.T("mfa.label_policy")+l.T("mfa.policy_prompt_both"),
				l.T("mfa.label_enabled")+strings.Join([]string{l.T("mfa.words_totp"), l.T("mfa.words_passkeys"),
					l.T("mfa.words_backup_codes")}, l.T("mfa.list_sep")))

			// The full help names every key of the list in full (a long
			// French description folded under the other column).
			if w == 80 {
				drive("?")
				checkFits(t, name+" help", m.render(), w, h, "t "+l.T("mfa.key_totp"), "b "+l.T("mfa.key_backup"),
					"p "+l.T("mfa.key_passkey"), "d "+l.T("mfa.key_remove"), "a "+l.T("mfa.key_ask"), "u "+l.T("mfa.key_used"))
				drive("?")
			}

			// A setting asks first, in full.
			drive("a")
			fits(" settings question", m.render(), l.T("mfa.question_stop_asking"))
			drive("n")

			// Removing asks which factor, by its name.
			drive("j", "j", "d")
			fits(" remove", m.render(), l.T("mfa.confirm_remove_passkey_named", "Name", "YubiKey"))
			drive("n", "k", "k")

			// Adding a passkey is handed to the tenant's account page.
			drive("p")
			fits(" passkey", withoutQR(m.render()), l.T("mfa.passkey_heading"),
				l.T("mfa.passkey_where"), "https://tenant.example/account/passkey/add", l.T("mfa.passkey_listed"))
			drive("esc")

			// Setting up an authenticator app.
			drive("t")
			view := m.render()
			totp := []string{l.T("mfa.totp_heading"), l.T("mfa.totp_replaces"), l.T("mfa.totp_scan"),
				mfa.Grouped(mfaSecret), l.T("mfa.totp_type_code")}
			if w == 80 {
				if got := tt.DecodeQR(t, cellWise(view), hideMFASecret); got != mfaURI() {
					t.Errorf("%s: the QR code reads %q", name, hideMFASecret(got))
				}
			} else {
				totp = append(totp, l.T("mfa.qr_too_small"), mfaURI())
			}
			fits(" set-up", hideMFASecret(view))
			fits(" set-up", withoutQR(hideMFASecret(view)), hideSecrets(totp)...)
			// A wrong code says so in full, the code (or link) still there.
			tt.Drive(t, rootUpdater{m}, tt.Type("000000")...)
			drive("enter")
			view = m.render()
			fits(" wrong code", hideMFASecret(view))
			fits(" wrong code", withoutQR(hideMFASecret(view)),
				hideMFASecret(l.T("mfa.code_mismatch", "Issuer", "tenant.example")), l.T("mfa.totp_scan"))
			if w == 80 && tt.DecodeQR(t, cellWise(view), hideMFASecret) != mfaURI() {
				t.Errorf("%s: the QR code is gone with the error", name)
			}
			drive("esc")

			// New backup codes: asked, proved, shown once.
			drive("b")
			fits(" regenerate", m.render(), l.T("mfa.confirm_regenerate"))
			drive("y")
			if m.proof.Active() {
				tt.Drive(t, rootUpdater{m}, tt.Type(tt.Password)...)
				drive("enter")
			}
			view = m.render()
			if !strings.Contains(squash(tt.Plain(view)), squash(l.T("mfa.codes_heading"))) {
				t.Fatalf("%s: no backup codes shown:\n%s", name, tt.Plain(view))
			}
			fits(" backup codes", backupCodesHidden(view),
				l.T("mfa.codes_heading"), l.T("mfa.codes_shown_once"), l.T("mfa.codes_hint"))
			drive("enter")
		}
	}
}

// hideSecrets masks the TOTP secret in the sentences a test looks for, as
// in the screen it looks at.
func hideSecrets(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = hideMFASecret(x)
	}
	return out
}

// backupCode is a backup code as the screen shows it.
var backupCode = regexp.MustCompile(`\b[0-9a-f]{10}\b`)

// backupCodesHidden masks backup codes in what a failing test prints.
func backupCodesHidden(s string) string { return backupCode.ReplaceAllString(s, "«code»") }

// withoutQR blanks the QR code's blocks, so that the sentences folded in a
// column beside it read on (checkFits squashes the spaces left).
func withoutQR(view string) string {
	return strings.NewReplacer("█", " ", "▀", " ", "▄", " ").Replace(view)
}

// cellWise writes each wide character (Chinese: two cells) as two narrow
// ones, so that a QR code beside Chinese words starts at the same rune on
// every line, as it starts at the same cell on screen (tt.DecodeQR counts
// runes).
func cellWise(view string) string {
	var b strings.Builder
	for _, r := range ansi.Strip(view) {
		if ansi.StringWidth(string(r)) == 2 {
			b.WriteString("ww")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// noLineStartsWithPunctuation fails when a folded line of the screen
// (above the status and help lines) begins with the
// punctuation French sets after a space (« : ; ? ! »): the catalogue puts a
// non-breaking space there, so the line breaks before the word instead.
func noLineStartsWithPunctuation(t *testing.T, name, view string) {
	t.Helper()
	lines := strings.Split(tt.Plain(view), "\n")
	for i, l := range lines[:max(0, len(lines)-2)] { // the status and help lines name keys ("? help")
		if f := strings.TrimLeft(l, " "); f != "" && strings.ContainsAny(f[:1], ":;?!»") {
			t.Errorf("%s: line %d starts with punctuation: %q", name, i+1, l)
		}
	}
}

// The Two-step settings on the Account API fit 80×24 and 60×20 in every
// language: whether Logto asks for the second step and offers a passkey,
// the backup codes used (after a proof), and renaming a passkey.
func TestTwoStepSettingsFit(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			w, h := size[0], size[1]
			name := fmt.Sprintf("%s %d×%d", lang, w, h)
			env := tt.NewAccountEnv(t)
			env.Emu.SetSignInExperience(map[string]any{"passkeySignIn": map[string]any{"enabled": true},
				"mfa": map[string]any{"factors": []any{"Totp", "WebAuthn", "BackupCode"}, "policy": "PromptAtSignInAndSignUp"}})
			env.Emu.SeedTOTP(tt.UserID, mfaSecret)
			env.Emu.SeedBackupCodes(tt.UserID, 7)
			env.Emu.SeedWebAuthn(tt.UserID, "YubiKey", "Firefox on Linux", tt.Epoch.Add(-24*time.Hour))
			m := New(Options{Language: lang, Tenant: "tenant.example", Flow: instantFlow{acct: env.Account}, NoColor: true,
				Clock: tt.NewClock(tt.Epoch)})
			signInAt(t, m, w, h)
			drive := func(keys ...string) {
				for _, k := range keys {
					tt.Drive(t, rootUpdater{m}, tt.Key(k))
				}
			}
			fits := func(state, view string, whole ...string) {
				t.Helper()
				checkFits(t, name+state, view, w, h, whole...)
				noLineStartsWithPunctuation(t, name+state, view)
			}
			drive("5")
			fits(" settings", m.render(), l.T("mfa.label_at_sign_in")+l.T("mfa.asks"),
				l.T("mfa.label_passkeys")+l.T("mfa.offers"))
			drive("o")
			fits(" passkey question", m.render(), l.T("mfa.question_stop_offering"))
			drive("n", "u")
			if m.proof.Active() {
				tt.Drive(t, rootUpdater{m}, tt.Type(tt.Password)...)
				drive("enter")
			}
			fits(" used codes", backupCodesHidden(m.render()), l.T("mfa.label_codes_used")+l.N("mfa.used_of", 3, "Used", 7, "Total", 10))
			drive("j", "j", "n")
			fits(" rename", m.render(), l.T("mfa.new_name"), l.T("mfa.rename_keys"))
			drive("esc")
		}
	}
}
