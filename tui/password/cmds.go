package password

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
)

// serverRejections reads the rule codes of a 422 password.rejected.
func serverRejections(err error) []string {
	var ae *logto.APIError
	if !logto.IsCode(err, "password.rejected") || !errors.As(err, &ae) {
		return nil
	}
	var issues []struct {
		Code string `json:"code"`
	}
	_ = json.Unmarshal(ae.Data, &issues)
	var out []string
	for _, i := range issues {
		if i.Code != "" {
			out = append(out, i.Code)
		}
	}
	return out
}

func rejectionLabel(code string) string {
	if code == "password_rejected.pwned" {
		return "not found in known data breaches"
	}
	return "Logto's rule " + strings.TrimPrefix(code, "password_rejected.")
}

// setPassword sends the new password (after the optional breach check).
func (m *Model) setPassword(pw logto.Secret) tea.Cmd {
	if m.Req.Pending("set") {
		return nil
	}
	be, pwned := m.be(), m.C.Pwned
	return m.Req.Do("set", func(ctx context.Context) tea.Msg {
		if err := breached(ctx, pwned, pw.Reveal()); err != nil {
			return setDoneMsg{pw: pw, err: err}
		}
		return setDoneMsg{pw: pw, err: be.SetPassword(ctx, pw)}
	})
}

// signOutOthers signs out every other session after a change.
func (m *Model) signOutOthers() tea.Cmd {
	if m.Req.Pending("signout") {
		return nil
	}
	be := m.be()
	return m.Req.Do("signout", func(ctx context.Context) tea.Msg {
		r, f, err := be.SignOutOtherSessions(ctx, "")
		return signedOutMsg{revoked: r, failed: f, err: err}
	})
}

// breachedError is a password found in breach corpora.
type breachedError struct{ n int }

func (e breachedError) Error() string {
	return fmt.Sprintf("This password appears %d times in known data breaches. Choose another one.", e.n)
}

// breached runs the optional k-anonymity check; offline it lets the change
// go ahead (the tenant's own rules were already checked).
func breached(ctx context.Context, pwned func(context.Context, string) (int, error), pw string) error {
	if pwned == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if n, err := pwned(ctx, pw); err == nil && n > 0 {
		return breachedError{n: n}
	}
	return nil
}
