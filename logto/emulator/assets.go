package emulator

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// This file is Logto's uploads: POST /api/user-assets (Management API,
// routes/user-assets.ts) and POST /api/my-account/user-assets/avatar
// (Account API, routes/account/user-assets.ts with routes/avatar-upload.ts),
// and a storage provider that serves what was uploaded.

// maxUploadBytes is Logto's maxUploadFileSize (20 MB).
const maxUploadBytes = 20 << 20

// uploadMIMETypes are Logto's allowUploadMimeTypes (the Management route
// trusts the part's declared type).
var uploadMIMETypes = []string{"image/jpeg", "image/png", "image/gif", "image/vnd.microsoft.icon", "image/x-icon",
	"image/svg+xml", "image/tiff", "image/webp", "image/bmp", "application/zip"}

type storedAsset struct {
	mime string
	data []byte
}

// SetStorage configures a storage provider (on) or none (off, as a fresh
// Logto has): uploads then answer 400 storage.not_configured.
func (e *Emulator) SetStorage(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !on {
		e.assets = nil
	} else if e.assets == nil {
		e.assets = map[string]storedAsset{}
	}
}

// Asset returns an uploaded file by the URL Logto gave for it.
func (e *Emulator) Asset(url string) ([]byte, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, key, ok := strings.Cut(url, "/user-assets/")
	if !ok {
		return nil, false
	}
	a, ok := e.assets[key]
	return a.data, ok
}

// readUpload reads the multipart part named "file"; a request without one
// is Logto's files guard: 400 guard.invalid_input.
func readUpload(w http.ResponseWriter, r *http.Request) (name, mime string, data []byte, ok bool) {
	mr, err := r.MultipartReader()
	if err != nil {
		guardError(w, "files", []any{"file"}, "invalid_type", "Required")
		return "", "", nil, false
	}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) || err != nil {
			guardError(w, "files", []any{"file"}, "invalid_type", "Required")
			return "", "", nil, false
		}
		if p.FormName() != "file" || p.FileName() == "" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, maxUploadBytes+1))
		if err != nil {
			guardError(w, "files", []any{"file"}, "invalid_type", "Required")
			return "", "", nil, false
		}
		return p.FileName(), p.Header.Get("Content-Type"), data, true
	}
}

var safeName = regexp.MustCompile(`[^\w.-]`)

// storeLocked keeps an upload and returns its public URL. Call with e.mu held.
func (e *Emulator) storeLocked(r *http.Request, owner, name, mime string, data []byte) string {
	key := "default/" + owner + "/" + e.clock().Format("2006/01/02") + "/" + randomID(8) + "-" +
		safeName.ReplaceAllString(name, "-")
	e.assets[key] = storedAsset{mime: mime, data: data}
	return issuerBase(r) + "/user-assets/" + key
}

// uploadAsset is POST /api/user-assets: file present, at most 20 MB, a
// declared type from the list, then the storage provider.
func (e *Emulator) uploadAsset(w http.ResponseWriter, r *http.Request) {
	name, mime, data, ok := readUpload(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case len(data) > maxUploadBytes:
		apiError(w, http.StatusBadRequest, "guard.file_size_exceeded", nil)
	case !slices.Contains(uploadMIMETypes, mime):
		apiError(w, http.StatusBadRequest, "guard.mime_type_not_allowed", nil)
	case e.assets == nil:
		apiError(w, http.StatusBadRequest, "storage.not_configured", nil)
	default:
		writeJSON(w, http.StatusOK, map[string]any{"url": e.storeLocked(r, "m2m", name, mime, data)})
	}
}

// uploadMyAvatar is POST /api/my-account/user-assets/avatar: the profile
// scope (401), the avatar field editable (400), the file, at most 20 MB,
// an image by its bytes (JPEG, PNG, GIF, WebP, BMP) that ends as such an
// image does, then the storage provider. No proof is needed.
func (e *Emulator) uploadMyAvatar(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	scopeOK, control := c.has("profile"), e.field("avatar")
	e.mu.Unlock()
	switch {
	case !scopeOK:
		apiError(w, http.StatusUnauthorized, "auth.unauthorized", nil)
		return
	case control != FieldEdit:
		apiError(w, http.StatusBadRequest, "account_center.field_not_editable", nil)
		return
	}
	name, _, data, ok := readUpload(w, r)
	if !ok {
		return
	}
	mime := avatarType(data)
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case len(data) > maxUploadBytes:
		apiError(w, http.StatusBadRequest, "guard.file_size_exceeded", nil)
	case mime == "":
		apiError(w, http.StatusBadRequest, "guard.mime_type_not_allowed", nil)
	case e.assets == nil:
		apiError(w, http.StatusBadRequest, "storage.not_configured", nil)
	default:
		writeJSON(w, http.StatusOK, map[string]any{"url": e.storeLocked(r, c.userID, name, mime, data)})
	}
}

// avatarType is Logto's detectAvatarMimeType with the end-marker check
// ("" when refused).
func avatarType(b []byte) string {
	n := len(b)
	switch {
	case n == 0:
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}) && bytes.HasSuffix(b, []byte{0xff, 0xd9}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) && bytes.HasSuffix(b, []byte("IEND\xaeB`\x82")):
		return "image/png"
	case bytes.HasPrefix(b, []byte("GIF8")) && b[n-1] == 0x3b:
		return "image/gif"
	case bytes.HasPrefix(b, []byte("BM")) && n >= 6 && int(binary.LittleEndian.Uint32(b[2:])) == n:
		return "image/bmp"
	case n >= 12 && bytes.HasPrefix(b, []byte("RIFF")) && string(b[8:12]) == "WEBP" && int(binary.LittleEndian.Uint32(b[4:]))+8 == n:
		return "image/webp"
	}
	return ""
}

// serveAsset is the storage provider's public side.
func (e *Emulator) serveAsset(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	a, ok := e.assets[strings.TrimPrefix(r.URL.Path, "/user-assets/")]
	e.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.mime)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.data))
}
