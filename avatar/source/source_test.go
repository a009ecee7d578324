package source

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func pngOf(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, 0, color.RGBA{255, 0, 0, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPublicAddresses(t *testing.T) {
	for addr, want := range map[string]bool{"93.184.216.34": true, "2606:4700::1111": true, "127.0.0.1": false, "::1": false,
		"10.1.2.3": false, "192.168.0.1": false, "172.16.5.5": false, "169.254.169.254": false, "100.64.1.1": false,
		"0.0.0.0": false, "fd00::1": false, "fe80::1": false, "::ffff:127.0.0.1": false, "224.0.0.1": false} {
		if got := Public(netip.MustParseAddr(addr)); got != want {
			t.Errorf("%s: %v, want %v", addr, got, want)
		}
	}
}

// TestFetchRefusesWhatAServerMustNotFetch: http, loopback (the metadata
// service and the server's own ports are one step away), a redirect off
// https, an oversized answer.
func TestFetchRefusesWhatAServerMustNotFetch(t *testing.T) {
	img := pngOf(t, 4, 4)
	mux := http.NewServeMux()
	mux.HandleFunc("/a.png", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(img) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(make([]byte, MaxFetchBytes+10)) })
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://example.com/a.png", http.StatusFound)
	})
	srv := httptest.NewTLSServer(mux)
	defer srv.Close()
	ctx := context.Background()
	strict := &Fetcher{Client: srv.Client()}
	if _, err := strict.Fetch(ctx, srv.URL+"/a.png"); !errors.Is(err, ErrRefusedAddress) {
		t.Errorf("loopback: %v", err)
	}
	if _, err := strict.Fetch(ctx, "http://example.com/a.png"); !errors.Is(err, ErrRefusedAddress) {
		t.Errorf("http: %v", err)
	}
	lab := &Fetcher{Client: srv.Client(), Allow: func(netip.Addr) bool { return true }}
	if got, err := lab.Fetch(ctx, srv.URL+"/a.png"); err != nil || !bytes.Equal(got, img) {
		t.Errorf("allowed fetch: %v", err)
	}
	if _, err := lab.Fetch(ctx, srv.URL+"/away"); !errors.Is(err, ErrRefusedAddress) {
		t.Errorf("redirect to http: %v", err)
	}
	if _, err := lab.Fetch(ctx, srv.URL+"/big"); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("oversized: %v", err)
	}
}

func TestReadFileRefusesBeforeReading(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.png")
	f, _ := os.Create(big)
	_ = f.Truncate(50 << 20) // 50 MB, sparse
	f.Close()
	for path, want := range map[string]string{filepath.Join(dir, "nope.png"): "there is no file", big: "at most 20 MB", dir: "not a file"} {
		if _, err := ReadFile(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", path, err, want)
		}
	}
}
