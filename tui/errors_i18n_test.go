package tui

import (
	"context"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// fullFlow is the SSH service's sign-in when every signed-in place is
// taken: the code is approved, then the service refuses with its sentence.
type fullFlow struct{ sentence string }

func (fullFlow) Start(context.Context) (*auth.DeviceCode, error) {
	return &auth.DeviceCode{UserCode: "BCDF-GHJK", VerificationURI: "http://127.0.0.1/device",
		VerificationURIComplete: "http://127.0.0.1/device?user_code=BCDF-GHJK", Expiry: tt.Epoch.Add(10 * time.Minute)}, nil
}

func (f fullFlow) Finish(context.Context, *auth.DeviceCode) (any, error) {
	return nil, common.Sentence(f.sentence)
}

// The errors area's screens fit 80×24 and 60×20 in every language, with
// their sentences there in full: the proof prompt, a long error in the
// status line, and the SSH service's "full" screen.
func TestErrorScreensFit(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			w, h := size[0], size[1]
			name := fmt.Sprintf("%s %d×%d", lang, w, h)

			// The proof prompt, asked by the profile screen.
			m, _ := newRoot(t)
			m.c.Lang = l
			m.keys = newKeyMap(m.c, false)
			signInAt(t, m, w, h)
			tt.DriveAll(t, rootUpdater{m}, common.NeedProofMsg{Owner: common.ProfileID, Gen: m.c.Gen, Always: true})
			if !m.proof.Active() {
				t.Fatalf("%s: the proof prompt did not open", name)
			}
			checkFits(t, name+" proof", m.render(), w, h,
				l.T("proof.head_password"), l.T("proof.label_password"),
				"enter "+l.T("proof.key_confirm"), "esc "+l.T("proof.key_cancel"))
			// A wrong password: Logto's refusal under the prompt.
			tt.DriveAll(t, rootUpdater{m}, append(tt.Type("not-the-password"), tt.Key("enter"))...)
			checkFits(t, name+" proof refused", m.render(), w, h, l.T("errors.session_invalid_credentials"))
			m.Stop()

			// A long error in the status line.
			m, _ = newRoot(t)
			m.c.Lang = l
			m.keys = newKeyMap(m.c, false)
			signInAt(t, m, w, h)
			long := m.c.Words(&logto.APIError{Status: 400, Code: "session.email_blocklist.email_not_allowed", Path: "/api/my-account/primary-email"})
			tt.DriveAll(t, rootUpdater{m}, common.StatusMsg{Text: long, Kind: common.StatusError})
			checkFits(t, name+" long error", m.render(), w, h, long)
			m.Stop()

			// The SSH service full: the sign-in refused, and the session ending.
			full := l.T("ssh.full")
			m = New(Options{Language: lang, Tenant: "tenant.example", Flow: fullFlow{sentence: full}, NoColor: true,
				Clock: tt.NewClock(tt.Epoch)})
			tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: w, Height: h})
			for _, msg := range tt.Run(m.signin.Init()) {
				tt.DriveAll(t, rootUpdater{m}, msg)
			}
			tt.Drive(t, rootUpdater{m}, ShutdownMsg{Reason: full, Grace: 5 * time.Second})
			checkFits(t, name+" ssh full", m.render(), w, h, full)
			if testing.Verbose() {
				t.Logf("%s ssh full:\n%s", name, tt.Plain(m.render()))
			}
			m.Stop()
		}
	}
}
