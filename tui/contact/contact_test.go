package contact

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC
	m.Run()
}

func setup(t *testing.T) (*Model, *tt.Env, *common.Common) {
	t.Helper()
	env := tt.NewEnv(t)
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Email: "ada@example.com", Username: "ada"}
	m := New(c, func() Backend { return env.Account })
	tt.HostOf(m).Backend = env.Account
	m.SetSize(78, 18)
	u, _ := env.Account.Me(context.Background())
	tt.Drive(t, m, common.UserLoadedMsg{User: u})
	env.Emu.ResetRequests()
	return m, env, c
}

func keys(s ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range s {
		out = append(out, tt.Key(k))
	}
	return out
}

func TestChangeEmailThroughACode(t *testing.T) {
	m, env, _ := setup(t)
	tt.Golden(t, m.View())
	msgs := append(keys("enter"), tt.Type("countess@example.com")...)
	msgs = append(msgs, tt.Key("enter"))
	tt.Drive(t, m, msgs...)
	if !tt.HostOf(m).Proof.Active() {
		t.Fatal("a sensitive change did not ask for proof")
	}
	tt.Drive(t, m, append(tt.Type(tt.Password), tt.Key("enter"))...)
	if m.step != coding {
		t.Fatalf("step = %v, err = %q", m.step, m.err)
	}
	code, ok := env.Emu.LastCode("countess@example.com")
	if !ok {
		t.Fatal("no code was sent to the new address")
	}
	env.Emu.ResetRequests()
	msgs = tt.Drive(t, m, append(tt.Type(code), tt.Key("enter"))...)
	u, _ := env.Emu.User(tt.UserID)
	if u.Email != "countess@example.com" {
		t.Fatalf("email = %q (err %q)", u.Email, m.err)
	}
	// verify + patch after the code; with the send that is 3 per change.
	if v, p := env.Emu.CountRequests(http.MethodPost, "/api/verification-codes/verify"), env.Emu.CountRequests(http.MethodPatch, "/api/users/"); v != 1 || p != 1 {
		t.Errorf("verify=%d patch=%d", v, p)
	}
	if m.step != browse || !hasStatus(msgs, "countess@example.com") {
		t.Error("no confirmation after the change")
	}
}

func TestPhoneIsNormalisedBeforeSendAndVerify(t *testing.T) {
	m, env, c := setup(t)
	c.Proof.Record()
	msgs := append(keys("j", "enter"), tt.Type("+1 (555) 010-9999")...)
	tt.Drive(t, m, append(msgs, tt.Key("enter"))...)
	code, ok := env.Emu.LastCode("15550109999")
	if !ok {
		t.Fatalf("no code went to 15550109999 (err %q)", m.err)
	}
	tt.Drive(t, m, append(tt.Type(code), tt.Key("enter"))...)
	if u, _ := env.Emu.User(tt.UserID); u.Phone != "15550109999" {
		t.Errorf("phone = %q", u.Phone)
	}
	// Numbers that cannot be valid are refused before sending.
	env.Emu.ResetRequests()
	tt.Drive(t, m, append(append(keys("enter"), tt.Type("123")...), tt.Key("enter"))...)
	if env.Emu.CountRequests("", "/api/") != 0 || !strings.Contains(m.err, "too few or too many digits") || m.value.Value() != "123" {
		t.Errorf("err=%q value=%q", m.err, m.value.Value())
	}
}

// TestFullWidthPhoneIsAccepted: a number typed with a CJK input method's
// full-width digits (＋４４ ２０ ７９４６ ０９５９) gets its code like the
// ASCII one; before, it was refused with "That is not a phone number (not a
// phone number)", a sentence that said nothing of what was wrong.
func TestFullWidthPhoneIsAccepted(t *testing.T) {
	m, env, c := setup(t)
	c.Proof.Record()
	msgs := append(keys("j", "enter"), tt.Type("＋４４ ２０ ７９４６ ０９５９")...)
	tt.Drive(t, m, append(msgs, tt.Key("enter"))...)
	if _, ok := env.Emu.LastCode("442079460959"); !ok {
		t.Fatalf("no code went to 442079460959 (err %q)", m.err)
	}
	// What is not a number at all says which characters are.
	tt.Drive(t, m, keys("esc", "enter")...)
	tt.Drive(t, m, append(tt.Type("+44 20 seven"), tt.Key("enter"))...)
	if !strings.Contains(m.err, "use digits, with +, spaces, dashes") || strings.Contains(m.err, "(not a phone number)") {
		t.Errorf("err = %q", m.err)
	}
}

