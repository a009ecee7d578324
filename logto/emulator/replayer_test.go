package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
)

// replayer walks the recordings in order against one emulator, mapping the
// ids and tokens the real server issued to the ones the emulator issued.
type replayer struct {
	t    *testing.T
	emu  *Emulator
	base string
	// shift moves the absolute times the recording sent, as the clock is.
	shift time.Duration
	ids   map[string]string
	// contractUser is the recorded id of the user the device flows sign in.
	contractUser string
	named        map[string]map[string]any
	dev          map[string]any // last device-auth answer of the emulator
	// pendingRT and pendingAT are the tokens of a first redeem the recording
	// did not keep; the next unknown refresh token in a request is this one.
	pendingRT, pendingAT string
	// codes are the codes the emulator sent, per recipient, oldest first.
	codes map[string][]string
	// userToken is the contract user's own token for the Account API.
	userToken string
	// m2m holds a Management API token per M2M app.
	m2m map[string]cachedToken
}

// fillCode puts the code the emulator sent where the recording typed the
// one the real server sent; recorded wrong codes stay wrong.
func (rp *replayer) fillCode(r record, req any) {
	m, ok := req.(map[string]any)
	if !ok || r.Path != "/api/verification-codes/verify" {
		return
	}
	to, _ := m["email"].(string)
	if to == "" {
		to, _ = m["phone"].(string)
	}
	sent := rp.codes[to]
	switch {
	case strings.Contains(r.Label, "wrong") && !strings.Contains(r.Label, "right"), len(sent) == 0:
	case strings.Contains(r.Label, "old code"):
		if len(sent) >= 2 {
			m["verificationCode"] = sent[len(sent)-2]
		}
	default:
		m["verificationCode"] = sent[len(sent)-1]
	}
}

