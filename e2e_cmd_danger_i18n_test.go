package main

import (
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
)

// TestCommandDangerSpeaksTheLanguage: the danger zone's, the users' and
// the check-up's commands speak --lang (their errors too), the text a
// deletion asks to type stays the username in every language (a script's
// --confirm works whatever the terminal's language), and --json stays
// English.
func TestCommandDangerSpeaksTheLanguage(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	grace := h.emu.SeedUser(emulator.UserSeed{Username: "grace", Email: "grace@example.com", Name: "Grace Hopper"})
	h.emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp", "BackupCode"}, "policy": "UserControlled"}})
	proof := h.proofFile()

	h.fails(2, "le compte demande --confirm ada (ce que l'écran demande de saisir)", "", "account", "delete", "--proof-file", proof, "--lang", "fr")
	h.fails(2, "输入不一致；请准确输入 ada 以确认。未删除任何内容", "", "account", "delete", "--confirm", "Ada", "--proof-file", proof, "--lang", "zh-Hans")

	r := h.ok("", "check-up", "--lang", "fr")
	for _, want := range []string{"Votre compte : ", "! Pas de deuxième étape : quiconque a votre mot de passe", "(mfa totp add / mfa backup-codes new)"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("check-up --lang fr lacks %q:\n%s", want, r.out)
		}
	}
	if r := h.ok("", "check-up", "--lang", "fr", "--json"); !strings.Contains(r.out, `"No second step: anyone with your password`) {
		t.Errorf("check-up --json is not English:\n%s", r.out)
	}

	r = h.ok("", "users", "list", "--lang", "zh-Hans")
	for _, want := range []string{"姓名", "用户名", "邮箱", "Grace Hopper", "第 1 页，共 2 个用户，显示 2 个。"} {
		if !strings.Contains(r.out+r.err, want) {
			t.Errorf("users list --lang zh-Hans lacks %q:\n%s%s", want, r.out, r.err)
		}
	}
	if r := h.ok("", "users", "suspend", "grace", "--lang", "fr"); !strings.Contains(r.out, "Utilisateur Grace Hopper suspendu : ses sessions et ses jetons ont été révoqués.") {
		t.Errorf("users suspend --lang fr: %q", r.out)
	}
	r = h.ok("", "check-up", "--user", grace, "--lang", "fr")
	for _, want := range []string{"Compte de l'utilisateur Grace Hopper : ", "! Cet utilisateur est suspendu et ne peut pas se connecter ; `users reinstate` peut le réactiver."} {
		if !strings.Contains(r.out, want) {
			t.Errorf("check-up --user --lang fr lacks %q:\n%s", want, r.out)
		}
	}
	if r := h.ok("", "users", "reinstate", "grace", "--lang", "zh-Hans"); !strings.Contains(r.out, "Grace Hopper 已解除封禁。") {
		t.Errorf("users reinstate --lang zh-Hans: %q", r.out)
	}

	r = h.ok("", "account", "lockdown", "--yes", "--proof-file", proof, "--lang", "zh-Hans")
	for _, want := range []string{"已撤销：", "`password set`", "`logto-account login`"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("lockdown --lang zh-Hans lacks %q:\n%s", want, r.out)
		}
	}
}

// TestCommandDeleteConfirmIsTheSameInEveryLanguage: a script's
// `account delete --confirm ada` deletes whatever the language.
func TestCommandDeleteConfirmIsTheSameInEveryLanguage(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	r := h.ok("", "account", "delete", "--confirm", "ada", "--proof-file", h.proofFile(), "--lang", "fr")
	if !strings.Contains(r.out, "Votre compte a été supprimé. Au revoir.") {
		t.Errorf("delete --lang fr: %q", r.out)
	}
	if _, ok := h.emu.User(h.uid); ok {
		t.Error("the account is still there")
	}
}
