package main

import (
	"bufio"
	"bytes"
	"net/http"
	"os/exec"
	"strings"
	"testing"
)

// follow plays the browser: it opens the provider's address as sub and
// follows the provider's redirect to where it sends the user back.
func follow(t *testing.T, provider, sub string) {
	t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(provider + "&sub=" + sub)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if !strings.HasPrefix(back, "http://127.0.0.1:") {
		t.Fatalf("the provider sent the browser to %q", back)
	}
	if resp, err = http.Get(back); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// TestCommandIdentities: list (linked, linkable, and why not), link
// through the program's loopback listener with the provider's address read
// from its output, unlink, and the paste-back way used over SSH.
func TestCommandIdentities(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	v := jsonOf[map[string][]map[string]any](t, h.ok("", "identities", "list", "--json"))
	if len(v["linked"]) != 0 || len(v["linkable"]) == 0 || v["linkable"][0]["target"] != "mock-social" {
		t.Errorf("identities list --json: %v", v)
	}
	h.fails(2, "offers no social connector", "", "identities", "link", "nope", "--proof-file", h.proofFile())

	cmd := exec.Command(e2eBinary, "identities", "link", "mock-social", "--proof-file", h.proofFile())
	cmd.Env = h.env
	stderr, _ := cmd.StderrPipe()
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stderr)
	provider := ""
	var said strings.Builder
	for provider == "" && lines.Scan() {
		said.WriteString(lines.Text() + "\n")
		if strings.HasPrefix(lines.Text(), "http") {
			provider = lines.Text()
		}
	}
	if provider == "" {
		t.Fatalf("no address printed:\n%s", said.String())
	}
	follow(t, provider, "ada-at-provider")
	go func(rest *bufio.Scanner) { // the scanner of this run: lines is reassigned for the next
		for rest.Scan() {
		}
	}(lines)
	if err := cmd.Wait(); err != nil || !strings.Contains(out.String(), "is linked") {
		t.Fatalf("link: %v %q", err, out.String())
	}
	if u, _ := h.emu.User(h.uid); u.Identities["mock-social"] != "ada-at-provider" {
		t.Fatalf("identities = %v", u.Identities)
	}
	h.fails(2, "already linked", "", "identities", "link", "mock-social", "--proof-file", h.proofFile())
	h.ok("", "identities", "unlink", "mock-social", "--proof-file", h.proofFile())
	if u, _ := h.emu.User(h.uid); len(u.Identities) != 0 {
		t.Errorf("unlink left %v", u.Identities)
	}

	// Over SSH the browser cannot reach this machine: the address it ended
	// on is pasted on stdin (here: the provider's redirect, never followed).
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	cmd = exec.Command(e2eBinary, "identities", "link", "mock-social", "--paste", "--proof-file", h.proofFile())
	cmd.Env = h.env
	stderr, _ = cmd.StderrPipe()
	stdin, _ := cmd.StdinPipe()
	out.Reset()
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines = bufio.NewScanner(stderr)
	provider = ""
	for provider == "" && lines.Scan() {
		if strings.HasPrefix(lines.Text(), "http") {
			provider = lines.Text()
		}
	}
	resp, err := noFollow.Get(provider + "&sub=ada-again")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, _ = stdin.Write([]byte(resp.Header.Get("Location") + "\n"))
	go func(rest *bufio.Scanner) { // the scanner of this run: lines is reassigned for the next
		for rest.Scan() {
		}
	}(lines)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("link --paste: %v %q", err, out.String())
	}
	if u, _ := h.emu.User(h.uid); u.Identities["mock-social"] != "ada-again" {
		t.Errorf("identities = %v", u.Identities)
	}
}
