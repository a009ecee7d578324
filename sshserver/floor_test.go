package sshserver

import (
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
)

// floorServer is the yardstick of the SSH benchmarks: a bare wish server
// with one bubbletea program per session (wish's own middleware, no limits)
// whose screen is fixed from the first frame on. What a session of ours
// costs beyond it is ours.
type floorServer struct {
	addr   string
	active atomic.Int64 // sessions whose program is running
}

// floorScreen is about as much text as the sign-in screen's, so that both
// first frames carry a similar number of bytes.
var floorScreen = strings.Repeat("A static screen: the floor of a wish and bubbletea session.\n", 8) +
	"2. Enter this code:\n  B C D F - G H J K\nWaiting for approval…\n"

// staticModel draws floorScreen and never changes it; q quits.
type staticModel struct{}

func (staticModel) Init() tea.Cmd { return nil }

func (m staticModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "q" {
		return m, tea.Quit
	}
	return m, nil
}

func (staticModel) View() tea.View {
	v := tea.NewView(floorScreen)
	v.AltScreen = true
	return v
}

// startFloor serves the floor on a loopback port until the benchmark ends.
func startFloor(b testing.TB) *floorServer {
	b.Helper()
	f := &floorServer{}
	srv, err := wish.NewServer(
		wish.WithAddress("127.0.0.1:0"),
		wish.WithHostKeyPath(filepath.Join(b.TempDir(), "floor_ed25519")),
		wish.WithMiddleware(
			bm.Middleware(func(ssh.Session) (tea.Model, []tea.ProgramOption) { return staticModel{}, nil }),
			func(next ssh.Handler) ssh.Handler { // outermost: counts the whole session
				return func(s ssh.Session) {
					f.active.Add(1)
					defer f.active.Add(-1)
					next(s)
				}
			},
		),
	)
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Close() })
	f.addr = ln.Addr().String()
	return f
}
