package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestCommandMFASpeaksTheLanguage: the mfa commands' help, table, dates,
// sentences and errors in Chinese and French; --json keeps its English
// names and values whatever the language.
func TestCommandMFASpeaksTheLanguage(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	h.emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp", "BackupCode"}, "policy": "UserControlled"}})
	proof := h.proofFile()

	// The help: the group's Long, its commands' Shorts, a flag's usage.
	if r := h.ok("", "--lang", "fr", "mfa", "--help"); !strings.Contains(squashed(r.out), squashed("Les clés d'accès s'ajoutent dans un navigateur")) ||
		!strings.Contains(r.out, "Lister vos facteurs de vérification en deux étapes") {
		t.Errorf("mfa --help in French:\n%s", r.out)
	}
	if r := h.ok("", "--lang", "zh-Hans", "mfa", "backup-codes", "new", "--help"); !strings.Contains(squashed(r.out), "将备用码写入这个新的") ||
		!strings.Contains(squashed(r.out), "生成一组新的备用码") {
		t.Errorf("backup-codes new --help in Chinese:\n%s", r.out)
	}

	if r := h.ok("", "--lang", "fr", "mfa", "list"); !strings.Contains(r.out, "Aucun facteur de vérification en deux étapes") {
		t.Errorf("an empty list in French: %q", r.out)
	}
	// A wrong code, in the language; under --json in English.
	h.fails(1, "Ce code ne correspond pas", "000000\n", "--lang", "fr", "mfa", "totp", "add", "--proof-file", proof)
	h.fails(1, "does not match", "000000\n", "--lang", "fr", "mfa", "totp", "add", "--json", "--proof-file", proof)
	h.fails(2, "备用码只是其他验证方式的后备", "", "--lang", "zh-Hans", "mfa", "backup-codes", "new", "--proof-file", proof)

	h.addTOTP("--proof-file", proof)
	r := h.ok("", "--lang", "zh-Hans", "mfa", "backup-codes", "new", "--proof-file", proof)
	if !strings.Contains(r.err, "已生成新的备用码") {
		t.Errorf("new codes in Chinese: %q", r.err)
	}
	// The table: headings in Chinese, dates in its form, columns lined up
	// in cells (a heading of Chinese characters is twice its runes wide).
	r = h.ok("", "--lang", "zh-Hans", "mfa", "list")
	lines := strings.Split(strings.TrimSpace(r.out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "验证方式") || !strings.Contains(r.out, "身份验证器应用") ||
		!strings.Contains(r.out, "剩余 10 个") || !regexp.MustCompile(`\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d`).MatchString(r.out) {
		t.Fatalf("mfa list in Chinese:\n%s", r.out)
	}
	col := func(line, word string) int { return ansi.StringWidth(line[:strings.Index(line, word)]) }
	if head, row := col(lines[0], "添加时间"), col(lines[1], "年")-4; head != row {
		t.Errorf("the added column starts at cell %d in the heading, %d in the row:\n%s", head, row, r.out)
	}
	// --json: the same names and English values in any language.
	if list := jsonOf[[]map[string]any](t, h.ok("", "--lang", "fr", "mfa", "list", "--json")); len(list) != 2 ||
		list[0]["name"] != "Authenticator app" || list[1]["name"] != "Backup codes" {
		t.Errorf("mfa list --json in French: %v", list)
	}
	if r := h.ok("", "--lang", "fr", "mfa", "ask"); !strings.Contains(r.out, "Logto demande votre deuxième étape à la connexion.") {
		t.Errorf("mfa ask in French: %q", r.out)
	}
	h.fails(2, "n'est ni on ni off", "", "--lang", "fr", "mfa", "ask", "peut-être")
}

// squashed drops spaces and line breaks (help text folds at the terminal's
// width; a French non-breaking space is a space too).
func squashed(s string) string { return strings.Join(strings.Fields(s), "") }
