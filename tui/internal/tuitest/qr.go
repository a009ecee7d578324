package tuitest

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/logto-account/logto-account/termqr"
)

// DecodeQR finds the QR code on screen (beside the text, below it, or
// alone in the window), rebuilds the module matrix from its half blocks
// and decodes it like a phone camera would. A failure prints the screen
// through redact (nil: as it is), so that secrets stay out of test logs.
func DecodeQR(t testing.TB, view string, redact func(string) string) string {
	t.Helper()
	if redact == nil {
		redact = func(s string) string { return s }
	}
	lines := strings.Split(Plain(view), "\n")
	half := func(r rune) bool { return r == '█' || r == '▀' || r == '▄' || r == ' ' }
	// The code's left edge: the column from which the most lines hold only
	// half blocks to their end, at least 21 cells (the smallest code).
	starts, count := make([]int, len(lines)), map[int]int{}
	for i, l := range lines {
		r := []rune(l)
		j := len(r)
		for j > 0 && half(r[j-1]) {
			j--
		}
		for j < len(r) && r[j] == ' ' {
			j++
		}
		starts[i] = -1
		if len(r)-j >= 21 {
			starts[i] = j
			count[j]++
		}
	}
	col, best := -1, 0
	for c, n := range count {
		if n > best {
			col, best = c, n
		}
	}
	var qrLines []string
	for i, l := range lines {
		if col >= 0 && starts[i] == col {
			qrLines = append(qrLines, string([]rune(l)[col:]))
		}
	}
	if len(qrLines) == 0 {
		t.Fatalf("no QR code on screen:\n%s", redact(Plain(view)))
	}
	m := termqr.Decode(strings.Join(qrLines, "\n"), false)
	const scale = 4
	n := len(m[0])
	img := image.NewGray(image.Rect(0, 0, n*scale, len(m)*scale))
	for y := range m {
		for x := range n {
			c := color.Gray{Y: 255}
			if x < len(m[y]) && m[y][x] {
				c = color.Gray{Y: 0}
			}
			for dy := range scale {
				for dx := range scale {
					img.SetGray(x*scale+dx, y*scale+dy, c)
				}
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the QR on screen does not decode: %v\n%s", err, redact(Plain(view)))
	}
	return res.GetText()
}
