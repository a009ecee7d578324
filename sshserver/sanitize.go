package sshserver

import (
	"strings"
	"unicode/utf8"
)

// What a client types reaches bubbletea's terminal reader (ultraviolet),
// whose decoder runs in a goroutine of its own, outside any recover: a
// panic there ends the whole process, every user's session with it. Two
// things in it are a client's to abuse:
//
//   - charmbracelet/x/ansi's sequence parser (v0.11.9, which the reader
//     runs over every byte of input) indexes a fixed array of 32
//     parameters without a bound: "ESC [" followed by 32 semicolons and a
//     digit is an index out of range, and the process is gone. The same
//     parser draws every screen (see safeView).
//   - the reader keeps whatever belongs to an unfinished sequence: a
//     bracketed paste that never ends, an OSC, DCS or APC string with no
//     terminator, and a CSI that never reaches its final byte are kept in
//     memory as long as the client keeps sending, and each read scans the
//     whole of it again.
//
// inputFilter sits between the SSH channel and the reader and passes on
// only what the reader can take: parameters and sequence lengths within
// bounds, a paste cut at maxPaste, well-formed UTF-8 (a stray byte
// 0x80–0x9f would be a C1 control, which starts a sequence of its own).
// It follows the parser's own states (charmbracelet/x/ansi's
// decodeSequence); where the reader may have given up on a sequence
// earlier (it does after 50 ms without input), the filter stays the
// stricter of the two.
const (
	// maxSeqParams is the most parameter separators (; or :) a CSI or DCS
	// keeps; further ones are dropped (the parser's array has 32 places;
	// real keys and replies use at most 6).
	maxSeqParams = 16
	// maxParamDigits bounds a parameter's digits (real ones have at most
	// 7: a Unicode code point).
	maxParamDigits = 9
	// maxSeqLen bounds a CSI's or an escape's bytes before its final byte.
	maxSeqLen = 256
	// maxStringLen bounds an OSC, DCS, APC, PM or SOS string's data (a
	// terminal's replies are far shorter); further bytes are dropped until
	// the string ends.
	maxStringLen = 4 << 10
	// maxPaste bounds a bracketed paste; the rest of a longer one is
	// dropped, and the paste ends where the client's ends.
	maxPaste = 64 << 10
)

type filterState uint8

const (
	fsGround    filterState = iota
	fsEscape                // after ESC
	fsParams                // a CSI or DCS: prefix, parameters and intermediates
	fsString                // an OSC, DCS (after its final byte), APC, PM or SOS string
	fsStringEsc             // ESC inside a string: ST if "\" follows
)

// pasteEnd is what ends a bracketed paste.
const pasteEnd = "\x1b[201~"

// inputFilter is the state of one session's input between reads.
type inputFilter struct {
	state  filterState
	seqLen int  // bytes of the current sequence or string so far
	seps   int  // parameter separators of the current CSI or DCS
	dcs    bool // the current sequence is a DCS (a string follows it)
	osc    bool // the current string is an OSC (BEL ends it too)
	// What decides, as the reader decides it, whether a CSI ending in ~
	// starts or ends a paste: no prefix, no intermediate, and the value of
	// its first parameter.
	marked  bool              // a prefix or an intermediate
	first   int               // the first parameter's value so far
	digits  int               // digits of the current parameter
	rune    [utf8.UTFMax]byte // an unfinished UTF-8 character
	nrune   int
	inPaste bool
	pasted  int  // bytes passed on since the paste began
	cut     bool // the paste is over maxPaste: drop until it ends
	// cutPastes counts pastes cut short (the session tells its user).
	cutPastes int
}

// filter returns what of b may reach the reader; out is reused.
func (f *inputFilter) filter(b []byte, out []byte) []byte {
	out = out[:0]
	for _, c := range b {
		out = f.step(c, out)
	}
	return out
}

// step takes one byte and appends what is passed on.
func (f *inputFilter) step(c byte, out []byte) []byte {
	switch f.state {
	case fsGround:
		return f.ground(c, out)
	case fsEscape:
		switch {
		case c == '[' || c == 'P':
			f.state, f.dcs, f.seps, f.marked, f.first, f.digits = fsParams, c == 'P', 0, false, 0, 0
			f.seqLen = 0
			return f.emit(out, c)
		case c == ']' || c == 'X' || c == '^' || c == '_':
			f.state, f.osc, f.seqLen = fsString, c == ']', 0
			return f.emit(out, c)
		case c >= ' ' && c <= '/': // intermediates
			f.seqLen++
			if f.seqLen > maxSeqLen {
				return out
			}
			return f.emit(out, c)
		case c >= '0' && c <= '~': // the final byte
			f.state = fsGround
			return f.emit(out, c)
		}
		// Anything else ends the escape; the byte starts afresh (the parser
		// does the same).
		f.state = fsGround
		return f.ground(c, out)
	case fsParams:
		return f.params(c, out)
	case fsString:
		return f.str(c, out)
	case fsStringEsc:
		if c == '\\' { // ST
			f.state = fsGround
			return f.emit(out, c)
		}
		// The string is cancelled; the ESC starts a new sequence, which
		// this byte continues.
		f.state, f.seqLen = fsEscape, 0
		return f.step(c, out)
	}
	return out
}

// ground takes a byte outside any sequence.
func (f *inputFilter) ground(c byte, out []byte) []byte {
	if f.nrune > 0 || c >= 0x80 {
		return f.utf8(c, out)
	}
	if c == 0x1b {
		f.state, f.seqLen = fsEscape, 0
	}
	return f.emit(out, c)
}

