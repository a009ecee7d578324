package cli

import (
	"github.com/logto-account/logto-account/i18n"
	"os"
	"strings"
	"testing"
)

// A refused configuration is explained in the language of the run (--lang,
// or LANG when the file cannot say), where it is; and in English under
// --json, so a script reads the same words whatever the language.
func TestConfigRefusalSpeaksTheLanguage(t *testing.T) {
	h := newHarness(t)
	if err := os.WriteFile(h.env.ConfigPath, []byte("app_id = \"not an id\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"status"}, `config.toml:1: app_id: "not an id" is not an application id`},
		{[]string{"--lang", "fr", "status"}, `config.toml:1: app_id: "not an id" n'est pas un identifiant d'application`},
		{[]string{"--lang", "zh-Hans", "status"}, `config.toml:1: app_id: "not an id" 不是应用 ID`},
		{[]string{"--lang", "fr", "status", "--json"}, `is not an application id`},
	}
	for _, c := range cases {
		if code := h.run(c.args...); code != ExitUsage || !strings.Contains(h.errOut.String(), c.want) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, h.errOut.String(), c.want)
		}
	}
	// The language of the environment, when the file names none.
	vars := map[string]string{"LANG": "fr_FR.UTF-8"}
	h.env.Getenv = func(k string) string { return vars[k] }
	if code := h.run("status"); code != ExitUsage || !strings.Contains(h.errOut.String(), "n'est pas un identifiant d'application") {
		t.Errorf("LANG=fr_FR.UTF-8: exit %d, %q", code, h.errOut.String())
	}
}

// A sign-in declined in the browser is said in the run's language, as the
// screens say it (it was Go's English error text).
func TestLoginDeclinedSpeaksTheLanguage(t *testing.T) {
	h := newHarness(t)
	h.denySoon()
	want := i18n.New(i18n.French).T("errors.device_declined")
	if code := h.run("--lang", "fr", "login"); code != ExitSignInRefused || !strings.Contains(h.errOut.String(), want) {
		t.Errorf("declined login in French: %d %q; want %q", code, h.errOut.String(), want)
	}
}

// The help speaks the configuration's language too (it is read for the
// help as for a command), and --lang still wins.
func TestHelpSpeaksTheConfigsLanguage(t *testing.T) {
	h := newHarness(t)
	if err := os.WriteFile(h.env.ConfigPath, []byte("language = \"fr\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fr := i18n.New(i18n.French).T("commands.tokens")
	if code := h.run("--help"); code != ExitOK || !strings.Contains(h.out.String(), fr) {
		t.Errorf("--help with language = \"fr\": %d\n%s", code, h.out.String())
	}
	en := i18n.New(i18n.English).T("commands.tokens")
	if code := h.run("--lang", "en", "--help"); code != ExitOK || !strings.Contains(h.out.String(), en) {
		t.Errorf("--lang en --help: %d\n%s", code, h.out.String())
	}
}
