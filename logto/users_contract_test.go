package logto_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto"
)

func TestContractUserReadAndPatch(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	s := suffix()
	u := tg.newUser(t, logto.NewUser{Username: "contract_" + s, PrimaryEmail: "Contract." + s + "@example.com",
		Name: "Contract User", Password: "CorrectHorse!Battery9"})

	got, err := tg.client.GetUser(ctx, u.ID, logto.GetUserOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.SSOIdentities != nil {
		t.Errorf("ssoIdentities present without includeSsoIdentities: %v", got.SSOIdentities)
	}
	if logto.Str(got.PrimaryEmail) != "Contract."+s+"@example.com" {
		t.Errorf("email case not preserved: %q", logto.Str(got.PrimaryEmail))
	}
	if !got.HasPassword || got.CustomData == nil || got.Identities == nil || got.CreatedAt.IsZero() || !got.LastSignInAt.IsZero() {
		t.Errorf("unexpected defaults: hasPassword=%v customData=%v identities=%v created=%v lastSignIn=%v",
			got.HasPassword, got.CustomData, got.Identities, got.CreatedAt, got.LastSignInAt)
	}
	withSSO, err := tg.client.GetUser(ctx, u.ID, logto.GetUserOptions{IncludeSSOIdentities: true})
	if err != nil {
		t.Fatal(err)
	}
	if withSSO.SSOIdentities == nil || len(withSSO.SSOIdentities) != 0 {
		t.Errorf("want an empty, present ssoIdentities; got %#v", withSSO.SSOIdentities)
	}

	// Phone with trunk 0 is stored without it (docs/logto-behaviour.md#phone).
	d := digits(6)
	patched, err := tg.client.UpdateUser(ctx, u.ID, logto.UserPatch{PrimaryPhone: logto.Value("610412" + d)})
	if err != nil {
		t.Fatal(err)
	}
	if want := "61412" + d; logto.Str(patched.PrimaryPhone) != want {
		t.Errorf("phone stored as %q, want %q", logto.Str(patched.PrimaryPhone), want)
	}

	// "" and null both clear a field.
	cleared, err := tg.client.UpdateUser(ctx, u.ID, logto.UserPatch{Name: logto.Value(""), PrimaryPhone: logto.Null[string]()})
	if err != nil {
		t.Fatal(err)
	}
	if cleared.Name != nil || cleared.PrimaryPhone != nil {
		t.Errorf("want name and phone null, got %v %v", cleared.Name, cleared.PrimaryPhone)
	}
	if cleared.Username == nil {
		t.Error("username was not in the patch but got cleared")
	}

	_, err = tg.client.UpdateUser(ctx, u.ID, logto.UserPatch{Name: logto.Value(strings.Repeat("x", 129))})
	var ve *logto.ValidationError
	if !errors.As(err, &ve) || ve.Field != "name" {
		t.Errorf("a 129-character name must be refused before sending, got %v", err)
	}
	unknown, err := tg.client.GetUser(ctx, "nonexistent12", logto.GetUserOptions{})
	if unknown != nil {
		t.Error("got a user for an unknown id")
	}
	wantCode(t, err, http.StatusNotFound, "entity.not_found")
}

func TestContractUserConflicts(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	s := suffix()
	ph := "1555" + digits(7)
	a := tg.newUser(t, logto.NewUser{Username: "first_" + s, PrimaryEmail: "first" + s + "@example.com", PrimaryPhone: ph})
	b := tg.newUser(t, logto.NewUser{Username: "second_" + s})

	_, err := tg.client.UpdateUser(ctx, b.ID, logto.UserPatch{Username: logto.Value(logto.Str(a.Username))})
	wantCode(t, err, http.StatusUnprocessableEntity, "user.username_already_in_use")
	// Email uniqueness ignores case.
	_, err = tg.client.UpdateUser(ctx, b.ID, logto.UserPatch{PrimaryEmail: logto.Value(strings.ToUpper("first" + s + "@example.com"))})
	wantCode(t, err, http.StatusUnprocessableEntity, "user.email_already_in_use")
	_, err = tg.client.UpdateUser(ctx, b.ID, logto.UserPatch{PrimaryPhone: logto.Value(ph)})
	wantCode(t, err, http.StatusUnprocessableEntity, "user.phone_already_in_use")
	// Unparsable phone numbers are refused by the server; "12" passes the regex.
	_, err = tg.client.UpdateUser(ctx, b.ID, logto.UserPatch{PrimaryPhone: logto.Value("12")})
	wantCode(t, err, http.StatusUnprocessableEntity, "user.invalid_phone")
}

func TestContractProfileAndCustomData(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	u := tg.newUser(t, logto.NewUser{Username: "profile_" + suffix()})
	given, nick := "Con", "nick"
	region := "NSW"
	p, err := tg.client.UpdateProfile(ctx, u.ID, logto.Profile{GivenName: &given, Address: &logto.Address{Region: &region}})
	if err != nil {
		t.Fatal(err)
	}
	if logto.Str(p.GivenName) != "Con" || p.Address == nil || logto.Str(p.Address.Region) != "NSW" {
		t.Errorf("the profile PATCH did not answer with the profile: %+v", p)
	}
	p, err = tg.client.UpdateProfile(ctx, u.ID, logto.Profile{Nickname: &nick})
	if err != nil {
		t.Fatal(err)
	}
	if logto.Str(p.GivenName) != "Con" || logto.Str(p.Nickname) != "nick" || p.Address == nil || logto.Str(p.Address.Region) != "NSW" {
		t.Errorf("profile merge lost keys: %+v", p)
	}

	cd, err := tg.client.UpdateCustomData(ctx, u.ID, map[string]any{"a": 1, "b": map[string]any{"c": 2}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cd["b"].(map[string]any)["c"]; !ok || cd["a"] == nil {
		t.Errorf("the custom-data PATCH did not answer with the custom data: %v", cd)
	}
	cd, err = tg.client.UpdateCustomData(ctx, u.ID, map[string]any{"b": map[string]any{"d": 3}, "e": "x"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := cd["b"].(map[string]any)
	if cd["a"] != float64(1) || cd["e"] != "x" || b["d"] != float64(3) || b["c"] != nil {
		t.Errorf("custom data is not a shallow merge: %v", cd)
	}
	// Removing a key takes the full PATCH.
	replaced, err := tg.client.UpdateUser(ctx, u.ID, logto.UserPatch{CustomData: logto.Value(map[string]any{"e": "x"})})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := replaced.CustomData["a"]; ok {
		t.Errorf("PATCH user must replace customData, got %v", replaced.CustomData)
	}
	got, err := tg.client.CustomData(ctx, u.ID)
	if err != nil || len(got) != 1 || got["e"] != "x" {
		t.Errorf("GET custom-data = %v, %v", got, err)
	}
}

func TestContractLogtoConfigsSuspendDelete(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	u := tg.newUser(t, logto.NewUser{Username: "cfg_" + suffix()})
	cfg, err := tg.client.LogtoConfigs(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MFA.Enabled != nil {
		t.Errorf("a fresh user has no mfa.enabled key, got %v", *cfg.MFA.Enabled)
	}
	on := true
	cfg, err = tg.client.UpdateLogtoConfigs(ctx, u.ID, logto.LogtoConfigsPatch{MFA: &logto.MFAConfigPatch{Enabled: &on}})
	if err != nil || cfg.MFA.Enabled == nil || !*cfg.MFA.Enabled {
		t.Fatalf("mfa.enabled not set: %+v %v", cfg, err)
	}

	s, err := tg.client.SetSuspended(ctx, u.ID, true)
	if err != nil || !s.IsSuspended {
		t.Fatalf("suspend: %v %v", s, err)
	}
	s, err = tg.client.SetSuspended(ctx, u.ID, false)
	if err != nil || s.IsSuspended {
		t.Fatalf("unsuspend: %v %v", s, err)
	}
	if err := tg.client.DeleteUser(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	_, err = tg.client.GetUser(ctx, u.ID, logto.GetUserOptions{})
	wantCode(t, err, http.StatusNotFound, "entity.not_found")
	wantCode(t, tg.client.DeleteUser(ctx, u.ID), http.StatusNotFound, "entity.not_found")
}

func TestContractPassword(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	s := suffix()
	with := tg.newUser(t, logto.NewUser{Username: "pw_" + s, Password: "CorrectHorse!Battery9"})
	without := tg.newUser(t, logto.NewUser{Username: "nopw_" + s})

	if has, err := tg.client.HasPassword(ctx, with.ID); err != nil || !has {
		t.Fatalf("has-password = %v, %v", has, err)
	}
	if has, err := tg.client.HasPassword(ctx, without.ID); err != nil || has {
		t.Fatalf("has-password (none) = %v, %v", has, err)
	}
	if err := tg.client.VerifyPassword(ctx, with.ID, "CorrectHorse!Battery9"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, tg.client.VerifyPassword(ctx, with.ID, "wrong"), http.StatusUnprocessableEntity, "session.invalid_credentials")
	wantCode(t, tg.client.VerifyPassword(ctx, without.ID, "anything"), http.StatusUnprocessableEntity, "session.invalid_credentials")
	u, err := tg.client.UpdatePassword(ctx, without.ID, "Another!Secret42")
	if err != nil || !u.HasPassword {
		t.Fatalf("update password: %v %v", u, err)
	}
	if err := tg.client.VerifyPassword(ctx, without.ID, "Another!Secret42"); err != nil {
		t.Fatal(err)
	}
	var ve *logto.ValidationError
	if _, err := tg.client.UpdatePassword(ctx, with.ID, ""); !errors.As(err, &ve) {
		t.Errorf("an empty password must be refused locally, got %v", err)
	}
}

func TestContractSearchUsersPagination(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	tag := "pg" + suffix()
	for i := range 5 {
		tg.newUser(t, logto.NewUser{Username: tag + "_" + string(rune('a'+i))})
	}
	q := logto.UserQuery{Search: tag, PageSize: 2}
	var seen []string
	pages := 0
	for {
		p, err := tg.client.SearchUsers(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, u := range p.Users {
			seen = append(seen, logto.Str(u.Username))
		}
		if p.Total != 5 {
			t.Errorf("Total-Number = %d, want 5", p.Total)
		}
		if !p.HasNext() {
			break
		}
		q = p.Next(q)
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
	}
	if pages != 3 || len(seen) != 5 {
		t.Errorf("got %d pages and users %v, want 3 pages of 5 users", pages, seen)
	}
	if seen[0] != tag+"_e" {
		t.Errorf("users are not newest first: %v", seen)
	}
	var ve *logto.ValidationError
	if _, err := tg.client.SearchUsers(ctx, logto.UserQuery{PageSize: 101}); !errors.As(err, &ve) {
		t.Errorf("page_size 101 must be refused locally, got %v", err)
	}
}

// TestContractSearchTakesTheTextLiterally: Logto's search is SQL ILIKE, so
// the client escapes % and _ in what the user typed; case does not matter
// and names in any script are found.
func TestContractSearchTakesTheTextLiterally(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	tag := "lit" + suffix()
	tg.newUser(t, logto.NewUser{Username: tag + "_x1"})
	tg.newUser(t, logto.NewUser{Username: tag + "ax1", Name: "Ада Лавлейс " + tag})
	find := func(text string) []string {
		p, err := tg.client.SearchUsers(ctx, logto.UserQuery{Search: text})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range p.Users {
			names = append(names, logto.Str(u.Username))
		}
		return names
	}
	if got := find(tag + "_x"); len(got) != 1 || got[0] != tag+"_x1" {
		t.Errorf("search %q found %v: _ must match only an underscore", tag+"_x", got)
	}
	if got := find(strings.ToUpper(tag) + "%"); len(got) != 0 {
		t.Errorf("a typed %% matched %v", got)
	}
	if got := find("лавлейс " + tag); len(got) != 1 || got[0] != tag+"ax1" {
		t.Errorf("a Cyrillic name, any case: %v", got)
	}
}
