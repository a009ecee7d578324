// Package avatar draws an avatar image in a terminal with half-block
// characters: each cell holds two pixels, the upper one as the foreground
// of "▀" and the lower one as its background (avatar/source reads the
// image from a file or an address). It does no I/O.
package avatar

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // decoders the preview can use (WebP and BMP have none in the standard library)
	_ "image/jpeg"
	_ "image/png"
	"strings"
)

// MaxPixels bounds an image the preview decodes (a small file can claim a
// huge size and take gigabytes to decode).
const MaxPixels = 40_000_000

// ErrNoPreview is an image this program cannot draw (WebP, BMP): Logto
// still takes it.
var ErrNoPreview = errors.New("no preview for this kind of image here (PNG, JPEG and GIF are drawn)")

// Decode reads an image for a preview, refusing one too large to decode safely.
func Decode(data []byte) (image.Image, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		if bytes.HasPrefix(data, []byte("BM")) || (len(data) > 12 && string(data[8:12]) == "WEBP") {
			return nil, ErrNoPreview
		}
		return nil, fmt.Errorf("not an image this program can read")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return nil, fmt.Errorf("the %s image is %d×%d pixels, too large to draw", format, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the %s image is damaged", format)
	}
	return img, nil
}

// Render draws img in at most cols×rows cells (two pixels a cell, one
// above the other), keeping its shape. With noColor it draws shades of
// grey as characters (░▒▓█), which need no colour at all.
func Render(img image.Image, cols, rows int, noColor bool) string {
	b := img.Bounds()
	if b.Empty() || cols < 1 || rows < 1 {
		return ""
	}
	// Each cell is about twice as tall as wide: a cell is one pixel wide
	// and two tall, so a square image gets cols = rows*2.
	w, h := cols, rows*2
	if b.Dx()*h > b.Dy()*w {
		h = max(2, b.Dy()*w/b.Dx())
	} else {
		w = max(1, b.Dx()*h/b.Dy())
	}
	h += h % 2
	px := func(x, y int) color.RGBA {
		// the average of the source pixels this one covers
		x0, x1 := b.Min.X+x*b.Dx()/w, b.Min.X+(x+1)*b.Dx()/w
		y0, y1 := b.Min.Y+y*b.Dy()/h, b.Min.Y+(y+1)*b.Dy()/h
		x1, y1 = max(x1, x0+1), max(y1, y0+1)
		var r, g, bl, a, n uint64
		for yy := y0; yy < y1; yy++ {
			for xx := x0; xx < x1; xx++ {
				cr, cg, cb, ca := img.At(xx, yy).RGBA()
				r, g, bl, a, n = r+uint64(cr), g+uint64(cg), bl+uint64(cb), a+uint64(ca), n+1
			}
		}
		// transparent parts show as mid grey, on a light or dark terminal
		alpha := float64(a) / float64(n) / 0xffff
		mix := func(c uint64) uint8 { return uint8((float64(c)/float64(n)/0x101)*alpha + 128*(1-alpha)) }
		return color.RGBA{mix(r), mix(g), mix(bl), 255}
	}
	var out strings.Builder
	for y := 0; y < h; y += 2 {
		for x := 0; x < w; x++ {
			top, bottom := px(x, y), px(x, y+1)
			if noColor {
				out.WriteRune(shade((luma(top) + luma(bottom)) / 2))
				continue
			}
			fmt.Fprintf(&out, "\x1b[38;2;%d;%d;%dm\x1b[48;2;%d;%d;%dm▀", top.R, top.G, top.B, bottom.R, bottom.G, bottom.B)
		}
		if !noColor {
			out.WriteString("\x1b[0m")
		}
		if y+2 < h {
			out.WriteByte('\n')
		}
	}
	return out.String()
}

func luma(c color.RGBA) int { return (299*int(c.R) + 587*int(c.G) + 114*int(c.B)) / 1000 }

// shade is a grey level as a character, dark to light.
func shade(l int) rune {
	ramp := []rune(" ░▒▓█")
	return ramp[min(len(ramp)-1, l*len(ramp)/256)]
}