// faulty returns a Logto error from one method.
type faulty struct {
	Backend
	send, verify, update string
}

func apiErr(code string) error {
	if code == "" {
		return nil
	}
	return &logto.APIError{Status: 400, Code: code}
}

func (f faulty) SendCode(ctx context.Context, to logto.Recipient) error {
	if f.send != "" {
		return apiErr(f.send)
	}
	return f.Backend.SendCode(ctx, to)
}

func (f faulty) VerifyCode(ctx context.Context, to logto.Recipient, code string) error {
	if f.verify != "" {
		return apiErr(f.verify)
	}
	return f.Backend.VerifyCode(ctx, to, code)
}

func (f faulty) UpdateUser(ctx context.Context, p logto.UserPatch) (*logto.User, error) {
	if f.update != "" {
		return nil, apiErr(f.update)
	}
	return f.Backend.UpdateUser(ctx, p)
}

func TestEveryErrorHasASentenceAndKeepsInput(t *testing.T) {
	cases := []struct {
		fault faulty
		want  string
	}{
		{faulty{send: "connector.not_found"}, "no email or SMS service"},
		{faulty{send: "request.message_rate_limited"}, "Too many codes"},
		{faulty{verify: "verification_code.code_mismatch"}, "not right"},
		{faulty{verify: "verification_code.expired"}, "expired"},
		{faulty{verify: "verification_code.exceed_max_try"}, "Too many wrong codes"},
		{faulty{verify: "verification_code.not_found"}, "no code waiting"},
		{faulty{update: "user.email_already_in_use"}, "belongs to another account"},
	}
	for _, tc := range cases {
		m, env, c := setup(t)
		c.Proof.Record()
		f := tc.fault
		f.Backend = env.Account
		m.be = func() Backend { return f }
		tt.Drive(t, m, append(append(keys("enter"), tt.Type("new@example.com")...), tt.Key("enter"))...)
		if f.send == "" {
			code := "123456"
			if f.verify == "" {
				code, _ = env.Emu.LastCode("new@example.com")
			}
			tt.Drive(t, m, append(tt.Type(code), tt.Key("enter"))...)
		}
		if !strings.Contains(m.err, tc.want) {
			t.Errorf("%+v: err = %q, want %q", tc.fault, m.err, tc.want)
		}
		if m.value.Value() != "new@example.com" {
			t.Errorf("%+v: the typed address was lost", tc.fault)
		}
		if u, _ := env.Emu.User(tt.UserID); u.Email != "ada@example.com" {
			t.Errorf("%+v: the email changed anyway", tc.fault)
		}
	}
}

func TestResendWaitsForTheCountdown(t *testing.T) {
	m, env, c := setup(t)
	c.Proof.Record()
	tt.Drive(t, m, append(append(keys("enter"), tt.Type("wait@example.com")...), tt.Key("enter"))...)
	tt.Drive(t, m, tt.Key("r"))
	if !strings.Contains(m.err, "new code in") || env.Emu.CountRequests(http.MethodPost, "/api/verification-codes") != 1 {
		t.Errorf("resend before the countdown: err=%q", m.err)
	}
	tt.Golden(t, m.View())
}

