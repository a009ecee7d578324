package mfa

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/pquerna/otp/totp"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/termqr"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC
	m.Run()
}

const seededSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

func setup(t testing.TB, seed bool) (*Model, *tt.Env, string) {
	t.Helper()
	env := tt.NewEnv(t)
	if seed {
		env.Emu.SeedTOTP(tt.UserID, seededSecret)
		env.Emu.SeedBackupCodes(tt.UserID, 7)
		env.Emu.SeedWebAuthn(tt.UserID, "YubiKey", "Firefox on Linux", tt.Epoch.Add(-24*time.Hour))
	}
	dir := t.TempDir()
	c := common.New(true, 5*time.Minute, tt.NewClock(time.Now()))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Name: "Ada Lovelace"}
	sie := logto.SignInExperience{}.WithDefaults()
	sie.MFA = logto.MFASettings{Factors: []string{"Totp", "BackupCode"}, Policy: "PromptAtSignInAndSignUp"}
	c.SignInExp = &sie
	c.Proof.Record()
	m := New(c, func() Backend { return env.Account }, Deps{Issuer: "tenant.example", AccountPage: "https://tenant.example/account/passkey/add",
		SaveDir: dir, WriteFile: auth.CreateFileExclusive})
	m.SetSize(118, 38)
	u, _ := env.Account.Me(context.Background())
	tt.Drive(t, m, common.UserLoadedMsg{User: u}, common.ShownMsg{})
	env.Emu.ResetRequests()
	return m, env, dir
}

func TestFactorList(t *testing.T) {
	m, _, _ := setup(t, true)
	tt.Golden(t, m.View())
	if !strings.Contains(m.View(), "3 left") || !strings.Contains(m.View(), "running low") {
		t.Error("3 remaining backup codes are not flagged")
	}
}

// secretText is a TOTP secret as the screen or a URI shows it.
var secretText = regexp.MustCompile(`secret=[A-Z2-7]+|(?:[A-Z2-7]{4} ){3}[A-Z2-7]{4}`)

// hideSecret masks TOTP secrets in what a failing test prints.
func hideSecret(s string) string { return secretText.ReplaceAllString(s, "«secret»") }

// decodeQR decodes the QR code on screen, secrets masked in a failure.
func decodeQR(t *testing.T, view string) string {
	t.Helper()
	return tt.DecodeQR(t, view, hideSecret)
}

func TestAddTOTPChecksTheCodeBeforeSending(t *testing.T) {
	m, env, _ := setup(t, false)
	tt.Drive(t, m, tt.Key("t"))
	if m.mode != addingTOTP {
		t.Fatal("t did not start enrolment")
	}
	got := decodeQR(t, m.View())
	if got != m.uri || got != "otpauth://totp/tenant.example:Ada%20Lovelace?issuer=tenant.example&secret="+m.secret {
		t.Fatalf("QR says %q, want %q", hideSecret(got), hideSecret(m.uri))
	}
	// A phone reads it at 80×24 too (the root leaves the screen 78×20),
	// beside the words; at 60×20 the link is given as text instead.
	m.SetSize(78, 20)
	view := tt.Plain(m.View())
	if got := decodeQR(t, m.View()); got != m.uri {
		t.Fatalf("at 80×24 the QR says %q", hideSecret(got))
	}
	if n := strings.Count(view, "\n") + 1; n > 20 || !strings.Contains(view, grouped(m.secret)[:19]) || !strings.Contains(view, "6-digit code") {
		t.Fatalf("at 80×24 (%d lines) the secret or the prompt is missing:\n%s", n, hideSecret(view))
	}
	m.SetSize(58, 16)
	if view := tt.Plain(m.View()); !strings.Contains(view, "window too small for the QR code") || !strings.Contains(view, "secret="+m.secret) {
		t.Fatalf("at 60×20 no text fallback:\n%s", hideSecret(view))
	}
	m.SetSize(118, 38)
	if len(m.secret) != 32 {
		t.Errorf("secret has %d characters, want 32 (20 bytes)", len(m.secret))
	}
	tt.Drive(t, m, append(tt.Type("000000"), tt.Key("enter"))...)
	if !strings.Contains(m.err, "does not match") || env.Emu.CountRequests("", "/api/") != 0 {
		t.Fatalf("a wrong code: err=%q requests=%d", m.err, env.Emu.CountRequests("", "/api/"))
	}
	code, _ := totp.GenerateCode(m.secret, time.Now())
	secret := m.secret
	msgs := tt.Drive(t, m, append(tt.Type(code), tt.Key("enter"))...)
	if stored, ok := env.Emu.TOTPSecret(tt.UserID); !ok || stored != secret {
		t.Fatalf("stored TOTP = %v (err %q)", ok, m.err)
	}
	cfg, _ := env.Account.Me(context.Background())
	_ = cfg
	if !hasStatus(msgs, "Authenticator app added") || m.mode != listing {
		t.Error("no confirmation")
	}
	if n := env.Emu.CountRequests("PATCH", "/api/users/"+tt.UserID+"/logto-configs"); n != 1 {
		t.Errorf("mfa.enabled was not set on a prompting tenant (%d PATCH logto-configs)", n)
	}
}

