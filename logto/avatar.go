package logto

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path/filepath"
	"regexp"
)

// MaxAvatarBytes is Logto's upload limit (maxUploadFileSize, 20 MB).
const MaxAvatarBytes = 20 << 20

// AvatarTypes are the image types Logto takes as an avatar, as the
// extensions a person knows them by.
const AvatarTypes = "JPEG, PNG, GIF, WebP or BMP"

// AvatarType tells an avatar file's type from its bytes as Logto does
// (packages/core/src/routes/avatar-upload.ts): JPEG, PNG, GIF, WebP or
// BMP by their first bytes, and a whole file by its last ones (a cut-off
// download is refused). It returns the MIME type, or a ValidationError
// that says what is wrong, before anything is sent.
func AvatarType(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", &ValidationError{Field: "avatar file", Reason: "is empty"}
	case len(data) > MaxAvatarBytes:
		return "", &ValidationError{Field: "avatar file", Reason: fmt.Sprintf("is %s; Logto takes at most 20 MB", Size(int64(len(data))))}
	}
	var mime string
	var whole bool
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		mime, whole = "image/jpeg", bytes.HasSuffix(data, []byte{0xff, 0xd9})
	case bytes.HasPrefix(data, []byte{0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}):
		mime, whole = "image/png", bytes.HasSuffix(data, []byte{'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82})
	case bytes.HasPrefix(data, []byte("GIF8")):
		mime, whole = "image/gif", data[len(data)-1] == 0x3b
	case bytes.HasPrefix(data, []byte("BM")):
		mime, whole = "image/bmp", len(data) >= 6 && int(binary.LittleEndian.Uint32(data[2:])) == len(data)
	case len(data) >= 12 && bytes.HasPrefix(data, []byte("RIFF")) && bytes.Equal(data[8:12], []byte("WEBP")):
		mime, whole = "image/webp", int(binary.LittleEndian.Uint32(data[4:]))+8 == len(data)
	default:
		return "", &ValidationError{Field: "avatar file", Reason: "is not an image Logto takes (" + AvatarTypes + ")"}
	}
	if !whole {
		return "", &ValidationError{Field: "avatar file", Reason: "ends early (a cut-off download?); Logto refuses an incomplete image"}
	}
	return mime, nil
}

// Size says a byte count in words: "512 bytes", "1.4 MB".
func Size(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

var unsafeName = regexp.MustCompile(`[^\w.-]`)

// upload is a multipart body with one file part named "file", as Logto's
// upload routes read it (koa-body, formidable).
func upload(filename, mime string, data []byte) (body []byte, contentType string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	name := unsafeName.ReplaceAllString(filepath.Base(filename), "-") // Logto sanitises it the same way
	if name == "" || name == "." {
		name = "avatar"
	}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
	h.Set("Content-Type", mime)
	part, _ := w.CreatePart(h)
	_, _ = part.Write(data)
	_ = w.Close()
	return b.Bytes(), w.FormDataContentType()
}

// UploadUserAsset stores a file with the tenant's storage provider
// (POST /api/user-assets) and returns its public URL.
func (c *Client) UploadUserAsset(ctx context.Context, filename string, data []byte) (string, error) {
	mime, err := AvatarType(data)
	if err != nil {
		return "", err
	}
	raw, ct := upload(filename, mime, data)
	var out struct {
		URL string `json:"url"`
	}
	if _, err := c.do(ctx, request{method: http.MethodPost, path: "/api/user-assets", raw: raw, contentType: ct}, &out); err != nil {
		return "", err
	}
	return out.URL, nil
}

// UploadAvatar stores the image (checked first) and makes it the user's avatar.
func (a *ManagementAccount) UploadAvatar(ctx context.Context, filename string, data []byte) (*User, error) {
	u, err := a.c.UploadUserAsset(ctx, filename, data)
	if err != nil {
		return nil, err
	}
	return a.c.UpdateUser(ctx, a.id, UserPatch{Avatar: Value(u)})
}

// UploadAvatar stores the image through POST
// /api/my-account/user-assets/avatar (the profile scope, the avatar field
// editable, no proof) and then sets it as the avatar.
func (a *MyAccount) UploadAvatar(ctx context.Context, filename string, data []byte) (*User, error) {
	mime, err := AvatarType(data)
	if err != nil {
		return nil, err
	}
	raw, ct := upload(filename, mime, data)
	var out struct {
		URL string `json:"url"`
	}
	if err := a.do(ctx, request{method: http.MethodPost, path: "/api/my-account/user-assets/avatar", raw: raw, contentType: ct},
		false, FieldAvatar, &out); err != nil {
		return nil, err
	}
	return a.UpdateUser(ctx, UserPatch{Avatar: Value(out.URL)})
}
