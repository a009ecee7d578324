package logto_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto"
)

// Against a real tenant the contract tests change settings and an existing
// user (the Account API tests act on the user of LOGTO_TEST_USER_TOKEN).
// Each change is put back by a t.Cleanup registered before it is made, and
// the cleanup then reads the state again and fails the test if anything
// differs from what it found: a second run meets the tenant the first one
// met. The same cleanups run against the emulator, so they are tested by
// every `go test`.

// keepAccountCenter restores the Account Center (enabled and every field's
// control) as it was before the test.
func (tg *target) keepAccountCenter(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	found, err := tg.client.GetAccountCenter(ctx)
	if err != nil {
		t.Fatalf("reading the Account Center: %v", err)
	}
	if found.Fields == nil {
		found.Fields = map[string]string{} // sent as {}: the fields object is replaced whole
	}
	t.Cleanup(func() {
		got, err := tg.client.UpdateAccountCenter(ctx, *found)
		if err != nil {
			t.Errorf("restoring the Account Center: %v", err)
			return
		}
		if got.Enabled != found.Enabled || !maps.Equal(got.Fields, found.Fields) {
			t.Errorf("the Account Center is %+v after the test; it was %+v", *got, *found)
		}
	})
}

// userState is what a test may change on an existing user.
type userState struct {
	user       *logto.User
	factors    []string // MFA verification ids
	mfaEnabled bool     // logto-configs mfa.enabled (absent counts as false)
}

func (tg *target) userState(ctx context.Context, id string) (*userState, error) {
	u, err := tg.client.GetUser(ctx, id, logto.GetUserOptions{})
	if err != nil {
		return nil, err
	}
	fs, err := tg.client.MFAVerifications(ctx, id)
	if err != nil {
		return nil, err
	}
	cfg, err := tg.client.LogtoConfigs(ctx, id)
	if err != nil {
		return nil, err
	}
	s := &userState{user: u, mfaEnabled: cfg.MFA.Enabled != nil && *cfg.MFA.Enabled}
	for _, f := range fs {
		s.factors = append(s.factors, f.ID)
	}
	return s, nil
}

// keepUser restores, through the Management API, what a test may change
// on an existing user: password (when known), identifiers, name, avatar,
// profile and custom data, the MFA factors and social identities it added,
// and logto-configs mfa.enabled (which binding through the Account API
// sets). Sessions and grants are not restored: revoking them is the only
// change a test can make, and no test revokes a real user's.
func (tg *target) keepUser(t *testing.T, id string, password logto.Secret) {
	t.Helper()
	ctx := context.Background()
	before, err := tg.userState(ctx, id)
	if err != nil {
		t.Fatalf("reading the test user before the test: %v", err)
	}
	t.Cleanup(func() {
		if err := tg.restoreUser(ctx, before, password); err != nil {
			t.Errorf("restoring user %s: %v", id, err)
			return
		}
		after, err := tg.userState(ctx, id)
		if err != nil {
			t.Errorf("reading user %s after restoring it: %v", id, err)
			return
		}
		if diff := before.diff(after); diff != "" {
			t.Errorf("user %s differs after the test: %s", id, diff)
		}
		if password != "" {
			if err := tg.client.VerifyPassword(ctx, id, password); err != nil {
				t.Errorf("user %s: the password it had no longer verifies: %v", id, err)
			}
		}
	})
}

func (tg *target) restoreUser(ctx context.Context, before *userState, password logto.Secret) error {
	id := before.user.ID
	if password != "" {
		err := tg.client.VerifyPassword(ctx, id, password)
		if logto.CodeOf(err) == "session.invalid_credentials" {
			_, err = tg.client.UpdatePassword(ctx, id, password)
		}
		if err != nil {
			return fmt.Errorf("password: %w", err)
		}
	}
	now, err := tg.userState(ctx, id)
	if err != nil {
		return err
	}
	if p, changed := userPatchBack(before.user, now.user); len(changed) > 0 {
		if _, err := tg.client.UpdateUser(ctx, id, p); err != nil {
			return fmt.Errorf("fields: %w", err)
		}
	}
	for _, f := range now.factors {
		if !slices.Contains(before.factors, f) {
			if err := tg.client.DeleteMFAVerification(ctx, id, f); err != nil {
				return fmt.Errorf("MFA factor: %w", err)
			}
		}
	}
	for key, is := range now.user.Identities {
		was, had := before.user.Identities[key]
		switch {
		case !had:
			_, err = tg.client.UnlinkIdentity(ctx, id, key)
		case was.UserID != is.UserID:
			_, _, err = tg.client.PutIdentity(ctx, id, key, was)
		}
		if err != nil {
			return fmt.Errorf("identity %s: %w", key, err)
		}
	}
	if now.mfaEnabled != before.mfaEnabled {
		on := before.mfaEnabled
		if _, err := tg.client.UpdateLogtoConfigs(ctx, id, logto.LogtoConfigsPatch{MFA: &logto.MFAConfigPatch{Enabled: &on}}); err != nil {
			return fmt.Errorf("logto-configs: %w", err)
		}
	}
	return nil
}

