package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func postForm(t *testing.T, u string, f url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(u, f)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func deviceLogin(t *testing.T, e *Emulator, base, userID string) map[string]any {
	t.Helper()
	_, auth := postForm(t, base+"/oidc/device/auth", url.Values{"client_id": {DefaultDeviceAppID},
		"scope": {"openid offline_access profile email"}})
	if err := e.ApproveDevice(auth["user_code"].(string), userID, SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	status, tok := postForm(t, base+"/oidc/token", url.Values{"grant_type": {grantDeviceKey},
		"device_code": {auth["device_code"].(string)}, "client_id": {DefaultDeviceAppID}})
	if status != 200 {
		t.Fatalf("redeem: %d %v", status, tok)
	}
	return tok
}

func TestRefreshRotationGraceAndReuseRevocation(t *testing.T) {
	e := New(Options{})
	srv := httptest.NewServer(e)
	defer srv.Close()
	uid := e.SeedUser(UserSeed{Username: "ada", Name: "Ada"})
	tok := deviceLogin(t, e, srv.URL, uid)
	if tok["id_token"] == nil || tok["refresh_token"] == nil {
		t.Fatalf("tokens = %v", tok)
	}
	claims := decodeClaims(tok["id_token"].(string))
	if claims["sub"] != uid || claims["aud"] != DefaultDeviceAppID || claims["iss"] != srv.URL+"/oidc" || claims["auth_time"] != nil {
		t.Errorf("ID token claims = %v", claims)
	}
	refresh := func(rt string) (int, map[string]any) {
		return postForm(t, srv.URL+"/oidc/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {DefaultDeviceAppID}})
	}
	rt0 := tok["refresh_token"].(string)
	st, r1 := refresh(rt0)
	if st != 200 || r1["refresh_token"] == rt0 {
		t.Fatalf("rotation: %d %v", st, r1)
	}
	if st, _ := refresh(rt0); st != 200 {
		t.Errorf("reuse within 3 s must still pass, got %d", st)
	}
	e.Advance(4 * time.Second)
	if st, body := refresh(rt0); st != 400 || body["error"] != "invalid_grant" {
		t.Errorf("reuse after 3 s: %d %v", st, body)
	}
	if st, _ := refresh(r1["refresh_token"].(string)); st != 400 {
		t.Errorf("the newest refresh token must die with the grant, got %d", st)
	}
}

func TestDoubleRedeemRevokesTheGrant(t *testing.T) {
	e := New(Options{})
	srv := httptest.NewServer(e)
	defer srv.Close()
	uid := e.SeedUser(UserSeed{Username: "ada"})
	_, auth := postForm(t, srv.URL+"/oidc/device/auth", url.Values{"client_id": {DefaultDeviceAppID}, "scope": {"openid offline_access"}})
	f := url.Values{"grant_type": {grantDeviceKey}, "device_code": {auth["device_code"].(string)}, "client_id": {DefaultDeviceAppID}}
	if st, body := postForm(t, srv.URL+"/oidc/token", f); st != 400 || body["error"] != "authorization_pending" {
		t.Fatalf("before approval: %d %v", st, body)
	}
	_ = e.ApproveDevice(auth["user_code"].(string), uid, SessionOptions{})
	_, first := postForm(t, srv.URL+"/oidc/token", f)
	if st, body := postForm(t, srv.URL+"/oidc/token", f); st != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("second redeem: %d %v", st, body)
	}
	st, _ := postForm(t, srv.URL+"/oidc/token", url.Values{"grant_type": {"refresh_token"},
		"refresh_token": {first["refresh_token"].(string)}, "client_id": {DefaultDeviceAppID}})
	if st != 400 {
		t.Errorf("first redeem's refresh token survived a second redeem: %d", st)
	}
}

func TestDevicePageApprovesWithPassword(t *testing.T) {
	e := New(Options{})
	srv := httptest.NewServer(e)
	defer srv.Close()
	e.SeedDemo()
	_, auth := postForm(t, srv.URL+"/oidc/device/auth", url.Values{"client_id": {DefaultDeviceAppID}, "scope": {"openid"}})
	code := auth["user_code"].(string)
	page, err := http.Get(auth["verification_uri_complete"].(string))
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	if page.StatusCode != 200 {
		t.Fatalf("GET /device = %d", page.StatusCode)
	}
	for _, tc := range []struct{ password, want string }{{"wrong", "Wrong username or password"}, {DemoPassword, "Approved"}} {
		resp, err := http.PostForm(srv.URL+"/device", url.Values{"user_code": {strings.ToLower(code)},
			"username": {DemoUsername}, "password": {tc.password}, "action": {"approve"}})
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		buf := make([]byte, 4096)
		n, _ := resp.Body.Read(buf)
		sb.Write(buf[:n])
		resp.Body.Close()
		if !strings.Contains(sb.String(), tc.want) {
			t.Errorf("password %q: page lacks %q", tc.password, tc.want)
		}
	}
	st, tok := postForm(t, srv.URL+"/oidc/token", url.Values{"grant_type": {grantDeviceKey},
		"device_code": {auth["device_code"].(string)}, "client_id": {DefaultDeviceAppID}})
	if st != 200 || tok["id_token"] == nil {
		t.Errorf("after approval on the page: %d %v", st, tok)
	}
}

// TestOnDeviceTellsEachStep: the hook hears a code issued, then approved
// (by ApproveDevice) or denied (on the /device page), with the code as the
// person sees it; it runs outside the lock, so it may call the emulator.
func TestOnDeviceTellsEachStep(t *testing.T) {
	type event struct {
		code  string
		state DeviceState
	}
	var mu sync.Mutex
	var events []event
	var e *Emulator
	e = New(Options{OnDevice: func(code string, state DeviceState) {
		_ = e.PendingUserCodes() // would deadlock under the lock
		mu.Lock()
		events = append(events, event{code, state})
		mu.Unlock()
	}})
	srv := httptest.NewServer(e)
	defer srv.Close()
	uid := e.SeedDemo()
	issue := func() string {
		_, auth := postForm(t, srv.URL+"/oidc/device/auth", url.Values{"client_id": {DefaultDeviceAppID}, "scope": {"openid"}})
		return auth["user_code"].(string)
	}
	first, second := issue(), issue()
	if err := e.ApproveDevice(strings.ToLower(first), uid, SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(srv.URL+"/device", url.Values{"user_code": {second}, "action": {"deny"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := e.ApproveDevice(first, uid, SessionOptions{}); err == nil {
		t.Error("a code was approved twice")
	}
	mu.Lock()
	defer mu.Unlock()
	want := []event{{first, DevicePending}, {second, DevicePending}, {first, DeviceApproved}, {second, DeviceDenied}}
	if len(events) != len(want) {
		t.Fatalf("events = %v, want %v", events, want)
	}
	for i := range want {
		if events[i] != want[i] {
			t.Errorf("event %d = %v, want %v", i, events[i], want[i])
		}
	}
}
