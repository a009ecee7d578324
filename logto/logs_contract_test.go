package logto_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

// deviceSignIn signs userID in through the device flow as a person at a
// browser (ip, ua) would, and redeems the code from this program: the
// emulator writes what Logto writes for it.
func deviceSignIn(t *testing.T, tg *target, userID, ip, ua string) {
	t.Helper()
	post := func(path string, f url.Values, out any) {
		req, _ := http.NewRequest(http.MethodPost, tg.endpoint+path, strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("User-Agent", "logto-account-test")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	var auth struct {
		DeviceCode string `json:"device_code"`
		UserCode   string `json:"user_code"`
	}
	post("/oidc/device/auth", url.Values{"client_id": {emulator.DefaultDeviceAppID}, "scope": {"openid offline_access"}}, &auth)
	if err := tg.emu.ApproveDevice(auth.UserCode, userID, emulator.SessionOptions{IP: ip, UserAgent: ua}); err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	post("/oidc/token", url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"},
		"device_code": {auth.DeviceCode}, "client_id": {emulator.DefaultDeviceAppID}}, &tok)
	if tok.AccessToken == "" {
		t.Fatal("the device code was not redeemed")
	}
}

// TestContractSignInHistory: GET /api/logs?userId= lists a user's sign-ins
// (the browser's Interaction.SignIn.Submit) and token exchanges (the
// program's ExchangeTokenBy.DeviceCode), newest first, each with the
// caller's address and user agent; Total-Number counts them; logKey
// filters by exact key; start_time/end_time (1.40+) bound them. A failed
// password try names no user, so a search by user id does not find it.
func TestContractSignInHistory(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	var userID string
	if tg.emu != nil {
		u := tg.newUser(t, logto.NewUser{Username: "history_" + suffix(), Password: accountPassword})
		userID = u.ID
		tg.emu.SeedLog(emulator.LogEvent{Key: logto.LogPasswordTry, IP: "192.0.2.9", ErrorCode: "session.invalid_credentials"})
		deviceSignIn(t, tg, userID, "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
	} else {
		at := newAccountTarget(t) // a real Logto: the token's user signed in through the device flow
		userID = at.user.ID
	}

	page, err := tg.client.Logs(ctx, logto.LogQuery{UserID: userID, PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total < 2 || len(page.Entries) < 2 {
		t.Fatalf("want at least a sign-in and a token exchange, got %d entries (total %d)", len(page.Entries), page.Total)
	}
	keys := map[string]logto.LogEntry{}
	for i, e := range page.Entries {
		if e.Payload.UserID != userID {
			t.Errorf("entry %s is another user's (%q)", e.Key, e.Payload.UserID)
		}
		if i > 0 && e.CreatedAt.After(page.Entries[i-1].CreatedAt.Time) {
			t.Error("entries are not newest first")
		}
		if e.Key == logto.LogPasswordTry {
			t.Error("a password try carries no user id in Logto's log")
		}
		if _, seen := keys[e.Key]; !seen {
			keys[e.Key] = e
		}
	}
	signIn, ok := keys[logto.LogSignIn]
	if !ok || signIn.Payload.IP == "" || signIn.Payload.UserAgent == "" || signIn.Failed() {
		t.Errorf("sign-in entry: %+v (present %v)", signIn, ok)
	}
	exch, ok := keys[logto.LogExchangeDevice]
	if !ok || exch.Payload.ApplicationID == "" || exch.Payload.UserAgent == "" {
		t.Errorf("device-code exchange entry: %+v (present %v)", exch, ok)
	}
	if tg.emu != nil && signIn.Payload.IP != "203.0.113.7" {
		t.Errorf("the sign-in's address is the browser's: %q", signIn.Payload.IP)
	}

	one, err := tg.client.Logs(ctx, logto.LogQuery{UserID: userID, Key: logto.LogSignIn, PageSize: 1})
	if err != nil || len(one.Entries) != 1 || one.Entries[0].Key != logto.LogSignIn {
		t.Fatalf("logKey filter: %+v %v", one, err)
	}
	if one.Total > 1 && !one.HasNext() {
		t.Error("a page of one with more entries has no next page")
	}
	later, err := tg.client.Logs(ctx, logto.LogQuery{UserID: userID, Since: tg.now().Add(time.Hour)})
	if err != nil || len(later.Entries) != 0 {
		t.Errorf("start_time an hour ahead: %+v %v", later, err)
	}
	if tg.emu != nil {
		failed, err := tg.client.Logs(ctx, logto.LogQuery{Key: logto.LogPasswordTry})
		if err != nil || len(failed.Entries) == 0 || !failed.Entries[0].Failed() ||
			failed.Entries[0].ErrorCode() != "session.invalid_credentials" {
			t.Errorf("the failed try, listed without a user: %+v %v", failed, err)
		}
	}

	var ve *logto.ValidationError
	if _, err := tg.client.Logs(ctx, logto.LogQuery{Since: tg.now(), Until: tg.now().Add(-time.Hour)}); !errors.As(err, &ve) {
		t.Errorf("a window ending before it starts must be refused before sending: %v", err)
	}
	var body struct {
		Code string `json:"code"`
	}
	if status := tg.rawGet(t, "/api/logs?start_time=2000&end_time=1000", &body); status != http.StatusBadRequest ||
		body.Code != "log.invalid_time_window" {
		t.Errorf("start_time after end_time answered %d %s, want 400 log.invalid_time_window", status, body.Code)
	}
}

// rawGet sends a GET the client would refuse and returns the status.
func (tg *target) rawGet(t *testing.T, path string, out any) int {
	t.Helper()
	tok, err := tg.tokens.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, tg.endpoint+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_ = json.NewDecoder(resp.Body).Decode(out)
	return resp.StatusCode
}
