package main

import (
	"strings"
	"testing"
)

// The email, phone and password commands speak the run's language: the
// refusals, the checklist and what was done; --json keeps English words.
func TestCommandContactAndPasswordSpeakTheLanguage(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	proof := h.proofFile()
	r := h.fails(2, "n'est pas une adresse e-mail", "", "--lang", "fr", "email", "set", "not-an-address", "--proof-file", proof)
	t.Logf("fr email set:\n%s", r.err)
	r = h.fails(2, "这已经是你的邮箱地址", "", "--lang", "zh-Hans", "email", "set", "ada@example.com", "--proof-file", proof)
	t.Logf("zh-Hans email set:\n%s", r.err)
	r = h.fails(2, "Rien n'a été modifié", "short\n", "--lang", "fr", "password", "set", "--proof-file", proof)
	t.Logf("fr password set:\n%s", r.err)
	if !strings.Contains(r.err, "✗ au moins 8 caractères") || !strings.Contains(r.err, "✓ au plus 256 caractères") {
		t.Errorf("no French checklist: %q", r.err)
	}
	r = h.ok("", "--lang", "zh-Hans", "phone", "set", "+1 415 555 0132", "--send-only", "--proof-file", proof)
	t.Logf("zh-Hans phone set --send-only:\n%s%s", r.out, r.err)
	if !strings.Contains(r.out, "验证码已发送到 +1 415 555 0132。") {
		t.Errorf("send-only in Chinese: %q", r.out)
	}
	r = h.fails(2, "The code is the 6 digits from the message", "12\n", "--lang", "fr", "phone", "verify", "--json")
	t.Logf("fr phone verify --json:\n%s", r.err)
	r = h.ok(h.codeFor("14155550132")+"\n", "--lang", "fr", "phone", "verify")
	if !strings.Contains(r.out, "Le numéro de téléphone est désormais +1 415 555 0132.") {
		t.Errorf("verify in French: %q", r.out)
	}
}