// play sends one record; done is false for setup steps carried out through
// the emulator's Go API (applications, connectors), which have no twin here.
func (rp *replayer) play(r record) (status int, code, shape string, done bool) {
	if rp.setup(r) {
		return 0, "", "", false
	}
	rp.before(r)
	path := rp.subst(r.Path)
	var req any
	_ = json.Unmarshal(r.Req, &req)
	req = rp.substAny(req)
	shiftTimes(req, rp.shift)
	rp.fillCode(r, req)

	var body io.Reader
	contentType := ""
	if req != nil {
		if strings.HasPrefix(path, "/oidc/") && !strings.Contains(r.Label, "JSON body") {
			f := url.Values{}
			for k, v := range req.(map[string]any) {
				f.Set(k, v.(string))
			}
			body, contentType = strings.NewReader(f.Encode()), "application/x-www-form-urlencoded"
		} else {
			b, _ := json.Marshal(req)
			body, contentType = bytes.NewReader(b), "application/json"
		}
	}
	hr, _ := http.NewRequest(r.Method, rp.base+path, body)
	if contentType != "" {
		hr.Header.Set("Content-Type", contentType)
	}
	rp.auth(r, hr, req)
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		rp.t.Fatalf("%s: %v", r.Label, err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var got any
	_ = json.Unmarshal(raw, &got)
	var want any
	_ = json.Unmarshal(r.Body, &want)
	if resp.StatusCode < 300 {
		rp.learn(want, got)
		if m, ok := got.(map[string]any); ok {
			rp.named[r.Label] = m
			if _, isDevice := m["device_code"]; isDevice {
				rp.dev = m
			}
		}
	}
	if r.Path == "/api/verification-codes" && resp.StatusCode == http.StatusNoContent {
		m := req.(map[string]any)
		to, _ := m["email"].(string)
		if to == "" {
			to, _ = m["phone"].(string)
		}
		c, _ := rp.emu.LastCode(to)
		rp.codes[to] = append(rp.codes[to], c)
	}
	if r.Label == "setup create user" {
		rp.contractUser, _ = want.(map[string]any)["id"].(string)
	}
	rp.after(r)
	return resp.StatusCode, bodyCode(raw), keyDiff(want, got), true
}

// setup reproduces records that configure the tenant through routes the
// emulator does not serve; it reports whether r was one.
func (rp *replayer) setup(r record) bool {
	var body map[string]any
	_ = json.Unmarshal(r.Body, &body)
	id, _ := body["id"].(string)
	switch r.Label {
	case "setup native device app":
		rp.emu.AddApp(App{ID: id, Name: "contract-check device CLI", Type: "Native", DeviceFlow: true})
	case "8.1 enable allowTokenExchange on native":
		rp.emu.AddApp(App{ID: id, Name: "contract-check device CLI", Type: "Native", DeviceFlow: true, AllowTokenExchange: true})
	case "setup mock email connector":
		rp.emu.AddConnector(Connector{ID: id, ConnectorID: "mock-email-service", Type: "Email"})
	case "setup mock sms connector":
		rp.emu.AddConnector(Connector{ID: id, ConnectorID: "mock-short-message-service", Type: "Sms"})
	case "setup mock social connector":
		rp.emu.AddConnector(Connector{ID: id, ConnectorID: "mock-social-connector", Type: "Social", Target: "mock-social"})
	case "setup OIDC connector":
		rp.emu.AddConnector(Connector{ID: id, ConnectorID: "oidc", Type: "Social", Target: "oidc", SessionBased: true})
	case "setup GitHub connector":
		rp.emu.AddConnector(Connector{ID: id, ConnectorID: "github-universal", Type: "Social", Target: "github"})
	default:
		return false
	}
	return true
}

// before arranges state the real run made outside the API (SQL, a browser).
func (rp *replayer) before(r record) {
	switch r.Label {
	case "3 verify expired (created_at -11min)":
		var req map[string]string
		_ = json.Unmarshal(r.Req, &req)
		rp.emu.AgeCode("email", req["email"], 11*time.Minute)
	case "3 send w/o Generic template":
		rp.setTemplate(true)
	case "3 send after restoring template":
		rp.setTemplate(false)
	case "10.4 poll expired device code (payload.exp set to past via SQL)":
		rp.emu.Advance(11 * time.Minute)
	case "10.4 poll denied device code (payload.error set via SQL)":
		_ = rp.emu.DenyDevice(rp.dev["user_code"].(string))
	case "10.5 reuse rotated RT after 4.5s":
		rp.emu.Advance(4500 * time.Millisecond)
	case "11 POST my-account/password weak":
		// The run switched the Account Center on again without recording it.
		rp.emu.mu.Lock()
		rp.emu.center.Enabled = true
		rp.emu.mu.Unlock()
	}
}

func (rp *replayer) setTemplate(missing bool) {
	rp.emu.mu.Lock()
	defer rp.emu.mu.Unlock()
	for _, c := range rp.emu.connectors {
		if c.Type == "Email" || c.Type == "Sms" {
			c.NoGenericTemplate = missing
		}
	}
}

// after plays the person in the browser once a device code exists, and the
// first redeem the recording did not keep.
func (rp *replayer) after(r record) {
	switch {
	case r.Label == "10.3 device auth (approve)":
		rp.approve()
	case strings.HasPrefix(r.Label, "10.3 device auth [A-") || strings.HasPrefix(r.Label, "10.3 device auth [B-"):
		rp.approve()
		first := rp.redeem()
		// The recording's next requests carry the first redeem's tokens.
		rp.pendingRT = first["refresh_token"].(string)
		rp.pendingAT = first["access_token"].(string)
	}
}

func (rp *replayer) approve() {
	uid := rp.ids[rp.contractUser]
	if err := rp.emu.ApproveDevice(rp.dev["user_code"].(string), uid, SessionOptions{IP: "127.0.0.1", UserAgent: "HeadlessChrome"}); err != nil {
		rp.t.Fatalf("approving the device code: %v", err)
	}
}

func (rp *replayer) redeem() map[string]any {
	f := url.Values{"grant_type": {grantDeviceKey}, "device_code": {rp.dev["device_code"].(string)}, "client_id": {"jcbhmxh3srhwgthoxy2aw"}}
	resp, err := http.PostForm(rp.base+"/oidc/token", f)
	if err != nil {
		rp.t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	if resp.StatusCode != 200 {
		rp.t.Fatalf("first redeem: %d %v", resp.StatusCode, m)
	}
	return m
}

// learn maps every id or token the real server issued (want) to the one the
// emulator issued in the same place (got).
func (rp *replayer) learn(want, got any) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return
		}
		for k, wv := range w {
			gv := g[k]
			ws, wok := wv.(string)
			gs, gok := gv.(string)
			if wok && gok && idKeys[k] && ws != gs && !strings.HasPrefix(ws, "<JWT") {
				if _, known := rp.ids[ws]; !known {
					rp.ids[ws] = gs
				}
				continue
			}
			rp.learn(wv, gv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return
		}
		for i := 0; i < len(w) && i < len(g); i++ {
			rp.learn(w[i], g[i])
		}
	}
}

var idKeys = map[string]bool{"id": true, "uid": true, "device_code": true, "user_code": true, "access_token": true,
	"refresh_token": true, "grantId": true, "value": true, "verificationRecordId": true}

