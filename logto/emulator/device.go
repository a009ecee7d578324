package emulator

import (
	"errors"
	"html/template"
	"net/http"
	"strings"
)

// ErrUnknownUserCode is returned for a user code the emulator never issued.
var ErrUnknownUserCode = errors.New("emulator: unknown or finished user code")

// DeviceState is where a device authorisation stands, as Options.OnDevice
// is told of it.
type DeviceState string

// The states Options.OnDevice is told of.
const (
	DevicePending  DeviceState = "pending"
	DeviceApproved DeviceState = "approved"
	DeviceDenied   DeviceState = "denied"
)

// deviceChanged tells Options.OnDevice; call it without e.mu held.
func (e *Emulator) deviceChanged(userCode string, state DeviceState) {
	if e.onDevice != nil {
		e.onDevice(userCode, state)
	}
}

// ApproveDevice approves a pending user code as userID, creating the browser
// session that approved it and the app's grant, as a person on /device would.
func (e *Emulator) ApproveDevice(userCode, userID string, o SessionOptions) error {
	d, err := e.approveDevice(userCode, userID, o)
	if err != nil {
		return err
	}
	e.deviceChanged(d.UserCode, DeviceApproved)
	return nil
}

func (e *Emulator) approveDevice(userCode, userID string, o SessionOptions) (*deviceAuth, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	d := e.pendingDevice(userCode)
	if d == nil {
		return nil, ErrUnknownUserCode
	}
	if e.users[userID] == nil {
		return nil, errors.New("emulator: unknown user " + userID)
	}
	o.ClientID = d.ClientID
	o.Scope = d.Scope
	o.Offline = strings.Contains(" "+d.Scope+" ", " offline_access ")
	_, g := e.newSessionLocked(userID, o)
	d.State, d.UserID, d.GrantID = "approved", userID, g.ID
	// The browser's sign-in, as Logto's experience API logs it: the
	// submitted interaction names the user (routes/experience/index.ts).
	p := map[string]any{"userId": userID}
	for k, v := range map[string]string{"ip": o.IP, "userAgent": o.UserAgent} {
		if v != "" {
			p[k] = v
		}
	}
	e.writeLogLocked("Interaction.SignIn.Submit", p, e.clock())
	now := e.clock().UnixMilli()
	e.users[userID].LastSignInAt = &now
	return d, nil
}

// DenyDevice declines a pending user code (the poll then gets access_denied).
func (e *Emulator) DenyDevice(userCode string) error {
	e.mu.Lock()
	d := e.pendingDevice(userCode)
	if d != nil {
		d.State = "denied"
	}
	e.mu.Unlock()
	if d == nil {
		return ErrUnknownUserCode
	}
	e.deviceChanged(d.UserCode, DeviceDenied)
	return nil
}

// PendingUserCodes lists user codes waiting for approval, oldest first is not
// guaranteed; the demo approves the one it started.
func (e *Emulator) PendingUserCodes() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for uc := range e.userCodes {
		if d := e.pendingDevice(uc); d != nil {
			out = append(out, uc)
		}
	}
	return out
}

func (e *Emulator) pendingDevice(userCode string) *deviceAuth {
	d := e.devices[e.userCodes[strings.ToUpper(strings.TrimSpace(userCode))]]
	if d == nil || d.State != "pending" || e.clock().After(d.Expires) {
		return nil
	}
	return d
}

var devicePage = template.Must(template.New("device").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Device sign-in · Logto emulator</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
input{font-size:1.2rem;padding:.4rem;width:100%;box-sizing:border-box;margin:.3rem 0 1rem}
button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem}.msg{padding:.6rem;background:#eef}</style></head>
<body><h1>Sign in a device</h1>
{{if .Message}}<p class="msg">{{.Message}}</p>{{end}}
{{if not .Done}}<form method="post" action="/device">
<label>Code shown on your device<input name="user_code" value="{{.UserCode}}" autocomplete="off"></label>
<label>Username<input name="username" value="{{.Username}}" autocomplete="username"></label>
<label>Password<input name="password" type="password" autocomplete="current-password"></label>
<button name="action" value="approve">Approve</button><button name="action" value="deny">Deny</button>
</form>{{end}}
<p><small>This is the logto-account emulator, not a real Logto.</small></p></body></html>`))

type devicePageData struct {
	UserCode, Username, Message string
	Done                        bool
}

// devicePageHandler lets a person approve a code in a browser with a
// username and password, like Logto's /device page.
func (e *Emulator) devicePageHandler(w http.ResponseWriter, r *http.Request) {
	data := devicePageData{UserCode: r.URL.Query().Get("user_code")}
	if r.Method == http.MethodPost {
		_ = r.ParseForm()
		data.UserCode, data.Username = r.PostForm.Get("user_code"), r.PostForm.Get("username")
		switch r.PostForm.Get("action") {
		case "deny":
			if err := e.DenyDevice(data.UserCode); err != nil {
				data.Message = "That code is unknown or has expired."
			} else {
				data.Message, data.Done = "Denied. The device will not be signed in.", true
			}
		default:
			uid, ok := e.checkCredentials(data.Username, r.PostForm.Get("password"))
			e.logPasswordTry(r, ok)
			if !ok {
				data.Message = "Wrong username or password."
				break
			}
			err := e.ApproveDevice(data.UserCode, uid, SessionOptions{IP: hostOnly(r.RemoteAddr), UserAgent: r.UserAgent()})
			if err != nil {
				data.Message = "That code is unknown or has expired."
			} else {
				data.Message, data.Done = "Approved. You can go back to your terminal.", true
			}
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = devicePage.Execute(w, data)
}

func (e *Emulator) checkCredentials(username, password string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, u := range e.users {
		if (u.Username != nil && *u.Username == username) || (u.PrimaryEmail != nil && strings.EqualFold(*u.PrimaryEmail, username)) {
			if !u.IsSuspended && u.checkPassword(password) {
				return u.ID, true
			}
			return "", false
		}
	}
	return "", false
}

// logPasswordTry writes the password verification's entry. Logto's names
// no user (only the identifier typed, which this emulator leaves out): a
// failed try is not found by a search on the user id
// (routes/experience/verification-routes/password-verification.ts).
func (e *Emulator) logPasswordTry(r *http.Request, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := map[string]any{}
	if !ok {
		p["result"] = "Error"
		p["error"] = map[string]any{"code": "session.invalid_credentials", "message": messageFor("session.invalid_credentials")}
	}
	e.logLocked(r, "Interaction.SignIn.Verification.Password.Submit", p)
}

func hostOnly(addr string) string {
	if i := strings.LastIndex(addr, ":"); i > 0 {
		return strings.Trim(addr[:i], "[]")
	}
	return addr
}
