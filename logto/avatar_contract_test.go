package logto_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto"
)

// tinyPNG is a whole 3×2 PNG.
func tinyPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAvatarFilesAreCheckedBeforeSending: what Logto would refuse (not an
// image, a cut-off image, over 20 MB, empty) is refused here with a reason,
// and nothing is sent.
func TestAvatarFilesAreCheckedBeforeSending(t *testing.T) {
	good := tinyPNG(t)
	if mime, err := logto.AvatarType(good); err != nil || mime != "image/png" {
		t.Fatalf("a PNG: %q %v", mime, err)
	}
	for name, data := range map[string][]byte{
		"text":  []byte("hello, not an image"),
		"cut":   good[:len(good)-5],
		"empty": nil,
		"svg":   []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`),
		"huge":  append(append([]byte{}, good[:8]...), make([]byte, logto.MaxAvatarBytes)...),
	} {
		var ve *logto.ValidationError
		if _, err := logto.AvatarType(data); !errors.As(err, &ve) {
			t.Errorf("%s: %v, want a reason", name, err)
		}
	}
	tg := newTarget(t)
	tg.needEmulator(t, "counting requests")
	before := tg.requests("", "/api/user-assets")
	if _, err := tg.client.UploadUserAsset(context.Background(), "notes.txt", []byte("text")); err == nil {
		t.Error("a text file was uploaded")
	}
	if tg.requests("", "/api/user-assets") != before {
		t.Error("a refused file reached Logto")
	}
}

// TestContractAvatarUpload: both APIs store the file with the tenant's
// storage provider and answer its URL (400 storage.not_configured without
// one, as a fresh Logto has); the client then sets it as the avatar. The
// Management route trusts the part's declared type; the Account API's
// reads the bytes (an SVG or a text file called image/png is refused).
func TestContractAvatarUpload(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	img := tinyPNG(t)
	if at.emu != nil {
		_, err := at.client.UploadUserAsset(ctx, "me.png", img)
		wantCode(t, err, http.StatusBadRequest, "storage.not_configured")
		_, err = at.acct.UploadAvatar(ctx, "me.png", img)
		wantCode(t, err, http.StatusBadRequest, "storage.not_configured")
		at.emu.SetStorage(true)
	}
	u, err := at.acct.UploadAvatar(ctx, "my face.png", img)
	if logto.IsCode(err, "storage.not_configured") {
		t.Skip("this Logto has no storage provider")
	}
	if err != nil || !strings.HasPrefix(logto.Str(u.Avatar), "http") {
		t.Fatalf("Account API upload: %v %v", u, err)
	}
	if at.emu != nil {
		if got, ok := at.emu.Asset(logto.Str(u.Avatar)); !ok || !bytes.Equal(got, img) {
			t.Error("the stored file is not the one sent")
		}
	}
	mu, err := logto.NewManagementAccount(at.client, at.user.ID).UploadAvatar(ctx, "me.png", img)
	if err != nil || logto.Str(mu.Avatar) == logto.Str(u.Avatar) || logto.Str(mu.Avatar) == "" {
		t.Fatalf("Management API upload: %v %v", mu, err)
	}

	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`)
	if status, code := at.rawUpload(t, "/api/my-account/user-assets/avatar", at.token, "a.png", "image/png", []byte("text")); status != 400 || code != "guard.mime_type_not_allowed" {
		t.Errorf("Account API, text called image/png: %d %s", status, code)
	}
	if status, code := at.rawUpload(t, "/api/my-account/user-assets/avatar", at.token, "a.svg", "image/svg+xml", svg); status != 400 || code != "guard.mime_type_not_allowed" {
		t.Errorf("Account API, SVG: %d %s", status, code)
	}
	m2m, err := at.tokens.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if status, code := at.rawUpload(t, "/api/user-assets", m2m, "a.svg", "image/svg+xml", svg); status != 200 {
		t.Errorf("Management API, SVG declared as such: %d %s (it trusts the declared type)", status, code)
	}
	if status, code := at.rawUpload(t, "/api/user-assets", m2m, "a.txt", "text/plain", []byte("x")); status != 400 || code != "guard.mime_type_not_allowed" {
		t.Errorf("Management API, text/plain: %d %s", status, code)
	}
	if status, code := at.rawUpload(t, "/api/my-account/user-assets/avatar", at.token, "", "", nil); status != 400 || code != "guard.invalid_input" {
		t.Errorf("Account API without a file: %d %s", status, code)
	}
}

// rawUpload posts one file part (none when name is "") and returns the
// status and error code.
func (at *accountTarget) rawUpload(t *testing.T, path, token, name, mime string, data []byte) (int, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if name != "" {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="`+name+`"`)
		h.Set("Content-Type", mime)
		p, _ := w.CreatePart(h)
		_, _ = p.Write(data)
	} else {
		_ = w.WriteField("other", "x")
	}
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, at.endpoint+path, &b)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	code := ""
	if i := strings.Index(string(raw), `"code":"`); i >= 0 {
		code, _, _ = strings.Cut(string(raw)[i+8:], `"`)
	}
	return resp.StatusCode, code
}
