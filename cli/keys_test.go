package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	gossh "golang.org/x/crypto/ssh"

	"github.com/logto-account/logto-account/sshserver/keystore"
	"github.com/logto-account/logto-account/tui/common"
)

func rememberFor(t *testing.T, path, user string, seed byte) keystore.Key {
	t.Helper()
	return rememberWith(t, path, user, seed, "ada via OpenSSH_9.6")
}

func rememberWith(t *testing.T, path, user string, seed byte, comment string) keystore.Key {
	t.Helper()
	pub, err := gossh.NewPublicKey(ed25519.NewKeyFromSeed(append(make([]byte, 31), seed)).Public())
	if err != nil {
		t.Fatal(err)
	}
	s, err := keystore.Open(context.Background(), path, keystore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k := keystore.NewKey(pub)
	k.UserID, k.Comment, k.AddedFrom, k.ExpiresAt = user, comment, "203.0.113.7", time.Now().Add(time.Hour)
	if err := s.Remember(context.Background(), k); err != nil {
		t.Fatal(err)
	}
	return k
}

func TestOperatorListsAndRevokesAUsersKeys(t *testing.T) {
	env, errOut, _ := serveEnv(t, nil)
	path := filepath.Join(env.StateDir, "keys.db") // serve's default store
	a := rememberFor(t, path, "u-ada", 1)
	rememberFor(t, path, "u-ada", 2)
	other := rememberFor(t, path, "u-grace", 3)
	out := env.Stdout.(*bytes.Buffer)

	if code := Run([]string{"keys", "list", "--user", "u-ada"}, env); code != ExitOK {
		t.Fatalf("list: exit %d, %s", code, errOut)
	}
	if v := out.String(); !strings.Contains(v, a.Fingerprint) || !strings.Contains(v, "203.0.113.7") || strings.Contains(v, other.Fingerprint) {
		t.Errorf("list:\n%s", v)
	}
	out.Reset()
	if code := Run([]string{"keys", "revoke", "--user", "u-ada", "--fingerprint", a.Fingerprint}, env); code != ExitOK {
		t.Fatalf("revoke: exit %d, %s", code, errOut)
	}
	out.Reset()
	if code := Run([]string{"keys", "revoke", "--user", "u-grace", "--fingerprint", a.Fingerprint}, env); code != ExitFailure {
		t.Errorf("revoking another user's key: exit %d", code)
	}
	out.Reset()
	if code := Run([]string{"keys", "list", "--user", "u-ada", "--json"}, env); code != ExitOK {
		t.Fatal(code)
	}
	var list []keystore.Key
	if err := json.Unmarshal(out.Bytes(), &list); err != nil || len(list) != 1 {
		t.Fatalf("json list %q: %v", out, err)
	}
	out.Reset()
	if code := Run([]string{"keys", "revoke", "--user", "u-ada", "--all", "--store", path}, env); code != ExitOK ||
		!strings.Contains(out.String(), "1 key of u-ada revoked") {
		t.Errorf("revoke --all: %d %q", code, out)
	}
	// A store that is not there is the wrong one: never made, never "0 revoked".
	typo := filepath.Join(env.StateDir, "kyes.db")
	for _, args := range [][]string{{"keys", "revoke", "--user", "u-grace", "--all", "--store", typo}, {"keys", "list", "--user", "u-grace", "--store", typo}} {
		out.Reset()
		errOut.Reset()
		if code := Run(args, env); code != ExitUsage || !strings.Contains(errOut.String(), "no key store at "+typo) || strings.Contains(out.String(), "revoked") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
		if _, err := os.Stat(typo); !os.IsNotExist(err) {
			t.Errorf("%v made %s", args, typo)
		}
	}
	if code := Run([]string{"keys"}, env); code != ExitOK || !strings.Contains(out.String(), "revoke") {
		t.Errorf("keys alone: exit %d, no help: %q", code, out)
	}
	for _, bad := range [][]string{{"keys", "lst"}, {"keys", "list"}, {"keys", "revoke", "--user", "u"},
		{"keys", "revoke", "--user", "u", "--all", "--fingerprint", a.Fingerprint}, {"keys", "revoke", "--user", "u", "--fingerprint", "MD5:00"}} {
		if code := Run(bad, env); code != ExitUsage {
			t.Errorf("%v: exit %d", bad, code)
		}
	}
}

func TestServeOrganisationFlags(t *testing.T) {
	env, _, _ := serveEnv(t, nil)
	if code := Run([]string{"serve", "--help"}, env); code != ExitOK {
		t.Errorf("--help: exit %d", code)
	}
	help := env.Stdout.(*bytes.Buffer).String()
	for _, f := range []string{"-host-key", "-remember-keys", "-key-lifetime", "-store", "-proxy-from", "-ops-listen", "-drain", "-log-format"} {
		if !strings.Contains(help, "  -"+f+" ") {
			t.Errorf("serve --help does not list %s", f)
		}
	}
	for _, bad := range [][]string{{"--key-lifetime", "soon"}, {"--key-lifetime", "0d"}, {"--log-format", "xml"}} {
		env, _, _ := serveEnv(t, nil)
		if code := Run(append([]string{"serve"}, bad...), env); code != ExitUsage {
			t.Errorf("%v: exit %d", bad, code)
		}
	}
	if d, err := parseDays("30d"); err != nil || d != 30*24*time.Hour {
		t.Errorf("30d = %v %v", d, err)
	}
}

func TestServeRefusesAMissingSharedHostKey(t *testing.T) {
	env, errOut, _ := serveEnv(t, map[string]string{"LOGTO_ACCOUNT_ENDPOINT": "http://127.0.0.1:1", "LOGTO_ACCOUNT_APP_ID": "app",
		"LOGTO_ACCOUNT_M2M_APP_ID": "m2m", "LOGTO_ACCOUNT_M2M_APP_SECRET": "not-shown-secret"})
	key := filepath.Join(t.TempDir(), "shared_host_key")
	if code := Run([]string{"serve", "--listen", "127.0.0.1:0", "--host-key", key}, env); code != ExitFailure {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(errOut.String(), "ssh-keygen -t ed25519 -N '' -f "+key) || strings.Contains(errOut.String(), "not-shown-secret") {
		t.Errorf("stderr = %q", errOut)
	}
}

func TestRememberKeysOffOpensNoStore(t *testing.T) {
	env, _, _ := serveEnv(t, nil)
	s, err := (&orgFlags{rememberKeys: false}).openStore(context.Background(), env)
	if s != nil || err != nil {
		t.Errorf("--remember-keys=0 opened %v, %v", s, err)
	}
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	o := registerOrgFlags(fs, nil)
	if err := fs.Parse([]string{"--remember-keys=0"}); err != nil || o.rememberKeys {
		t.Errorf("--remember-keys=0 parsed as %v (%v)", o.rememberKeys, err)
	}
}

// TestKeysListLinesUpWideNames: the comment holds the login name, which may
// be Chinese or Japanese (two cells a character): the columns after it line
// up as people see them, and a store's control characters never reach the
// operator's terminal.
func TestKeysListLinesUpWideNames(t *testing.T) {
	env, errOut, _ := serveEnv(t, nil)
	path := filepath.Join(env.StateDir, "keys.db")
	rememberWith(t, path, "u-taro", 1, "太郎 via OpenSSH_9.6")
	rememberWith(t, path, "u-taro", 2, "taro via PuTTY\x1b]0;owned\x07")
	out := env.Stdout.(*bytes.Buffer)
	if code := Run([]string{"keys", "list", "--user", "u-taro"}, env); code != ExitOK {
		t.Fatalf("list: exit %d, %s", code, errOut)
	}
	if strings.ContainsAny(out.String(), "\x1b\x07") {
		t.Errorf("a control sequence reached the terminal: %q", out)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("list:\n%s", out)
	}
	// Where FROM starts, in cells, on every line.
	col := func(line, word string) int { return common.Width(line[:strings.Index(line, word)]) }
	from := col(lines[0], "FROM")
	for _, line := range lines[1:] {
		if c := col(line, "203.0.113.7"); c != from {
			t.Errorf("FROM starts at cell %d on the header, %d on %q", from, c, line)
		}
	}
}