// TestAPastedTOTPCodeWithASpaceChecks: authenticator apps show "123 456";
// pasted, it is the six digits (the input kept "123 45" and refused it).
func TestAPastedTOTPCodeWithASpaceChecks(t *testing.T) {
	m, env, _ := setup(t, false)
	m.SetSize(118, 38)
	tt.Drive(t, m, tt.Key("t"))
	secret := m.secret
	code, _ := totp.GenerateCode(secret, time.Now())
	tt.Drive(t, m, tea.PasteMsg{Content: code[:3] + " " + code[3:]}, tt.Key("enter"))
	if stored, ok := env.Emu.TOTPSecret(tt.UserID); !ok || stored != secret {
		t.Errorf("not added: field %q, err %q", m.code.Input.Value(), m.err)
	}
}

func TestReplaceTOTPOnlyAfterTheNewCodeChecks(t *testing.T) {
	m, env, _ := setup(t, true)
	tt.Drive(t, m, tt.Key("t"))
	if m.replace == "" {
		t.Fatal("an existing TOTP was not offered for replacement")
	}
	tt.Drive(t, m, tt.Key("esc"))
	if s, _ := env.Emu.TOTPSecret(tt.UserID); s != seededSecret {
		t.Error("cancelling touched the existing TOTP")
	}
	tt.Drive(t, m, tt.Key("t"))
	code, _ := totp.GenerateCode(m.secret, time.Now())
	secret := m.secret
	tt.Drive(t, m, append(tt.Type(code), tt.Key("enter"))...)
	if s, _ := env.Emu.TOTPSecret(tt.UserID); s != secret {
		t.Errorf("TOTP not replaced (err %q)", m.err)
	}
}

func TestBackupCodes(t *testing.T) {
	m, env, dir := setup(t, false)
	tt.Drive(t, m, tt.Key("b"))
	if !strings.Contains(m.err, "add an authenticator app") || env.Emu.CountRequests("", "/api/") != 0 {
		t.Fatalf("alone: err=%q", m.err)
	}
	env.Emu.SeedTOTP(tt.UserID, seededSecret)
	tt.Drive(t, m, factorsMsg{list: mustFactors(t, env)}, tt.Key("b"))
	if m.mode != showingCodes || len(m.codes) != 10 {
		t.Fatalf("mode=%v codes=%d err=%q", m.mode, len(m.codes), m.err)
	}
	view := m.View()
	for _, c := range m.codes {
		if !strings.Contains(view, c.Reveal()) {
			t.Fatal("a code is not on screen")
		}
	}
	codes := m.codes
	path := filepath.Join(dir, "codes.txt")
	tt.Drive(t, m, tt.Key("w"))
	m.path.Input.SetValue(path)
	tt.Drive(t, m, tt.Key("enter"))
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("saved file: %v %v", st, err)
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), codes[0].Reveal()) || m.codes != nil {
		t.Error("file lacks the codes, or the screen still holds them")
	}
	// A second save to the same path is refused; the file is kept.
	if err := auth.CreateFileExclusive(path, []byte("other")); err == nil || !strings.Contains(err.Error(), "never overwritten") {
		t.Errorf("overwrite: %v", err)
	}
	if again, _ := os.ReadFile(path); string(again) != string(raw) {
		t.Error("the file was overwritten")
	}
}

