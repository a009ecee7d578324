package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui"
)

// buggy is an account whose save panics: a bug in the save path.
type buggy struct{ *logto.ManagementAccount }

func (buggy) UpdateUser(context.Context, logto.UserPatch) (*logto.User, error) {
	panic("index out of range [19] with length 19")
}

type signedIn struct{ acct tui.Account }

func (f signedIn) Start(context.Context) (*auth.DeviceCode, error) {
	return &auth.DeviceCode{UserCode: "BCDF-GHJK", VerificationURI: "http://127.0.0.1/device", Expiry: time.Now().Add(time.Minute)}, nil
}

func (f signedIn) Finish(context.Context, *auth.DeviceCode) (any, error) {
	return &tui.SignedIn{Account: f.acct, Display: "Ada"}, nil
}

// syncBuffer is the program's output, read while it is written.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestACrashExits70AndKeepsTheEdits: a panic in the middle of a save ends
// the program with status 70 (never 0), one sentence, and the unsaved
// profile edit kept in a 0600 file under the state directory.
func TestACrashExits70AndKeepsTheEdits(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	emu.SeedUser(emulator.UserSeed{ID: "ada000000001", Username: "ada", Name: "Ada Lovelace"})
	m2m, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: srv.URL, AppID: emulator.DefaultM2MAppID, AppSecret: emulator.DefaultM2MAppSecret})
	client, _ := logto.New(logto.Options{Endpoint: srv.URL, Tokens: m2m})
	acct := buggy{logto.NewManagementAccount(client, "ada000000001")}

	in, typed := io.Pipe()
	out := &syncBuffer{}
	var errOut bytes.Buffer
	state := t.TempDir()
	e := &Env{Stdin: in, Stdout: out, Stderr: &errOut, Getenv: func(string) string { return "" }, StateDir: state}
	done := make(chan int, 1)
	go func() {
		done <- e.screens(tui.Options{Tenant: "tenant.example", Flow: signedIn{acct: acct}, NoColor: true}, state, nil,
			tea.WithWindowSize(80, 24)) // a pipe has no size
	}()
	waitOutput(t, out, "Lovelace")
	// Name, edit, type, save (ctrl+s saves while typing).
	if _, err := typed.Write([]byte("j\rX\x13")); err != nil {
		t.Fatal(err)
	}
	var code int
	select {
	case code = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the program did not end after the crash")
	}
	typed.Close()
	if code != ExitCrash {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitCrash, errOut.String())
	}
	files, _ := filepath.Glob(filepath.Join(state, "unsaved-*.json"))
	if len(files) != 1 {
		t.Fatalf("unsaved edits kept in %v; stderr: %s", files, errOut.String())
	}
	info, _ := os.Stat(files[0])
	raw, _ := os.ReadFile(files[0])
	var kept []struct{ Screen, Field, Value string }
	if err := json.Unmarshal(raw, &kept); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("kept file: mode %v, %v", info.Mode().Perm(), err)
	}
	if len(kept) != 1 || kept[0].Field != "Name" || kept[0].Value != "Ada LovelaceX" {
		t.Errorf("kept %+v", kept)
	}
	msg := errOut.String()
	if !strings.Contains(msg, "stopped because of a bug") || !strings.Contains(msg, files[0]) || strings.Contains(msg, "goroutine ") {
		t.Errorf("stderr: %s", msg)
	}
}

func waitOutput(t *testing.T, out *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(out.String(), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the screen never showed %q: %q", want, out.String())
}
