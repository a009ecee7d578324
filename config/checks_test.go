package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestPlainHTTPOnlyForLoopbackUnlessInsecure(t *testing.T) {
	none := filepath.Join(t.TempDir(), "none.toml")
	for _, ep := range []string{"http://127.0.0.1:3001", "http://localhost:3001", "http://[::1]:3001", "https://tenant.logto.app"} {
		c, err := Load(none, "", env(map[string]string{"LOGTO_ACCOUNT_ENDPOINT": ep}))
		if err != nil || len(c.Warnings()) != 0 {
			t.Errorf("%s: %v, warnings %v", ep, err, c.Warnings())
		}
	}
	_, err := Load(none, "", env(map[string]string{"LOGTO_ACCOUNT_ENDPOINT": "http://tenant.example.com"}))
	if err == nil || !strings.HasPrefix(err.Error(), "config: LOGTO_ACCOUNT_ENDPOINT:") || !strings.Contains(err.Error(), "insecure_http") {
		t.Errorf("http to another host: %v", err)
	}
	p := write(t, "app_id = \"a\"\n\nendpoint = \"http://10.0.0.5:3001\"\n", 0o600)
	if _, err := Load(p, "", env(nil)); err == nil || !strings.Contains(err.Error(), p+":3: endpoint:") {
		t.Errorf("from the file: %v", err)
	}
	// The lab setting, from the environment while the endpoint is in the
	// file (the check runs once both are read), allows it with a warning.
	c, err := Load(p, "", env(map[string]string{"LOGTO_ACCOUNT_INSECURE_HTTP": "true"}))
	if err != nil || !c.InsecureHTTP || len(c.Warnings()) != 1 || !strings.Contains(c.Warnings()[0].Error(), "in clear") {
		t.Fatalf("insecure_http: %v, %v", err, c.Warnings())
	}
	p2 := write(t, "endpoint = \"http://lab.internal\"\ninsecure_http = true\n", 0o600)
	if c, err := Load(p2, "", env(nil)); err != nil || len(c.Warnings()) != 1 {
		t.Errorf("insecure_http in the file: %v", err)
	}
}

func TestURLsWithCredentialsOrOversizedAreRefusedWithoutEchoingThem(t *testing.T) {
	none := filepath.Join(t.TempDir(), "none.toml")
	huge := "https://" + strings.Repeat("a", 5<<20) + ".logto.app"
	cases := []struct{ key, value, want, hidden string }{
		{"LOGTO_ACCOUNT_ENDPOINT", "https://admin:hunter2@tenant.logto.app", "user name or password", "hunter2"},
		{"LOGTO_ACCOUNT_ENDPOINT", "https://admin:hunter2@", "user name or password", "hunter2"},
		{"LOGTO_ACCOUNT_MANAGEMENT_RESOURCE", "https://id:hunter2@default.logto.app/api", "user name or password", "hunter2"},
		{"LOGTO_ACCOUNT_ENDPOINT", huge, "characters long", "aaaaaaaa"},
		{"LOGTO_ACCOUNT_ENDPOINT", "https://" + strings.Repeat("b", 300) + ".app", "host name of 304 characters", "bbbbbbbb"},
		{"LOGTO_ACCOUNT_SCOPES", "openid " + strings.Repeat("s ", 70), "at most 64", ""},
		{"LOGTO_ACCOUNT_SCOPES", "openid " + strings.Repeat("s", 300), "at most 256", "sssssss"},
	}
	for _, c := range cases {
		_, err := Load(none, "", env(map[string]string{c.key: c.value}))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s=%.40s…: %v", c.key, c.value, err)
			continue
		}
		if len(err.Error()) > 400 || (c.hidden != "" && strings.Contains(err.Error(), c.hidden)) {
			t.Errorf("%s: the error echoes the value (%d bytes)", c.key, len(err.Error()))
		}
	}
	p := write(t, "endpoint = \"https://u:hunter2@tenant.logto.app\"\n", 0o600)
	if _, err := Load(p, "", env(nil)); err == nil || !strings.Contains(err.Error(), p+":1: endpoint:") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("from the file: %v", err)
	}
}