func TestRemoveLastFactorOffersBackupCodes(t *testing.T) {
	m, env, _ := setup(t, true)
	// Remove the passkey first, then the TOTP: the last one offers the codes.
	for _, want := range []string{"WebAuthn", "Totp"} {
		for i, f := range m.factors {
			if f.Type == want {
				m.cur = i
			}
		}
		tt.Drive(t, m, tt.Key("d"))
		if v := tt.Plain(m.View()); want == "Totp" && !strings.Contains(v, "Remove the authenticator app? (y/n)") {
			t.Errorf("the question (it read 'Remove Authenticator app?'):\n%s", v)
		}
		tt.Drive(t, m, tt.Key("y"))
	}
	if m.mode != confirmBackups {
		t.Fatalf("no offer to remove the backup codes (mode %v, err %q)", m.mode, m.err)
	}
	tt.Drive(t, m, tt.Key("y"))
	if list := mustFactors(t, env); len(list) != 0 {
		t.Errorf("left: %+v", list)
	}
}

func TestNoSecretInGoldens(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.golden")
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		if strings.Contains(string(raw), seededSecret) || strings.Contains(string(raw), "secret=") {
			t.Errorf("%s holds a TOTP secret", f)
		}
	}
}

func mustFactors(t *testing.T, env *tt.Env) []logto.MFAVerification {
	list, err := env.Account.MFAVerifications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func hasStatus(msgs []tea.Msg, sub string) bool {
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok && strings.Contains(s.Text, sub) {
			return true
		}
	}
	return false
}

func TestIssuerIsTheHostNameLikeLogtos(t *testing.T) {
	for endpoint, want := range map[string]string{"https://acme.logto.app": "acme.logto.app",
		"http://127.0.0.1:3001": "127.0.0.1", "https://auth.example.com:8443/": "auth.example.com"} {
		if got := IssuerOf(endpoint); got != want {
			t.Errorf("IssuerOf(%q) = %q, want %q", endpoint, got, want)
		}
	}
}

func TestFailureMessagesHideTheSecret(t *testing.T) {
	secret := NewSecret()
	for _, s := range []string{grouped(secret), OTPAuthURI("tenant.example", "Ada", secret)} {
		if got := hideSecret(s); strings.Contains(got, secret[:16]) || strings.Contains(got, secret[16:20]) {
			t.Error("a failure message would still show the secret")
		}
	}
}

// TestEnrolmentURIStaysAtQRVersion5: long names give up the issuer
// parameter first, then the display name for the username.
func TestEnrolmentURIStaysAtQRVersion5(t *testing.T) {
	secret := NewSecret()
	long := strings.Repeat("Augusta Ada King, Countess of Lovelace ", 2)
	for _, c := range []struct{ label, username, want string }{
		{"Ada Lovelace", "ada", "otpauth://totp/acme.logto.app:Ada%20Lovelace?issuer=acme.logto.app&secret=" + secret},
		{"Augusta Ada King-Noel", "ada", "otpauth://totp/acme.logto.app:Augusta%20Ada%20King-Noel?secret=" + secret},
		{long, "ada", "otpauth://totp/acme.logto.app:ada?issuer=acme.logto.app&secret=" + secret},
	} {
		got := enrolmentURI("acme.logto.app", c.label, c.username, secret)
		if got != c.want || len(got) > maxCompactURI || termqr.Size(got)-4 > 37 {
			t.Errorf("label %q: %q (%d bytes, %d modules)", hideSecret(c.label), hideSecret(got), len(got), termqr.Size(got)-4)
		}
	}
}

// TestPasskeyHandOffHasAQRCodeAndACopyKey: p gives the tenant's account
// page as a hyperlink, c copies it, and its QR code is beside the words at
// 80×24 (reading back as the page); at 60×20 o shows it filling the window.
func TestPasskeyHandOffHasAQRCodeAndACopyKey(t *testing.T) {
	m, _, _ := setup(t, true)
	m.SetSize(78, 20) // the body of an 80×24 window
	tt.Drive(t, m, tt.Key("p"))
	view := m.View()
	tt.Golden(t, view)
	if got := tt.DecodeQR(t, view, hideSecret); got != "https://tenant.example/account/passkey/add" {
		t.Errorf("the code reads %q", got)
	}
	if !strings.Contains(view, "\x1b]8;id=logto-account-passkey;https://tenant.example/account/passkey/add") {
		t.Error("the address is not a hyperlink")
	}
	if h := keysOf(m); h != "c copy address • esc back" {
		t.Errorf("help: %q", h)
	}
	msgs := tt.Drive(t, m, tt.Key("c"))
	if m.mode != passkeyInfo || !hasStatus(msgs, "Sent the address to your terminal's clipboard") {
		t.Errorf("c did not copy the address (mode %v)", m.mode)
	}
	m.SetSize(58, 16) // 60×20
	if v := tt.Plain(m.View()); !strings.Contains(v, "o shows the address as a QR code filling the window.") || keysOf(m) != "c copy address • o QR code • esc back" {
		t.Fatalf("at 60×20 (help %q):\n%s", keysOf(m), v)
	}
	tt.Drive(t, m, tt.Key("o"))
	if got := tt.DecodeQR(t, m.FullView(60, 20), hideSecret); got != "https://tenant.example/account/passkey/add" {
		t.Errorf("the whole-window code reads %q", got)
	}
	tt.Drive(t, m, tt.Key("o"))
	if m.FullView(60, 20) != "" || m.mode != passkeyInfo {
		t.Error("a key did not return from the whole-window code")
	}
	tt.Drive(t, m, tt.Key("esc"))
	if m.mode != listing {
		t.Error("esc did not go back to the list")
	}
}