// utf8 collects a multi-byte character and passes it on whole. A byte
// that does not make one becomes U+FFFD: a lone continuation byte would
// reach the parser as a C1 control (0x9b is a CSI, 0x90 a DCS), and a
// byte simply dropped could join two sequences the filter saw apart
// ("ESC", a stray byte, "[" is a CSI once the stray byte is gone).
func (f *inputFilter) utf8(c byte, out []byte) []byte {
	if f.nrune > 0 && (c < 0x80 || c > 0xbf) {
		f.nrune = 0 // an unfinished character, then c afresh
		return f.ground(c, f.emit(out, replacement...))
	}
	if f.nrune == 0 && !utf8.RuneStart(c) {
		return f.emit(out, replacement...)
	}
	f.rune[f.nrune] = c
	f.nrune++
	if !utf8.FullRune(f.rune[:f.nrune]) {
		return out
	}
	pending := f.rune
	n := f.nrune
	f.nrune = 0
	if r, size := utf8.DecodeRune(pending[:n]); r != utf8.RuneError || size > 1 {
		return f.emit(out, pending[:n]...)
	}
	// Not a character: its first byte is replaced, the others read afresh.
	out = f.emit(out, replacement...)
	for _, b := range pending[1:n] {
		out = f.ground(b, out)
	}
	return out
}

// replacement is U+FFFD, which the parser reads as one character.
var replacement = []byte("\uFFFD")

// params takes a byte of a CSI or DCS before its final byte.
func (f *inputFilter) params(c byte, out []byte) []byte {
	switch {
	case c >= '0' && c <= '?': // prefixes, digits and separators
		switch {
		case c == ';' || c == ':':
			f.seps++
			f.digits = 0
			if f.seps > maxSeqParams {
				return out // the parameter goes on in the last place
			}
		case c <= '9':
			// At most maxParamDigits a parameter: the parsers keep values
			// modulo 2^31, so a longer number could pass for any other
			// (2147483848 for 200, which starts a paste).
			f.digits++
			if f.digits > maxParamDigits {
				return out
			}
			if f.seps == 0 {
				f.first = f.first*10 + int(c-'0')
			}
		case f.seqLen == 0: // a prefix: < = > ?
			f.marked = true
		}
		f.seqLen++
		if f.seqLen > maxSeqLen {
			return out
		}
		return f.emit(out, c)
	case c >= ' ' && c <= '/': // intermediates
		f.marked = true
		f.seqLen++
		if f.seqLen > maxSeqLen {
			return out
		}
		return f.emit(out, c)
	case c >= '@' && c <= '~': // the final byte
		if f.dcs {
			f.state, f.osc, f.seqLen = fsString, false, 0
			return f.emit(out, c)
		}
		f.state = fsGround
		if c == '~' && !f.marked {
			switch f.first {
			case 200:
				if !f.inPaste {
					f.inPaste, f.pasted, f.cut = true, 0, false
				}
			case 201:
				if f.inPaste {
					cut := f.cut
					f.inPaste, f.cut = false, false
					if cut { // the start of this end marker was dropped
						return append(out, pasteEnd...)
					}
				}
			}
		}
		return f.emit(out, c)
	}
	// Not part of the sequence: the parser ends it there and reads the
	// byte afresh.
	f.state = fsGround
	return f.ground(c, out)
}

// str takes a byte of a string sequence.
func (f *inputFilter) str(c byte, out []byte) []byte {
	switch {
	case c == 0x07 && f.osc, c == 0x18, c == 0x1a, c == 0x9c: // BEL (OSC), CAN, SUB, ST
		f.state = fsGround
		return f.emit(out, c)
	case c == 0x1b:
		f.state = fsStringEsc
		return f.emit(out, c)
	case c >= 0x80 && c <= 0x9f:
		// C1 controls in a string are dropped: were the reader to end the
		// string elsewhere than the filter, a 0x9b would start a CSI.
		return out
	}
	f.seqLen++
	if f.seqLen > maxStringLen {
		return out
	}
	return f.emit(out, c)
}

// emit passes bytes on, unless a paste is being cut short.
func (f *inputFilter) emit(out []byte, b ...byte) []byte {
	if !f.inPaste {
		return append(out, b...)
	}
	if f.cut {
		return out
	}
	if f.pasted+len(b) > maxPaste {
		f.cut = true
		f.cutPastes++
		return out
	}
	f.pasted += len(b)
	return append(out, b...)
}

// safeView makes a screen's text safe for the renderer, which runs the
// same parser over it outside any recover: parameter separators of a CSI
// or DCS past maxSeqParams are dropped. Screens clean what users and Logto
// write before showing it; this is the backstop for a string that was
// missed (one would end the process, with every session).
func safeView(s string) string {
	// Fast path: no run of separators long enough to matter.
	if !hasLongParams(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	inSeq, seps := false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case !inSeq:
			if c == 0x1b && i+1 < len(s) && (s[i+1] == '[' || s[i+1] == 'P') {
				inSeq, seps = true, 0
				b.WriteByte(c)
				b.WriteByte(s[i+1])
				i++
				continue
			}
			if c == 0x9b || c == 0x90 {
				if r, n := utf8.DecodeRuneInString(s[i:]); r == utf8.RuneError && n == 1 {
					inSeq, seps = true, 0
				}
			}
		case c == ';' || c == ':':
			seps++
			if seps > maxSeqParams {
				continue
			}
		case c >= '0' && c <= '?':
		default:
			inSeq = false
			if c == 0x1b || c == 0x9b || c == 0x90 {
				i-- // it starts a sequence of its own
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// hasLongParams reports whether s has more than maxSeqParams separators
// with only parameter bytes between them.
func hasLongParams(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ';' || c == ':':
			run++
			if run > maxSeqParams {
				return true
			}
		case c >= '0' && c <= '?':
		default:
			run = 0
		}
	}
	return false
}
