package auth

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/i18n"
)

// The token store's warnings come in the reader's language (the command
// line prints them as "warning: …"), and its refusals carry their sentence
// for the error table; the cause stays reachable for errors.Is.
func TestTheStoreSpeaksTheReadersLanguage(t *testing.T) {
	dir := t.TempDir()
	var warned []string
	s := &Store{Dir: dir, Lang: i18n.New(i18n.French), Warn: func(w string) { warned = append(warned, w) }}
	key := Key("https://tenant.example", "app")
	if err := s.Save(key, &Tokens{AccessToken: "at"}); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(s.file(key), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(key); err != nil {
		t.Fatal(err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "était lisible par d'autres (mode 0644) ; il est maintenant en 0600") {
		t.Errorf("warnings: %q", warned)
	}
	if got := s.Location(key); got != s.file(key) {
		t.Errorf("location %q", got)
	}
	if got := (&MemoryStore{Lang: i18n.New(i18n.SimplifiedChinese)}).Location(key); got != "内存（仅限本次会话）" {
		t.Errorf("memory location %q", got)
	}

	path := filepath.Join(dir, "codes.txt")
	if err := CreateFileExclusive(path, []byte("x")); err != nil {
		t.Fatal(err)
	}
	err := CreateFileExclusive(path, []byte("y"))
	var said i18n.Msg
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second create: %v", err)
	}
	if !errors.As(err, &said) || !strings.Contains(said.In(i18n.New(i18n.French)), "existe déjà") {
		t.Errorf("the refusal's sentence in French: %v", said)
	}
}
