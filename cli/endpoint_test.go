package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlainHTTPEndpointIsRefusedOrWarnedAbout(t *testing.T) {
	vars := map[string]string{"LOGTO_ACCOUNT_ENDPOINT": "http://tenant.example.com", "LOGTO_ACCOUNT_APP_ID": "app"}
	run := func() (int, string) {
		dir := t.TempDir()
		errOut := &bytes.Buffer{}
		env := &Env{Stdout: &bytes.Buffer{}, Stderr: errOut, Getenv: func(k string) string { return vars[k] },
			ConfigPath: filepath.Join(dir, "config.toml"), StateDir: filepath.Join(dir, "state")}
		return Run([]string{"status"}, env), errOut.String()
	}
	if code, errOut := run(); code != ExitUsage || !strings.Contains(errOut, "insecure_http") {
		t.Errorf("exit %d, %q", code, errOut)
	}
	vars["LOGTO_ACCOUNT_INSECURE_HTTP"] = "true"
	if _, errOut := run(); !strings.Contains(errOut, "warning: insecure_http") {
		t.Errorf("no warning: %q", errOut)
	}
}
