package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// langEnv is an isolated environment whose locale asks for lang, whatever
// the machine running the test has (set but empty is unset, as for
// setlocale).
func langEnv(dir, lang string) []string {
	return append(isolatedEnv(dir), "LC_ALL=", "LC_MESSAGES=", "LANG="+lang)
}

// A person whose terminal speaks French or Chinese gets the sign-in
// screen, the tab bar and the status line in it, from LANG alone.
func TestDemoSpeaksTheLocalesLanguage(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	for _, c := range []struct {
		lang string
		want []string // in the order they appear
	}{
		{"fr_FR.UTF-8", []string{"DÉMO", "Connexion par navigateur ou téléphone", "Saisissez ce code", "sera approuvé pour vous dans", "Profil", "Mot de passe",
			"Deux étapes", "Compte connecté : Ada Lovelace.", "? aide", "q quitter"}},
		{"zh_CN.UTF-8", []string{"演示", "用浏览器或手机登录", "输入此代码", "后自动为你批准（无需浏览器）", "个人资料", "两步验证", "已以 Ada Lovelace 身份登录。", "? 帮助", "q 退出"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			s := startScreen(t, langEnv(t.TempDir(), c.lang), 100, 30, "demo")
			for _, w := range c.want {
				s.waitFor(w)
			}
			if strings.Contains(s.text(), "Sign in with your browser") {
				t.Errorf("English sign-in left on screen:\n%s", redact(s.text()))
			}
			s.press(ctrlC)
			s.waitExit("ctrl+c")
		})
	}
}

// status says which language speaks and why, in that language; --lang
// wins over LANG; --json keeps its English words and names the language.
func TestStatusSpeaksTheChosenLanguage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang string
		args []string
		want []string
	}{
		{"fr_FR.UTF-8", []string{"status"}, []string{"Non connecté à http://127.0.0.1:9.", "Mode :      Account API avec votre propre jeton",
			"Langue :    Français (fr, d'après LANG=fr_FR.UTF-8)"}},
		{"zh_CN.UTF-8", []string{"status"}, []string{"尚未登录到 http://127.0.0.1:9。", "模式：      Account API，使用你自己的令牌",
			"语言：      简体中文（zh-Hans，来自 LANG=zh_CN.UTF-8）"}},
		{"zh_CN.UTF-8", []string{"--lang", "fr", "status"}, []string{"Langue :    Français (fr, d'après --lang)"}},
		{"C", []string{"status"}, []string{"Not signed in to http://127.0.0.1:9. Run `logto-account login`.\nMode:       Account API with your own token",
			"Language:   English (en, from LANG=C)"}},
		{"fr_FR.UTF-8", []string{"status", "--json"}, []string{`"mode": "Account API with your own token`, `"language": "fr"`}},
	} {
		cmd := exec.Command(e2eBinary, c.args...)
		cmd.Env = langEnv(t.TempDir(), c.lang)
		out, err := cmd.Output()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 {
			t.Errorf("LANG=%s %v: %v", c.lang, c.args, err)
		}
		for _, w := range c.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("LANG=%s %v lacks %q:\n%s", c.lang, c.args, w, out)
			}
		}
	}
	cmd := exec.Command(e2eBinary, "--lang", "de", "status")
	cmd.Env = langEnv(t.TempDir(), "C")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(out), `--lang "de": this program speaks en, zh-Hans, fr`) {
		t.Errorf("--lang de: %v %q", err, out)
	}
}

// The config's language wins over LANG, and --lang over the config.
func TestConfigLanguageWinsOverLANG(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config", "logto-account", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("language = \"fr\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"status"}, "Langue :    Français (fr, d'après language dans la configuration)"},
		{[]string{"--lang", "en", "status"}, "Language:   English (en, from --lang)"},
	} {
		cmd := exec.Command(e2eBinary, c.args...)
		cmd.Env = langEnv(dir, "zh_CN.UTF-8")
		out, _ := cmd.Output()
		if !strings.Contains(string(out), c.want) {
			t.Errorf("%v with LANG=zh_CN.UTF-8 and language = \"fr\": want %q in\n%s", c.args, c.want, out)
		}
	}
}
