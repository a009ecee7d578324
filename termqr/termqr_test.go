package termqr

import (
	"strings"
	"testing"
)

func TestRenderRoundTripsTheMatrix(t *testing.T) {
	for _, dol := range []bool{false, true} {
		text := "http://127.0.0.1:3001/device?user_code=BCDF-GHJK"
		m, err := Matrix(text, 2)
		if err != nil {
			t.Fatal(err)
		}
		s := RenderMatrix(m, dol)
		lines := strings.Split(s, "\n")
		if len(lines) != (len(m)+1)/2 || len([]rune(lines[0])) != len(m) {
			t.Fatalf("%d lines of %d cells for a %d-module code", len(lines), len([]rune(lines[0])), len(m))
		}
		back := Decode(s, dol)
		for y := range m {
			for x := range m[y] {
				if back[y][x] != m[y][x] {
					t.Fatalf("module (%d,%d) differs after rendering (darkOnLight=%v)", x, y, dol)
				}
			}
		}
	}
	if Size("http://127.0.0.1:3001/device?user_code=BCDF-GHJK") > 40 {
		t.Error("a device URL's code does not fit 80 columns")
	}
}
