package sshserver

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// chunks reads b in pieces of the given sizes (then the rest at once), as
// an SSH channel delivers a client's bytes.
type chunks struct {
	b     []byte
	sizes []int
}

func (c *chunks) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	n := len(c.b)
	if len(c.sizes) > 0 {
		n, c.sizes = max(1, min(n, c.sizes[0])), c.sizes[1:]
	}
	n = copy(p, c.b[:n])
	c.b = c.b[n:]
	return n, nil
}

// readerSurvives runs bubbletea's terminal reader (ultraviolet's, as an
// SSH session runs it) over what the filter passes of in, read in the
// given pieces, and reports a panic (which, in a session, ends the
// process). It returns the events' count and the bytes passed on.
func readerSurvives(t *testing.T, in []byte, sizes []int) (events int, passed []byte) {
	t.Helper()
	var f inputFilter
	var buf []byte
	rest := in
	for _, n := range append(sizes, len(in)) {
		n = max(1, min(n, len(rest)))
		if len(rest) == 0 {
			break
		}
		passed = append(passed, f.filter(rest[:n], buf)...)
		rest = rest[n:]
	}
	eventc := make(chan uv.Event)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range eventc {
			events++
		}
	}()
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("the terminal reader panicked on %q (filtered from %q): %v", passed, in, r)
			}
		}()
		r := uv.NewTerminalReader(&chunks{b: passed, sizes: sizes}, "xterm-256color")
		_ = r.StreamEvents(context.Background(), eventc)
	}()
	close(eventc)
	<-done
	return events, passed
}

// crashers are inputs that panic the terminal reader when they reach it
// unfiltered (charmbracelet/x/ansi v0.11.9: 32 parameters, then a digit
// or a colon).
var crashers = []string{
	"\x1b[" + strings.Repeat(";", 32) + "1A",
	"\x1b[" + strings.Repeat("1;", 40) + "m",
	"\x1b[" + strings.Repeat(":", 33) + "u",
	"\x1bP" + strings.Repeat(";", 40) + "1|",
	"\x9b" + strings.Repeat(";", 40) + "1A", // C1 CSI
	"\x90" + strings.Repeat(";", 40) + "1|", // C1 DCS
	"\x1b[200~" + "\x1b[" + strings.Repeat(";", 40) + "1A" + "\x1b[201~",
	"\x1b]0;\x9c\x9b" + strings.Repeat(";", 40) + "1A", // a C1 ST, then a C1 CSI
	"\xc3\x9b" + strings.Repeat(";", 40) + "1A",        // Û: not a CSI, and stays one character
}

func TestHostileSequencesNeverReachTheReader(t *testing.T) {
	for _, c := range crashers {
		for _, sizes := range [][]int{nil, {1, 1, 1, 1, 1, 1, 1, 1}, {3, 7, 2}} {
			readerSurvives(t, []byte(c), sizes)
		}
	}
	// The parameters the filter lets through are what real keys use.
	for _, keep := range []string{"\x1b[1;5A", "\x1b[97;5:3u", "\x1b[<0;12;7M", "\x1b[200~hello\x1b[201~", "\x1b]11;rgb:0000/0000/0000\x1b\\",
		"héllo wörld ✓ 🎉", "\x1b[27;5;9~", "\x1bOA", "\x1b\x1b[A"} {
		if _, passed := readerSurvives(t, []byte(keep), nil); string(passed) != keep {
			t.Errorf("%q became %q", keep, passed)
		}
	}
}

func TestSafeViewDropsExcessParameters(t *testing.T) {
	for _, c := range crashers[:6] {
		v := safeView("before " + c + " after")
		// The renderer's parser, over the view as drawn.
		p := ansi.NewParser()
		var state byte
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("the renderer's parser panicked on %q: %v", v, r)
				}
			}()
			for b := []byte(v); len(b) > 0; {
				_, _, n, st := ansi.DecodeSequence(b, state, p)
				state, b = st, b[n:]
			}
		}()
	}
	styled := "\x1b[38;2;255;0;0;48;2;0;0;255mred\x1b[m " + strings.Repeat("a;b;", 20) + " Ûber"
	if got := safeView(styled); got != styled {
		t.Errorf("an ordinary view changed: %q", got)
	}
}

func FuzzInputFilter(f *testing.F) {
	for _, c := range crashers {
		f.Add([]byte(c), byte(3))
	}
	f.Add([]byte("\x1b[200~"+strings.Repeat("x", 100)), byte(7))
	f.Add([]byte("\x1b]52;c;"+strings.Repeat("QUJD", 100)+"\x07"), byte(5))
	f.Fuzz(func(t *testing.T, in []byte, step byte) {
		sizes := make([]int, 0, 64)
		for i := 0; i < 64; i++ {
			sizes = append(sizes, 1+int(step)%13+i%3)
		}
		readerSurvives(t, in, sizes)
	})
}

func TestPastesAndStringsAreBounded(t *testing.T) {
	huge := bytes.Repeat([]byte("A"), 1<<20)
	for _, c := range []struct {
		name  string
		start string
		limit int
	}{
		{"a paste that never ends", "\x1b[200~", maxPaste},
		{"a paste started as 0200", "\x1b[0200~", maxPaste},
		{"a paste started as 200;1", "\x1b[200;1~", maxPaste},
		{"an OSC that never ends", "\x1b]52;c;", maxStringLen},
		{"a DCS that never ends", "\x1bP1$r", maxStringLen},
		{"an APC that never ends", "\x1b_G", maxStringLen},
		{"a CSI that never ends", "\x1b[<", maxSeqLen},
	} {
		var fl inputFilter
		passed := 0
		for i := 0; i < 4; i++ {
			in := huge
			if c.name == "a CSI that never ends" {
				in = bytes.Repeat([]byte("1"), 1<<20)
			}
			if i == 0 {
				in = append([]byte(c.start), in...)
			}
			passed += len(fl.filter(in, nil))
		}
		if passed > c.limit+64 {
			t.Errorf("%s: %d bytes reached the reader; want at most %d", c.name, passed, c.limit+64)
		}
	}
	// A paste cut short still ends where the client's ends, and what
	// follows it is typed as usual.
	var fl inputFilter
	out := fl.filter([]byte("\x1b[200~"+strings.Repeat("x", maxPaste+10)+"\x1b[201~q"), nil)
	if !bytes.HasSuffix(out, []byte("\x1b[201~q")) || len(out) > maxPaste+20 || fl.cutPastes != 1 {
		t.Errorf("after a long paste: %d bytes ending %q, %d cut", len(out), out[max(0, len(out)-10):], fl.cutPastes)
	}
	_ = fmt.Sprint()
}