func (rp *replayer) subst(s string) string {
	// Longest first, so that no id is replaced inside a longer one.
	keys := make([]string, 0, len(rp.ids))
	for k := range rp.ids {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	for _, k := range keys {
		s = strings.ReplaceAll(s, k, rp.ids[k])
	}
	return s
}

func (rp *replayer) substAny(v any) any {
	switch x := v.(type) {
	case string:
		if to, ok := rp.ids[x]; ok {
			return to
		}
		return x
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			if s, ok := val.(string); ok && k == "refresh_token" && rp.pendingRT != "" {
				if _, known := rp.ids[s]; !known {
					// The first redeem was not recorded: its token is ours.
					rp.ids[s] = rp.pendingRT
					rp.pendingRT = ""
				}
			}
			out[k] = rp.substAny(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = rp.substAny(x[i])
		}
		return out
	}
	return v
}

// auth adds the credentials the recording's client used (headers are not
// recorded; the labels say what was sent).
func (rp *replayer) auth(r record, hr *http.Request, req any) {
	path := hr.URL.Path
	switch {
	case strings.HasPrefix(path, "/api/my-account") || strings.HasPrefix(path, "/api/verifications"):
		if r.Label == "11 GET my-account with JWT token" {
			hr.Header.Set("Authorization", "Bearer "+rp.m2mToken(recordedM2MApp, recordedM2MSecret))
			return
		}
		if rp.userToken == "" {
			var err error
			if rp.userToken, err = rp.emu.UserToken(rp.ids[rp.contractUser], "jcbhmxh3srhwgthoxy2aw", AccountScopes); err != nil {
				rp.t.Fatal(err)
			}
		}
		hr.Header.Set("Authorization", "Bearer "+rp.userToken)
		if proof, _ := rp.named["11 POST verifications/password"]["verificationRecordId"].(string); proof != "" &&
			!strings.Contains(r.Label, "w/o verification header") {
			hr.Header.Set("logto-verification-id", proof)
		}
	case strings.HasPrefix(path, "/api/"):
		now := rp.emu.Now()
		claims := map[string]any{"iss": rp.base + "/oidc", "aud": ManagementResource, "sub": recordedM2MApp,
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "scope": "all", "jti": randomString(20)}
		switch r.Label {
		case "1.3 no header":
			return
		case "1.3 non-bearer":
			hr.Header.Set("Authorization", "Basic YTpi")
			return
		case "1.3 bad token":
			hr.Header.Set("Authorization", "Bearer not-a-jwt")
			return
		case "1.3 token without all":
			hr.Header.Set("Authorization", "Bearer "+rp.m2mToken("m2m-without-role", "s"))
			return
		case "1.3 JWT without sub (self-signed with tenant key)":
			delete(claims, "sub")
		case "1.3 wrong audience JWT":
			claims["aud"] = "https://other.example/api"
		case "1.3 expired JWT":
			claims["exp"] = now.Add(-time.Hour).Unix()
		default:
			hr.Header.Set("Authorization", "Bearer "+rp.m2mToken(recordedM2MApp, recordedM2MSecret))
			return
		}
		hr.Header.Set("Authorization", "Bearer "+rp.emu.SignToken("at+jwt", claims))
	case path == "/oidc/me":
		at := ""
		switch r.Label {
		case "8.1 /oidc/me with exchanged token":
			at, _ = rp.named["8.1 PAT exchange opaque"]["access_token"].(string)
		case "10.7 /oidc/me opaque AT", "10.5 /oidc/me old AT after reuse-revocation":
			at, _ = rp.named["10.4 poll 0"]["access_token"].(string)
		case "10.4 AT from first redeem after second redeem":
			at = rp.pendingAT
		}
		hr.Header.Set("Authorization", "Bearer "+at)
	case path == "/oidc/token":
		m, _ := req.(map[string]any)
		if m["grant_type"] != "client_credentials" || m["client_id"] != nil || r.Label == "1.2 no creds" {
			return
		}
		secret := recordedM2MSecret
		if r.Label == "1.2 wrong secret basic" {
			secret = "wrong"
		}
		hr.SetBasicAuth(recordedM2MApp, secret)
	}
}

// m2mToken is a Management API token of app, kept for half its hour as a
// client keeps it: a token per request made ES384 signing and verifying
// three quarters of the replay's time.
func (rp *replayer) m2mToken(app, secret string) string {
	if c, ok := rp.m2m[app]; ok && rp.emu.Now().Before(c.until) {
		return c.token
	}
	f := url.Values{"grant_type": {"client_credentials"}, "resource": {ManagementResource}, "scope": {"all"}}
	hr, _ := http.NewRequest(http.MethodPost, rp.base+"/oidc/token", strings.NewReader(f.Encode()))
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hr.SetBasicAuth(app, secret)
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		rp.t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	tok, _ := m["access_token"].(string)
	if rp.m2m == nil {
		rp.m2m = map[string]cachedToken{}
	}
	rp.m2m[app] = cachedToken{token: tok, until: rp.emu.Now().Add(30 * time.Minute)}
	return tok
}

type cachedToken struct {
	token string
	until time.Time
}
