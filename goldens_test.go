package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNoSecretsInGoldens walks every golden file: none may hold a PAT value,
// a TOTP secret, a backup-code grid or a token.
func TestNoSecretsInGoldens(t *testing.T) {
	patterns := map[string]*regexp.Regexp{
		"PAT value":   regexp.MustCompile(`pat_[A-Za-z0-9]{32}`),
		"TOTP secret": regexp.MustCompile(`secret=[A-Z2-7]{16,}|[A-Z2-7]{4}( [A-Z2-7]{4}){7}`),
		"backup code": regexp.MustCompile(`\b[0-9a-f]{10}\b`),
		"JWT":         regexp.MustCompile(`eyJ[A-Za-z0-9_-]{10,}\.`),
	}
	n := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".golden") {
			return err
		}
		n++
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for what, re := range patterns {
			if re.Match(raw) {
				t.Errorf("%s holds a %s", path, what)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("only %d golden files found; the scan would prove little", n)
	}
}

// TestFailureDumpsHideSecrets: when an end-to-end wait fails, the screen is
// printed; a PAT value, a TOTP secret and backup codes on it are masked,
// what a person needs to read the failure is not.
func TestFailureDumpsHideSecrets(t *testing.T) {
	screen := "Token value: pat_Jx8s9dK2mQp4LzR7vTn3\n" +
		"Scan the code with your app, or type the secret:\nJBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP\n" +
		"  3f9a0c12be    77d01e9a4c\n" +
		"Enter this code BCDF-GHJK · Id ada000000001 · Ada Lovelace"
	got := redact(screen)
	for _, secret := range []string{"pat_Jx8s9dK2mQp4LzR7vTn3", "JBSW Y3DP", "3f9a0c12be", "77d01e9a4c"} {
		if strings.Contains(got, secret) {
			t.Errorf("%q survived:\n%s", secret, got)
		}
	}
	for _, keep := range []string{"BCDF-GHJK", "ada000000001", "Ada Lovelace", "type the secret"} {
		if !strings.Contains(got, keep) {
			t.Errorf("%q was masked:\n%s", keep, got)
		}
	}
}
