package policy

import (
	"testing"

	"github.com/logto-account/logto-account/logto"
)

func failing(items []Item) map[string]bool {
	out := map[string]bool{}
	for _, it := range items {
		if !it.OK {
			out[it.Code] = true
		}
	}
	return out
}

func TestPasswordPolicy(t *testing.T) {
	p := logto.SignInExperience{}.WithDefaults().PasswordPolicy
	three := 3
	strict := p
	strict.CharacterTypes.Min = &three
	strict.Rejects.Words = []string{"acme"}
	info := UserInfo{Name: "Ada Lovelace", Username: "ada_l", Email: "countess@example.com", Phone: "442079460958"}
	cases := []struct {
		pw   string
		pol  logto.PasswordPolicy
		want []string
	}{
		{"short1!", p, []string{"password_rejected.too_short"}},
		{"Correct-Horse-Battery-9", p, nil},
		{"aaaaaaaaaa", p, []string{"password_rejected.restricted.repetition"}},
		{"abcdefgh12", p, []string{"password_rejected.restricted.sequence"}},
		{"qwertyuiop", p, []string{"password_rejected.restricted.sequence"}},
		{"lovelace12", p, []string{"password_rejected.restricted.user_info"}},
		{"countess99", p, []string{"password_rejected.restricted.user_info"}},
		{"lovelace-Xq7!", p, nil}, // enough characters outside the restricted run
		{"héllo-wörld-9", p, []string{"password_rejected.unsupported_characters"}},
		{"alllowercase", strict, []string{"password_rejected.character_types"}},
		{"acmeacme", strict, []string{"password_rejected.character_types", "password_rejected.restricted.words"}},
		{"Zy-acme-Q7!x", strict, nil},
	}
	for _, c := range cases {
		got := failing(Check(c.pol, c.pw, info))
		if len(got) != len(c.want) {
			t.Errorf("%q: failing %v, want %v", c.pw, got, c.want)
			continue
		}
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("%q: failing %v, want %v", c.pw, got, c.want)
			}
		}
	}
	if !OK(Check(p, "Correct-Horse-Battery-9", info)) {
		t.Error("OK is false for a good password")
	}
}