// TestBackupCodeFileKeepsItsPathInViewAndSuggestsAFreeName: the file field
// has a line of its own (the path's leading / never scrolls away), the
// whole path is given when it is wider than the field, and when the file
// is there a free name is suggested, before saving and after a refusal.
func TestBackupCodeFileKeepsItsPathInViewAndSuggestsAFreeName(t *testing.T) {
	m, _, dir := setup(t, true)
	m.SetSize(58, 16) // 60×20
	first := filepath.Join(dir, "logto-backup-codes-tenant.example.txt")
	if err := os.WriteFile(first, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	tt.Drive(t, m, tt.Key("b"), tt.Key("y"))
	if m.mode != showingCodes {
		t.Fatalf("no codes (mode %v, err %q)", m.mode, m.err)
	}
	tt.Drive(t, m, tt.Key("w"))
	second := filepath.Join(dir, "logto-backup-codes-tenant.example-2.txt")
	if got := m.path.Value(); got != second {
		t.Fatalf("suggested %q, want %q", got, second)
	}
	view := tt.Plain(m.View())
	lines := strings.Split(view, "\n")
	at := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "/") {
			at = i
			break
		}
	}
	if at < 0 || !strings.HasPrefix(strings.Join(lines[at:], ""), second) || !strings.Contains(view, "is already there") {
		t.Errorf("the path does not start with its / or is not whole, or the reason for the name is not on screen:\n%s", hideSecret(view))
	}
	// Someone makes that file meanwhile: the save is refused and the next
	// free name offered.
	if err := os.WriteFile(second, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	tt.Drive(t, m, tt.Key("enter"))
	if got := m.path.Value(); got != filepath.Join(dir, "logto-backup-codes-tenant.example-3.txt") || m.mode != saving {
		t.Fatalf("after a refused save: field %q, mode %v, err %q", got, m.mode, m.err)
	}
	tt.Drive(t, m, tt.Key("enter"))
	if m.mode != listing {
		t.Fatalf("the free name was not saved: err %q", m.err)
	}
	if raw, _ := os.ReadFile(first); string(raw) != "old" {
		t.Error("an existing file was overwritten")
	}
}

// keysOf is the screen's help line (enabled keys).
func keysOf(m *Model) string {
	var out []string
	for _, k := range m.KeyMap().ShortHelp() {
		if k.Enabled() {
			out = append(out, k.Help().Key+" "+k.Help().Desc)
		}
	}
	return strings.Join(out, " • ")
}

// TestBackupCodesAreOfferedOnlyWithAnotherMethod: with no authenticator
// app or passkey, b only explains, so the help does not offer it (it did,
// beside t); with one, it is offered.
func TestBackupCodesAreOfferedOnlyWithAnotherMethod(t *testing.T) {
	m, _, _ := setup(t, false)
	offered := func() bool {
		for _, b := range m.KeyMap().ShortHelp() {
			if b.Enabled() && b.Help().Key == "b" {
				return true
			}
		}
		return false
	}
	if offered() {
		t.Error("b is offered with no method to back up")
	}
	tt.Drive(t, m, tt.Key("b"))
	if !strings.Contains(m.err, "add an authenticator app (t) or a passkey first") {
		t.Errorf("b without a method: %q", m.err)
	}
	m, _, _ = setup(t, true)
	if !offered() {
		t.Error("b is not offered beside an authenticator app")
	}
}
