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

type verifiedMsg struct {
	seq int
	err error
}

type setMsg struct {
	seq int
	err error
}

type signedOutMsg struct {
	revoked, failed int
	err             error
}

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

func (m *Model) setPassword() tea.Cmd {
	m.seq++
	m.busy = true
	seq, be, pw, pwned, checked := m.seq, m.be(), logto.Secret(m.form.Get("new").Value()), m.c.Pwned, m.form.Get("current") != nil
	return func() tea.Msg {
		if !checked { // with a current password the check ran before verifying it
			if err := breached(pwned, pw.Reveal()); err != nil {
				return setMsg{seq: seq, err: err}
			}
		}
		return setMsg{seq: seq, err: be.SetPassword(context.Background(), pw)}
	}
}

// breachedError is a password found in breach corpora.
type breachedError struct{ n int }

func (e breachedError) Error() string {
	return fmt.Sprintf("This password appears %d times in known data breaches. Choose another one.", e.n)
}

// breached runs the optional k-anonymity check; offline it lets the change
// go ahead (the tenant's own rules were already checked).
func breached(pwned func(context.Context, string) (int, error), pw string) error {
	if pwned == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if n, err := pwned(ctx, pw); err == nil && n > 0 {
		return breachedError{n: n}
	}
	return nil
}
