package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, body string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaultsWithoutAFile(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "missing.toml"), "", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "" || c.CallbackListen != "127.0.0.1:0" || c.ReverifyWindow != 5*time.Minute ||
		c.ManagementResource != "https://default.logto.app/api" || strings.Join(c.Scopes, " ") != "openid offline_access profile email phone identities custom_data" {
		t.Errorf("defaults = %+v", c)
	}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "LOGTO_ACCOUNT_ENDPOINT") {
		t.Errorf("validation of an empty config should say how to set the endpoint: %v", err)
	}
}

func TestFileThenEnvironment(t *testing.T) {
	p := write(t, `endpoint = "https://a.logto.app"
app_id = "cli-app"
reverify_window = "10m"

[tenants.work]
endpoint = "https://work.example.com"
app_id = "work-cli"
`, 0o644)
	c, err := Load(p, "", env(map[string]string{"LOGTO_ACCOUNT_APP_ID": "from-env", "LOGTO_ACCOUNT_PWNED_CHECK": "true"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint != "https://a.logto.app" || c.AppID != "from-env" || c.ReverifyWindow != 10*time.Minute || !c.PwnedCheck || c.File != p {
		t.Errorf("got %+v", c)
	}
	w, err := Load(p, "work", env(nil))
	if err != nil || w.Endpoint != "https://work.example.com" || w.AppID != "work-cli" || w.ReverifyWindow != 10*time.Minute {
		t.Fatalf("tenant work = %+v, %v", w, err)
	}
	w2, err := Load(p, "", env(map[string]string{"LOGTO_ACCOUNT_TENANT": "work"}))
	if err != nil || w2.Endpoint != "https://work.example.com" {
		t.Fatalf("LOGTO_ACCOUNT_TENANT = %+v, %v", w2, err)
	}
	if _, err := Load(p, "home", env(nil)); err == nil || !strings.Contains(err.Error(), "[tenants.home]") {
		t.Errorf("unknown tenant: %v", err)
	}
}

func TestErrorsNameKeyAndLine(t *testing.T) {
	cases := []struct{ body, want string }{
		{"endpoint = \"https://a.example\"\nendpont = \"x\"\n", ":2: endpont: unknown key"},
		{"endpoint = 5\n", ":1: endpoint: must be a quoted string, e.g. \"https://tenant.logto.app\""},
		// A secret is not an address: no address as its example.
		{"m2m_app_secret = 12345678\n", `:1: m2m_app_secret: must be a quoted string ("…"), not a TOML integer`},
		{"endpoint = \"https://a.example\"\npwned_check = \"yes\"\n", ":2: pwned_check: must be true or false (no quotes), not a TOML string"},
		{"scopes = \"openid\"\n", ":1: scopes: must be a list of quoted strings"},
		{"\n\nendpoint = \"ftp://x\"\n", ":3: endpoint: \"ftp://x\" is not an absolute http(s) URL"},
		{"reverify_window = \"forever\"\n", ":1: reverify_window"},
		{"callback_listen = \"0.0.0.0:8080\"\n", ":1: callback_listen: \"0.0.0.0:8080\" must be a loopback IP"},
		{"callback_listen = \"localhost:8080\"\n", "never localhost"},
		{"scopes = [\"profile\"]\n", ":1: scopes: must include openid"},
		{"[tenants.x]\napp_id = \"bad id!\"\n", ":2: tenants.x.app_id"},
		{"endpoint = \"https://a\n", ":1"},
	}
	for _, c := range cases {
		p := write(t, c.body, 0o600)
		_, err := Load(p, "x", env(nil))
		if c.body[0] != '[' {
			_, err = Load(p, "", env(nil))
		}
		var ce *Error
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) ||
			strings.Contains(err.Error(), "fileValues") {
			t.Errorf("%q: error %v does not contain %q and the path", c.body, err, c.want)
		}
	}
}

func TestEnvironmentErrorsNameTheVariable(t *testing.T) {
	for k, v := range map[string]string{"LOGTO_ACCOUNT_PWNED_CHECK": "maybe", "LOGTO_ACCOUNT_ENDPOINT": "tenant.logto.app",
		"LOGTO_ACCOUNT_REVERIFY_WINDOW": "5", "LOGTO_ACCOUNT_CALLBACK_LISTEN": "0.0.0.0:1"} {
		_, err := Load(filepath.Join(t.TempDir(), "none.toml"), "", env(map[string]string{k: v}))
		if err == nil || !strings.HasPrefix(err.Error(), "config: "+k+":") {
			t.Errorf("%s=%s: %v", k, v, err)
		}
	}
}

func TestSecretInAReadableFileIsRefused(t *testing.T) {
	body := "endpoint = \"https://a.logto.app\"\nm2m_app_id = \"m2m\"\nm2m_app_secret = \"s3cr3t-value\"\n"
	p := write(t, body, 0o644)
	_, err := Load(p, "", env(nil))
	if err == nil || !strings.Contains(err.Error(), "chmod 600 "+p) {
		t.Fatalf("want a chmod 600 hint, got %v", err)
	}
	if strings.Contains(err.Error(), "s3cr3t-value") {
		t.Error("the error shows the secret")
	}
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p, "", env(nil))
	if err != nil || !c.HasM2M() || c.M2MAppSecret.Reveal() != "s3cr3t-value" {
		t.Fatalf("0600 file: %+v %v", c, err)
	}
	if strings.Contains(strings.ToLower(strings.ReplaceAll(fmtConfig(c), " ", "")), "s3cr3t") {
		t.Error("printing the config shows the secret")
	}
}

func FuzzParse(f *testing.F) {
	f.Add("endpoint = \"https://a.logto.app\"\napp_id = \"x\"\n[tenants.w]\nendpoint = \"http://127.0.0.1:3001\"\n", "w")
	f.Add("scopes = [\"openid\", \"profile\"]\nreverify_window = \"2m\"\npwned_check = true\n", "")
	f.Add("callback_listen = \"[::1]:53682\"\n", "")
	f.Add("= = =\n[[[", "")
	f.Add("tenants = 5\n", "x")
	f.Fuzz(func(t *testing.T, raw, tenant string) {
		c := &Config{Scopes: DefaultScopes}
		_, err := c.parse([]byte(raw), "fuzz.toml", tenant)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) || ce.Key == "" || !strings.HasPrefix(err.Error(), "config: ") {
				t.Fatalf("unlocated error %T %v", err, err)
			}
			return
		}
		if c.CallbackListen != "" && CheckLoopback(c.CallbackListen) != nil {
			t.Fatalf("accepted a non-loopback callback address %q", c.CallbackListen)
		}
	})
}

func fmtConfig(c *Config) string { return strings.TrimSpace(strings.ReplaceAll(sprint(c), "\n", " ")) }
