package common

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
)

// TestEveryCodeHasASentenceInEachLanguage: a code the table knows reads as
// a sentence of its own in every language (not the id, not English in a
// translation, not Logto's message).
func TestEveryCodeHasASentenceInEachLanguage(t *testing.T) {
	en := i18n.New(i18n.English)
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		for _, id := range tableIDs() {
			s := l.T(id)
			if s == id || s == "" {
				t.Errorf("%s has no sentence for %s", lang, id)
				continue
			}
			if lang != i18n.English && s == en.T(id) {
				t.Errorf("%s's %s is the English one: %q", lang, id, s)
			}
			if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "。") {
				t.Errorf("%s %s is not a sentence: %q", lang, id, s)
			}
		}
		for code := range words {
			w := WordsIn(l, &logto.APIError{Status: 400, Code: code, Path: "/api/users/u1", Message: "{{raw}} server text"})
			if w != l.T(words[code]) || strings.Contains(w, "server text") {
				t.Errorf("%s %s → %q", lang, code, w)
			}
		}
	}
}

// TestTableCodesAndCatalogueIDsAreOneToOne: each code of each table has an
// id of its own, and every id of the errors catalogue is either one of
// them or a sentence Words builds (so a sentence cannot be orphaned, nor
// two codes share one by accident).
func TestTableCodesAndCatalogueIDsAreOneToOne(t *testing.T) {
	seen := map[string]bool{}
	for _, id := range tableIDs() {
		if seen[id] {
			t.Errorf("two codes share %s", id)
		}
		seen[id] = true
	}
	src, err := os.ReadFile("errors.go")
	if err == nil {
		var m []byte
		m, err = os.ReadFile("errors_match.go")
		src = append(src, m...)
	}
	if err != nil {
		t.Fatal(err)
	}
	cmd, err := os.ReadFile("cmdwords.go")
	if err != nil {
		t.Fatal(err)
	}
	for id := range messages(t, i18n.English) {
		if !strings.HasPrefix(id, "errors.") || seen[id] {
			continue
		}
		// Not a code's: then named once, outside the tables, by errors.go
		// (a sentence it builds, errors_match.go for logto's reasons) or
		// cmdwords.go (a phrase).
		if n := strings.Count(string(src), `"`+id+`"`) + strings.Count(string(cmd), `"`+id+`"`); n == 0 {
			t.Errorf("%s is neither a code's sentence nor one Words builds", id)
		}
	}
	for id := range seen {
		if _, ok := messages(t, i18n.English)[id]; !ok {
			t.Errorf("the table names %s, which the catalogue lacks", id)
		}
	}
}

// TestValidationReasonsAreLogtos: the reasons invalidWords translates are
// still the words the logto package gives (else a reworded reason would
// slip through in English).
func TestValidationReasonsAreLogtos(t *testing.T) {
	var src strings.Builder
	files, _ := filepath.Glob("../../logto/*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	for reason := range invalidReasons {
		if !strings.Contains(src.String(), `Reason: "`+reason+`"`) {
			t.Errorf("logto no longer gives the reason %q", reason)
		}
	}
}

// TestBuiltSentencesSpeakTheLanguage: the sentences Words builds (a sign-in
// ended, a refused ID token, a form value, a file, the network) come in the
// localizer's language, with what they carry filled in.
func TestBuiltSentencesSpeakTheLanguage(t *testing.T) {
	errs := []error{
		&auth.EndedError{Reason: "refresh token is expired"},
		&auth.EndedError{Reason: "something odd"},
		&auth.IdentityError{Kind: auth.IDIssuer, Got: "https://evil.example", Want: "https://t.example/oidc"},
		&auth.IdentityError{Reason: idTokenMissing},
		&logto.ValidationError{Field: "username", Reason: "must not start with a digit"},
		&logto.APIError{Status: 503, NotJSON: true},
		auth.ErrAccessDenied, auth.ErrCodeExpired, auth.ErrStateMismatch,
		&auth.AnswerError{Request: "POST /oidc/token", Kind: auth.AnswerNoToken},
		&logto.UnavailableError{Capability: logto.CapSuspend},
		errors.New("boom"),
		fmt.Errorf("loading: %w", i18n.M("errors.cancelled")),
	}
	want := map[string][]string{
		i18n.SimplifiedChinese: {"已过期", "something odd", "https://evil.example", "openid", "用户名不能以数字开头", "503", "拒绝", "过期", "state mismatch", "访问令牌", "封禁", "boom", "已取消"},
		i18n.French:            {"expiré", "something odd", "https://evil.example", "openid", "nom d'utilisateur ne doit pas commencer", "503", "refusée", "expiré", "state mismatch", "jeton d'accès", "Suspendre", "boom", "Annulé"},
	}
	en := i18n.New(i18n.English)
	for lang, keys := range want {
		l := i18n.New(lang)
		for i, err := range errs {
			got := WordsIn(l, err)
			if got == WordsIn(en, err) || !strings.Contains(got, keys[i]) {
				t.Errorf("%s: %v → %q (want %q in it)", lang, err, got, keys[i])
			}
		}
		if got := EndedWordsIn(l, &logto.APIError{Status: 401, Code: "auth.unauthorized", Method: "GET", Path: "/api/my-account"}); got != l.T("errors.no_longer_accepted") {
			t.Errorf("%s: ended %q", lang, got)
		}
	}
}
