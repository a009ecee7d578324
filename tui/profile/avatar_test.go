package profile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/avatar/source"
	"github.com/logto-account/logto-account/logto"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// face is a 16×16 PNG: a dark square on a light one.
func face(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := range 16 {
		for x := range 16 {
			c := color.RGBA{240, 240, 240, 255}
			if x >= 4 && x < 12 && y >= 4 && y < 12 {
				c = color.RGBA{20, 20, 60, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func flat(s string) string { return strings.Join(strings.Fields(tt.Plain(s)), " ") }

// TestAvatarFromAFile: a opens the avatar view; f reads a file, checks it
// as Logto would and draws it (half blocks; shades without colour); y
// uploads it and makes it the avatar.
func TestAvatarFromAFile(t *testing.T) {
	m, env := setup(t, nil)
	m.SetSize(78, 20)
	m.Avatar = AvatarDeps{ReadFile: source.ReadFile}
	env.Emu.SetStorage(true)
	dir := t.TempDir()
	path := filepath.Join(dir, "me.png")
	if err := os.WriteFile(path, face(t), 0o600); err != nil {
		t.Fatal(err)
	}
	tt.Drive(t, m, tt.Key("a"), tt.Key("f"))
	tt.Drive(t, m, tt.Type(path)...)
	tt.Drive(t, m, tt.Key("enter"))
	if env.Emu.CountRequests("", "/api/") != 0 {
		t.Fatal("reading the file sent something")
	}
	tt.Golden(t, strings.ReplaceAll(tt.Plain(m.View()), dir, "DIR"))
	if !strings.Contains(m.View(), "█") || !strings.Contains(flat(m.View()), "y uploads it") {
		t.Fatalf("no preview:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("y"))
	u, _ := env.Account.Me(context.Background())
	if got, ok := env.Emu.Asset(logto.Str(u.Avatar)); !ok || !bytes.Equal(got, face(t)) {
		t.Fatalf("the avatar is %q", logto.Str(u.Avatar))
	}
	if m.av.open {
		t.Error("the view stays open after the upload")
	}
}

// TestBadAvatarFilesGetASentenceAndNothingIsSent: a text file, a missing
// path, 50 MB; and a tenant without storage says what to do instead.
func TestBadAvatarFilesGetASentenceAndNothingIsSent(t *testing.T) {
	m, env := setup(t, nil)
	m.Avatar = AvatarDeps{ReadFile: source.ReadFile}
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	_ = os.WriteFile(text, []byte("not an image"), 0o600)
	big := filepath.Join(dir, "huge.png")
	f, _ := os.Create(big)
	_ = f.Truncate(50 << 20)
	f.Close()
	for path, want := range map[string]string{text: "not an image Logto takes", filepath.Join(dir, "gone.png"): "There is no file",
		big: "at most 20 MB"} {
		tt.Drive(t, m, tt.Key("a"), tt.Key("f"), tt.Key("ctrl+u"))
		tt.Drive(t, m, tt.Type(path)...)
		tt.Drive(t, m, tt.Key("enter"))
		if !strings.Contains(flat(m.View()), want) {
			t.Errorf("%s: want %q in\n%s", path, want, tt.Plain(m.View()))
		}
		tt.Drive(t, m, tt.Key("esc"))
	}
	good := filepath.Join(dir, "me.png")
	_ = os.WriteFile(good, face(t), 0o600)
	tt.Drive(t, m, tt.Key("a"), tt.Key("f"), tt.Key("ctrl+u"))
	tt.Drive(t, m, tt.Type(good)...)
	tt.Drive(t, m, tt.Key("enter"))
	tt.Drive(t, m, tt.Key("y"))
	if !strings.Contains(flat(m.View()), "no file storage set up") {
		t.Errorf("no storage:\n%s", tt.Plain(m.View()))
	}
	if n := env.Emu.CountRequests("PATCH", "/api/users/"); n != 0 {
		t.Errorf("the avatar was changed %d times", n)
	}
}

// TestAvatarAddressPreview: p draws the address when this program may
// fetch it, and says why not where it may not (the SSH service).
func TestAvatarAddressPreview(t *testing.T) {
	m, _ := setup(t, nil)
	m.SetSize(78, 20)
	m.user.Avatar = ptr("https://images.example/ada.png")
	m.Avatar = AvatarDeps{FetchOff: "This service does not fetch avatar addresses."}
	tt.Drive(t, m, tt.Key("a"), tt.Key("p"))
	if !strings.Contains(flat(m.View()), "does not fetch avatar addresses") {
		t.Errorf("off:\n%s", tt.Plain(m.View()))
	}
	var asked string
	m.Avatar = AvatarDeps{Fetch: func(_ context.Context, url string) ([]byte, error) { asked = url; return face(t), nil }}
	tt.Drive(t, m, tt.Key("p"))
	if asked != "https://images.example/ada.png" || !strings.Contains(m.View(), "█") {
		t.Errorf("fetched %q:\n%s", asked, tt.Plain(m.View()))
	}
	tt.Golden(t, m.View())
}

func ptr(s string) *string { return &s }

// TestAvatarFetchFailuresAreWords: a preview that could not be fetched
// says why in words, never the network's own text ("dial tcp: lookup
// example.com on 10.255.255.53:53: no such host" was on screen).
func TestAvatarFetchFailuresAreWords(t *testing.T) {
	m, _ := setup(t, nil)
	m.SetSize(78, 20)
	m.user.Avatar = ptr("https://example.com/ada.png")
	for _, c := range []struct {
		err  error
		want string
	}{
		{&url.Error{Op: "Get", URL: "https://example.com/ada.png", Err: &net.OpError{Op: "dial", Net: "tcp",
			Err: &net.DNSError{Err: "no such host", Name: "example.com", Server: "10.255.255.53:53", IsNotFound: true}}},
			"No preview: no server named example.com was found."},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}, "No preview: example.com could not be reached."},
		{context.DeadlineExceeded, "No preview: example.com did not answer in time."},
		{fmt.Errorf("%w: 10.0.0.1 is not a public address", source.ErrRefusedAddress),
			"No preview: the address was refused (10.0.0.1 is not a public address)."},
		{errors.New("the address answered HTTP 404"), "No preview: the address answered HTTP 404."},
		{errors.New("tls: internal error 0x1234"), "No preview: example.com could not be read."},
	} {
		err := c.err
		m.Avatar = AvatarDeps{Fetch: func(context.Context, string) ([]byte, error) { return nil, err }}
		tt.Drive(t, m, tt.Key("a"), tt.Key("p"))
		v := flat(m.View())
		if !strings.Contains(v, c.want) || strings.Contains(v, "dial") || strings.Contains(v, "lookup") {
			t.Errorf("%v:\n%s", c.err, tt.Plain(m.View()))
		}
		tt.Drive(t, m, tt.Key("esc"))
	}
}
