// Package termqr draws QR codes with Unicode half blocks, two modules per
// character cell, so that a phone camera can read them from a terminal.
package termqr

import (
	"strings"

	"github.com/skip2/go-qrcode"
)

// Matrix returns the QR modules of text (true = dark) with a quiet zone of
// quiet modules on each side.
func Matrix(text string, quiet int) ([][]bool, error) {
	q, err := qrcode.New(text, qrcode.Low)
	if err != nil {
		return nil, err
	}
	q.DisableBorder = true
	core := q.Bitmap()
	n := len(core) + 2*quiet
	out := make([][]bool, n)
	for y := range out {
		out[y] = make([]bool, n)
		if y >= quiet && y < n-quiet {
			copy(out[y][quiet:], core[y-quiet])
		}
	}
	return out, nil
}

// Size is the width in cells (and twice the height in rows) of the code of
// text with a 2-module quiet zone, or 0 when text cannot be encoded.
func Size(text string) int {
	m, err := Matrix(text, 2)
	if err != nil {
		return 0
	}
	return len(m)
}

// Render draws text's QR code. darkOnLight is for terminals with a light
// background (dark text); otherwise light modules are drawn as glyphs, which
// reads right on dark backgrounds.
func Render(text string, darkOnLight bool) (string, error) { return RenderQuiet(text, 2, darkOnLight) }

// RenderQuiet is Render with a quiet zone of quiet modules: 1 still reads
// with phone cameras and saves a line where every line counts (80×24).
func RenderQuiet(text string, quiet int, darkOnLight bool) (string, error) {
	m, err := Matrix(text, quiet)
	if err != nil {
		return "", err
	}
	return RenderMatrix(m, darkOnLight), nil
}

// RenderMatrix draws a module matrix, two rows per line.
func RenderMatrix(m [][]bool, darkOnLight bool) string {
	var b strings.Builder
	b.Grow(len(m) * (len(m) + 1) * 3 / 2)
	ink := func(y, x int) bool {
		if y >= len(m) {
			return !darkOnLight // past the end counts as quiet zone (light)
		}
		return m[y][x] == darkOnLight
	}
	for y := 0; y < len(m); y += 2 {
		for x := range m[y] {
			top, bottom := ink(y, x), ink(y+1, x)
			switch {
			case top && bottom:
				b.WriteRune('█')
			case top:
				b.WriteRune('▀')
			case bottom:
				b.WriteRune('▄')
			default:
				b.WriteByte(' ')
			}
		}
		if y+2 < len(m) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Decode rebuilds the module matrix from a rendering (tests read codes back).
func Decode(s string, darkOnLight bool) [][]bool {
	lines := strings.Split(s, "\n")
	var m [][]bool
	for _, line := range lines {
		runes := []rune(line)
		top, bottom := make([]bool, len(runes)), make([]bool, len(runes))
		for x, r := range runes {
			t, b := r == '█' || r == '▀', r == '█' || r == '▄'
			top[x], bottom[x] = t == darkOnLight, b == darkOnLight
		}
		m = append(m, top, bottom)
	}
	return m
}

// Width is the width in cells of a rendering (its first line).
func Width(rendered string) int {
	line, _, _ := strings.Cut(rendered, "\n")
	return len([]rune(line))
}