func TestRemovingTheLastSignInMethodIsRefused(t *testing.T) {
	m, env, _ := setup(t)
	u, _ := env.Account.Me(context.Background())
	u.Username, u.PrimaryPhone, u.Identities, u.SSOIdentities = nil, nil, nil, nil
	tt.Drive(t, m, common.UserLoadedMsg{User: u}, tt.Key("d"))
	if !strings.Contains(m.err, "only way to sign in") || m.step != browse {
		t.Errorf("err=%q step=%v", m.err, m.step)
	}
}

func hasStatus(msgs []tea.Msg, sub string) bool {
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok && strings.Contains(s.Text, sub) {
			return true
		}
	}
	return false
}

// TestAFixedAddressClearsTheOldComplaint: once the typed address is valid,
// the complaint about the earlier one goes (it stayed beside the password
// prompt before).
func TestAFixedAddressClearsTheOldComplaint(t *testing.T) {
	m, _, _ := setup(t) // no proof yet: the password is asked
	tt.Drive(t, m, tt.Key("enter"))
	tt.Drive(t, m, append(tt.Type("new@example"), tt.Key("enter"))...)
	if !strings.Contains(tt.Plain(m.View()), "not an email address") {
		t.Fatalf("no complaint:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, append(tt.Type(".com"), tt.Key("enter"))...)
	view := tt.Plain(tt.HostOf(m).View())
	if strings.Contains(view, "not an email address") || !strings.Contains(view, "type your password") {
		t.Errorf("after fixing the address:\n%s", view)
	}
}

// TestPhonesShowInOneForm: the stored number, the address a code went to,
// the removal question and the success message all show a phone the same
// way (the issue saw +442079460958 and 14155550132 on one screen).
func TestPhonesShowInOneForm(t *testing.T) {
	m, env, c := setup(t)
	c.Proof.Record()
	if v := tt.Plain(m.View()); !strings.Contains(v, "Phone    +44 20 7946 0958") {
		t.Errorf("the stored phone:\n%s", v)
	}
	tt.Drive(t, m, keys("j", "enter")...)
	tt.Drive(t, m, append(tt.Type("001-415-555-0132"), tt.Key("enter"))...)
	if v := tt.Plain(m.View()); !strings.Contains(v, "Code sent to +1 415 555 0132.") {
		t.Errorf("where the code went:\n%s", v)
	}
	tt.Drive(t, m, tt.Key("esc"), tt.Key("d"))
	if v := tt.Plain(m.View()); !strings.Contains(v, "Remove your phone number +44 20 7946 0958? (y/n)") {
		t.Errorf("the removal question:\n%s", v)
	}
	tt.Drive(t, m, tt.Key("n"), tt.Key("enter"))
	tt.Drive(t, m, append(tt.Type("+1 415 555 0132"), tt.Key("enter"))...)
	code, _ := env.Emu.LastCode("14155550132")
	msgs := tt.Drive(t, m, append(tt.Type(code), tt.Key("enter"))...)
	found := false
	for _, msg := range msgs {
		if st, ok := msg.(common.StatusMsg); ok && st.Text == "The phone number is now +1 415 555 0132." {
			found = true
		}
	}
	if !found {
		t.Errorf("the success message: %v", msgs)
	}
}

// TestAPastedCodeWithASpaceIsWhole: a code pasted as mail shows it
// ("807 246", spaces around) fills the six digits and verifies; before,
// the six-character input kept " 807 2" and said the code is 6 digits.
func TestAPastedCodeWithASpaceIsWhole(t *testing.T) {
	m, env, c := setup(t)
	c.Proof.Record()
	tt.Drive(t, m, append(append(keys("enter"), tt.Type("countess@example.com")...), tt.Key("enter"))...)
	code, ok := env.Emu.LastCode("countess@example.com")
	if !ok || m.step != coding {
		t.Fatalf("no code sent (err %q)", m.err)
	}
	tt.Drive(t, m, tea.PasteMsg{Content: " " + code[:3] + " " + code[3:] + " "}, tt.Key("enter"))
	if u, _ := env.Emu.User(tt.UserID); u.Email != "countess@example.com" {
		t.Errorf("email = %q; field %q, err %q", u.Email, m.code.Input.Value(), m.err)
	}
}
