package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
)

// TestCommandProfile: profile show and set, checked as the screen checks,
// custom-data get/set/merge/delete (stdin too), avatar set from a file.
func TestCommandProfile(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, func(s *emulator.UserSeed) {
		s.Profile = map[string]any{"givenName": "Ada", "locale": "en-GB"}
		s.Phone = "+44 20 7946 0958"
		s.CustomData = map[string]any{"theme": "dark", "prefs": map[string]any{"lang": "en", "big": 1234567}}
	})
	r := h.ok("", "profile", "show")
	// The phone as everywhere else (logto/phone.Format), not Logto's digits.
	for _, want := range []string{"Id:", h.uid, "Name:", "Ada Lovelace", "Given name:", "Custom data:", " +44 20 7946 0958\n"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("profile show lacks %q:\n%s", want, r.out)
		}
	}
	p := jsonOf[map[string]any](t, h.ok("", "profile", "show", "--json"))
	prof, _ := p["profile"].(map[string]any)
	if p["id"] != h.uid || p["username"] != "ada" || p["primary_phone"] != "442079460958" || prof["given_name"] != "Ada" || prof["family_name"] != nil {
		t.Errorf("profile --json: %v", p)
	}
	if r := h.ok("", "profile", "show", "--jq", ".profile.locale"); strings.TrimSpace(r.out) != "en-GB" {
		t.Errorf("--jq: %q", r.out)
	}
	h.ok("", "profile", "set", "name=Ada King", "family_name=King", "locale=")
	u, _ := h.emu.User(h.uid)
	if u.Name != "Ada King" || u.Profile["familyName"] != "King" || u.Profile["locale"] != nil || u.Profile["givenName"] != "Ada" {
		t.Errorf("after set: %q %v", u.Name, u.Profile)
	}
	// The screen's checks, before anything is sent; a typo gets a suggestion.
	h.emu.ResetRequests()
	h.fails(2, "birthdate: Use YYYY-MM-DD", "", "profile", "set", "birthdate=10/12/1815")
	h.fails(2, "Did you mean given_name?", "", "profile", "set", "givn_name=Augusta")
	h.fails(2, "not FIELD=VALUE", "", "profile", "set", "name")
	if n := h.emu.CountRequests("PATCH", "/api/users"); n != 0 {
		t.Errorf("%d PATCH requests for refused input", n)
	}

	// Custom data: a dotted path reaches into objects.
	if r := h.ok("", "custom-data", "get", "prefs.big"); strings.TrimSpace(r.out) != "1234567" {
		t.Errorf("get prefs.big: %q", r.out)
	}
	h.ok(`{"volume": 3}`, "custom-data", "merge")
	h.ok("", "custom-data", "delete", "prefs.lang")
	got := jsonOf[map[string]any](t, h.ok("", "custom-data", "get", "--json"))
	if got["volume"] == nil || got["theme"] != "dark" || got["prefs"].(map[string]any)["lang"] != nil ||
		got["prefs"].(map[string]any)["big"] != 1234567.0 {
		t.Errorf("after merge and delete: %v", got)
	}
	h.fails(2, "line 1 column", "", "custom-data", "set", `{"a": `)
	h.fails(1, "Custom data has nothing at nope", "", "custom-data", "get", "nope")
	h.ok("-", "custom-data", "set", `{"only": true}`) // "-" is not stdin here: the argument wins
	r = h.ok(`{"from": "stdin"}`, "custom-data", "set", "-")
	if !strings.Contains(r.out, "removing: only") {
		t.Errorf("set says what it removed: %q", r.out)
	}
	if u, _ := h.emu.User(h.uid); len(u.CustomData) != 1 || u.CustomData["from"] != "stdin" {
		t.Errorf("custom data = %v", u.CustomData)
	}

	// Avatar: a file checked as Logto checks it; the tenant has no storage
	// until it is set up (the screen's words), then it is uploaded and set.
	file := filepath.Join(h.dir, "me.png")
	var img bytes.Buffer
	_ = png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 4, 4)))
	if err := os.WriteFile(file, img.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(h.dir, "cut.png")
	_ = os.WriteFile(bad, img.Bytes()[:img.Len()-4], 0o600)
	h.fails(2, "avatar file", "", "avatar", "set", bad)
	h.fails(1, "no file storage", "", "avatar", "set", file)
	h.emu.SetStorage(true)
	r = h.ok("", "avatar", "set", file, "--jq", ".avatar")
	if u, _ := h.emu.User(h.uid); u.Avatar == "" || strings.TrimSpace(r.out) != u.Avatar {
		t.Errorf("avatar %q, printed %q", u.Avatar, r.out)
	}
}

// TestCommandProfileOnTheAccountAPI: a username change needs a proof on
// the Account API; without one a script is told how to give it.
func TestCommandProfileOnTheAccountAPI(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, false, nil)
	h.ok("", "profile", "set", "name=Ada King")
	h.fails(2, "--proof-file", "", "profile", "set", "username=countess")
	h.ok("", "profile", "set", "username=countess", "--proof-file", h.proofFile())
	if u, _ := h.emu.User(h.uid); u.Username != "countess" || u.Name != "Ada King" {
		t.Errorf("user = %+v", u)
	}
	if n := h.emu.M2MTokensIssued(); n != 0 {
		t.Errorf("%d M2M tokens issued to an end user's commands", n)
	}
}
