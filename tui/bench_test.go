package tui

import (
	"strings"
	"testing"

	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// signedInRoot is a root model signed in against the emulator at 120×40.
func signedInRoot(b *testing.B) *Model {
	m, _ := newRoot(b)
	signInAt(b, m, 120, 40)
	if m.signing {
		b.Fatal("not signed in")
	}
	return m
}

// BenchmarkViewScreens renders every screen at 120×40 (goal ≤ 1 ms each).
func BenchmarkViewScreens(b *testing.B) {
	m := signedInRoot(b)
	for i, s := range m.screens {
		tt.Drive(b, rootUpdater{m}, tt.Run(m.show(i))...) // loaded, not "Loading…"
		if v := tt.Plain(m.render()); strings.Contains(v, "Loading") {
			b.Fatalf("%s is still loading:\n%s", s.Title(), v)
		}
		b.Run(s.Title(), func(b *testing.B) {
			m.active = i
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
	b.Run("Sign in", func(b *testing.B) {
		m.signing = true
		defer func() { m.signing = false }()
		b.ReportAllocs()
		for b.Loop() {
			_ = m.View()
		}
	})
}

// BenchmarkKeyToFrame is one key press through Update and the next View
// (goal ≤ 2 ms).
func BenchmarkKeyToFrame(b *testing.B) {
	m := signedInRoot(b)
	down, up := tt.Key("j"), tt.Key("k")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := down
		if i%2 == 1 {
			k = up
		}
		i++
		m.Update(k)
		_ = m.View()
	}
}
