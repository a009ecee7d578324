package logto_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto"
)

// TestClientValidatesBeforeSending checks each rule the sheet gives and that
// nothing reaches the server for input it would refuse.
func TestClientValidatesBeforeSending(t *testing.T) {
	tg := newTarget(t)
	tg.needEmulator(t, "counting requests")
	ctx := context.Background()
	u := tg.newUser(t, logto.NewUser{Username: "valid_" + suffix()})
	before := tg.requests("", "/api/")
	cases := []struct {
		name  string
		patch logto.UserPatch
		field string
	}{
		{"leading digit", logto.UserPatch{Username: logto.Value("1ada")}, "username"},
		{"username with a dash", logto.UserPatch{Username: logto.Value("ada-l")}, "username"},
		{"username too long", logto.UserPatch{Username: logto.Value("a" + strings.Repeat("b", 128))}, "username"},
		{"email without domain", logto.UserPatch{PrimaryEmail: logto.Value("ada@")}, "primaryEmail"},
		{"email with a space", logto.UserPatch{PrimaryEmail: logto.Value("ada lovelace@example.com")}, "primaryEmail"},
		{"phone with plus", logto.UserPatch{PrimaryPhone: logto.Value("+15551234567")}, "primaryPhone"},
		{"phone with spaces", logto.UserPatch{PrimaryPhone: logto.Value("1 555 123 4567")}, "primaryPhone"},
		{"name of 129 runes", logto.UserPatch{Name: logto.Value(strings.Repeat("é", 129))}, "name"},
		{"relative avatar", logto.UserPatch{Avatar: logto.Value("me.png")}, "avatar"},
		{"empty patch", logto.UserPatch{}, "body"},
		{"null custom data", logto.UserPatch{CustomData: logto.Null[map[string]any]()}, "customData"},
	}
	for _, c := range cases {
		_, err := tg.client.UpdateUser(ctx, u.ID, c.patch)
		var ve *logto.ValidationError
		if !errors.As(err, &ve) || ve.Field != c.field || ve.Reason == "" {
			t.Errorf("%s: want a validation error naming %s, got %v", c.name, c.field, err)
		}
	}
	if _, err := tg.client.CreatePersonalAccessToken(ctx, u.ID, "", nil); err == nil {
		t.Error("empty PAT name accepted")
	}
	if n := tg.requests("", "/api/") - before; n != 0 {
		t.Errorf("%d requests were sent for input the client knew to be invalid", n)
	}
	// A 128-character name, "" (clears) and a unicode username-free patch pass.
	if _, err := tg.client.UpdateUser(ctx, u.ID, logto.UserPatch{Name: logto.Value(strings.Repeat("é", 128)), Avatar: logto.Value("")}); err != nil {
		t.Errorf("valid patch refused: %v", err)
	}
}

func TestLooksLikeUserID(t *testing.T) {
	for s, want := range map[string]bool{"5sqhlvpvwbwc": true, "ada000000001": true, "ada": false,
		"ada@example.com": false, "5SQHLVPVWBWC": false, "5sqhlvpvwbwc1": false, "ada_lovelace": false} {
		if got := logto.LooksLikeUserID(s); got != want {
			t.Errorf("%q: %v", s, got)
		}
	}
}
