package policy

import (
	"testing"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
)

// The checklist's rules are said in the reader's language, with the
// tenant's numbers in them, and an operator reads of the user's details
// rather than "your".
func TestRulesSpeakEachLanguage(t *testing.T) {
	p := logto.SignInExperience{}.WithDefaults().PasswordPolicy
	three := 3
	p.CharacterTypes.Min = &three
	cases := []struct {
		lang     string
		operator bool
		want     []string
	}{
		{i18n.English, false, []string{"at least 8 characters", "at most 256 characters", "3 of: lowercase, uppercase, digits, symbols",
			"not based on your name, username, email or phone"}},
		{i18n.English, true, []string{"not based on the user's name, username, email or phone"}},
		{i18n.SimplifiedChinese, false, []string{"至少 8 个字符", "最多 256 个字符", "不基于你的姓名、用户名、邮箱或手机号"}},
		{i18n.French, false, []string{"au moins 8 caractères", "au plus 256 caractères", "3 types parmi : minuscules, majuscules, chiffres, symboles"}},
	}
	for _, c := range cases {
		l := i18n.New(c.lang)
		got := map[string]bool{}
		for _, it := range Check(p, "x", UserInfo{Username: "ada", Operator: c.operator}) {
			got[it.Label(l)] = true
		}
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("%s (operator %v): no rule %q among %v", c.lang, c.operator, w, got)
			}
		}
	}
}
