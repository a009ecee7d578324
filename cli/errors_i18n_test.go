package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto"
)

// TestCommandErrorsSpeakTheRunsLanguage: a command's Logto error reads in
// the run's language, with the screen's "press r" said as a command line
// would say it in that language; under --json the words stay English.
func TestCommandErrorsSpeakTheRunsLanguage(t *testing.T) {
	expired := &logto.APIError{Status: 400, Code: "verification_code.expired", Path: "/api/my-account/primary-email"}
	for lang, want := range map[string]string{
		"fr_FR.UTF-8": "Ce code a expiré. Relancez la commande pour obtenir un nouveau code.",
		"zh_CN.UTF-8": "验证码已过期。再次运行该命令以获取新的验证码。",
		"C":           "That code has expired. Run the command again for a new code.",
	} {
		var errOut bytes.Buffer
		e := &Env{Stderr: &errOut, Getenv: func(k string) string {
			if k == "LANG" {
				return lang
			}
			return ""
		}}
		if code := e.report(expired); code != ExitFailure || !strings.Contains(errOut.String(), want) {
			t.Errorf("LANG=%s: %d %q, want %q", lang, code, errOut.String(), want)
		}
		errOut.Reset()
		e.jsonErrors, e.l = true, nil
		e.report(expired)
		if !strings.Contains(errOut.String(), "That code has expired. Run the command again") {
			t.Errorf("LANG=%s --json: %q", lang, errOut.String())
		}
	}
}
