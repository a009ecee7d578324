package password

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/policy"
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

// rejection is the checklist's line for a rule the server refused that
// the local checklist does not have.
func rejection(code string) policy.Item {
	if code == "password_rejected.pwned" {
		return policy.Item{Code: code, Rule: "password.rule_pwned"}
	}
	return policy.Item{Code: code, Rule: "password.rule_logto", Name: strings.TrimPrefix(code, "password_rejected.")}
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

func (e breachedError) Error() string { return e.words(nil) }

// words says so in l's language.
func (e breachedError) words(l *i18n.Localizer) string {
	return l.N("password.breached", e.n, "Times", l.Number(e.n))
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
