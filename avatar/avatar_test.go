package avatar

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
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

func TestRenderKeepsTheShapeAndFits(t *testing.T) {
	img, err := Decode(pngOf(t, 40, 20))
	if err != nil {
		t.Fatal(err)
	}
	out := Render(img, 20, 10, false)
	lines := strings.Split(out, "\n")
	if len(lines) != 5 || ansi.StringWidth(lines[0]) != 20 {
		t.Errorf("a 2:1 image in 20×10 cells: %d lines of %d", len(lines), ansi.StringWidth(lines[0]))
	}
	grey := Render(img, 20, 10, true)
	if strings.Contains(grey, "\x1b") || ansi.StringWidth(strings.Split(grey, "\n")[0]) != 20 {
		t.Errorf("NO_COLOR preview: %q", grey)
	}
	if _, err := Decode([]byte("BM....")); !errors.Is(err, ErrNoPreview) {
		t.Errorf("BMP: %v", err)
	}
}