// userPatchBack is the PATCH that sets now's fields back to before's, and
// the names of the fields it sets.
func userPatchBack(before, now *logto.User) (logto.UserPatch, []string) {
	var p logto.UserPatch
	var changed []string
	back := func(name string, field *logto.Nullable[string], was, is *string) {
		if (was == nil) == (is == nil) && logto.Str(was) == logto.Str(is) {
			return
		}
		changed = append(changed, name)
		if was == nil {
			*field = logto.Null[string]()
		} else {
			*field = logto.Value(*was)
		}
	}
	back("username", &p.Username, before.Username, now.Username)
	back("primaryEmail", &p.PrimaryEmail, before.PrimaryEmail, now.PrimaryEmail)
	back("primaryPhone", &p.PrimaryPhone, before.PrimaryPhone, now.PrimaryPhone)
	back("name", &p.Name, before.Name, now.Name)
	back("avatar", &p.Avatar, before.Avatar, now.Avatar)
	if !reflect.DeepEqual(before.CustomData, now.CustomData) {
		p.CustomData, changed = logto.Value(before.CustomData), append(changed, "customData")
	}
	if !reflect.DeepEqual(before.Profile, now.Profile) {
		p.Profile, changed = logto.Value(before.Profile), append(changed, "profile")
	}
	return p, changed
}

// diff names what differs between two states ("" when nothing does).
func (s *userState) diff(o *userState) string {
	var d []string
	if _, changed := userPatchBack(s.user, o.user); len(changed) > 0 {
		d = append(d, strings.Join(changed, ", "))
	}
	if !slices.Equal(s.factors, o.factors) {
		d = append(d, fmt.Sprintf("MFA factors (%d, was %d)", len(o.factors), len(s.factors)))
	}
	if !reflect.DeepEqual(identityIDs(s.user), identityIDs(o.user)) {
		d = append(d, "identities")
	}
	if s.mfaEnabled != o.mfaEnabled {
		d = append(d, "logto-configs mfa.enabled")
	}
	return strings.Join(d, ", ")
}

func identityIDs(u *logto.User) map[string]string {
	out := map[string]string{}
	for key, id := range u.Identities {
		out[key] = id.UserID
	}
	return out
}

// enableMFAFactors makes sure the tenant's sign-in experience offers these
// MFA factors (the Account API binds only those), and puts its "mfa" setting
// back as found after the test. The client has no call for it (the screens
// only read the sign-in experience), so this one is made here.
func (tg *target) enableMFAFactors(t *testing.T, factors ...string) {
	t.Helper()
	var sie struct {
		MFA map[string]any `json:"mfa"`
	}
	tg.management(t, http.MethodGet, "/api/sign-in-exp", nil, &sie)
	found := sie.MFA
	var have []string
	list, _ := found["factors"].([]any)
	for _, f := range list {
		if s, ok := f.(string); ok {
			have = append(have, s)
		}
	}
	want := slices.Clone(have)
	for _, f := range factors {
		if !slices.Contains(want, f) {
			want = append(want, f)
		}
	}
	if len(want) == len(have) {
		return
	}
	t.Cleanup(func() {
		var back struct {
			MFA map[string]any `json:"mfa"`
		}
		tg.management(t, http.MethodPatch, "/api/sign-in-exp", map[string]any{"mfa": found}, &back)
		if !reflect.DeepEqual(back.MFA, found) {
			t.Errorf("the sign-in experience's MFA is %v after the test; it was %v", back.MFA, found)
		}
	})
	on := maps.Clone(found)
	on["factors"] = want
	tg.management(t, http.MethodPatch, "/api/sign-in-exp", map[string]any{"mfa": on}, nil)
}

// management sends one Management API request with the M2M token and
// decodes a 2xx answer into out; any other answer fails the test.
func (tg *target) management(t *testing.T, method, path string, body, out any) {
	t.Helper()
	ctx := context.Background()
	token, err := tg.tokens.Token(ctx)
	if err != nil {
		t.Fatalf("M2M token: %v", err)
	}
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequestWithContext(ctx, method, tg.endpoint+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		var e struct {
			Code string `json:"code"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&e)
		t.Fatalf("%s %s: HTTP %d %s", method, path, resp.StatusCode, e.Code)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}
