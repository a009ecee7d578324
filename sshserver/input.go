package sshserver

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
)

// errInputEnded ends a session's program. It is how every program ends:
//
// The terminal reader under bubbletea (ultraviolet's TerminalReader) sends
// each parsed key into the program's message channel without watching
// whether the program still reads it. Once the event loop has stopped, a
// key that was on its way blocks that goroutine forever, holding the
// session's memory (about 2 MiB): one leak per client that disconnects
// while typing. So the event loop is never stopped first. Quitting, a
// disconnect, a panic or a shutdown closes the input instead; the reader
// then delivers what it had parsed to the still-running loop, returns this
// error, and only that error, passed through the program's own error
// channel, ends the loop. Nothing can be left sending to it.
var errInputEnded = errors.New("sshserver: the session's input ended")

// input is a program's keyboard: the bytes of the SSH channel until close.
type input struct {
	src  io.Reader
	data chan []byte
	done chan struct{}
	once sync.Once
	rest []byte       // what Read's caller had no room for (one reader only)
	last atomic.Int64 // when the user last typed (unix ns)
	// filter passes on only what the terminal reader can take (see
	// inputFilter); pump alone uses it.
	filter inputFilter
	// onCut, when set, is told (on pump's goroutine) of a paste cut short.
	onCut func()
}

func newInput(src io.Reader) *input {
	in := &input{src: src, data: make(chan []byte), done: make(chan struct{})}
	in.last.Store(time.Now().UnixNano())
	return in
}

// pump reads the channel until it ends (EOF when the client leaves) or the
// input is closed; it then closes the input, which ends the program.
func (in *input) pump() {
	defer in.close()
	buf := make([]byte, 1024)
	for {
		n, err := in.src.Read(buf)
		if n > 0 {
			in.last.Store(time.Now().UnixNano())
			cut := in.filter.cutPastes
			out := in.filter.filter(buf[:n], nil)
			if in.filter.cutPastes != cut && in.onCut != nil {
				in.onCut()
			}
			if len(out) > 0 {
				select {
				case in.data <- out:
				case <-in.done:
					return
				}
			}
		}
		if err != nil {
			return
		}
	}
}

// Read implements io.Reader for the program: after close it returns
// errInputEnded, at once, even to a Read already waiting.
func (in *input) Read(p []byte) (int, error) {
	if len(in.rest) == 0 {
		select {
		case <-in.done:
			return 0, errInputEnded
		case b := <-in.data:
			in.rest = b
		}
	}
	n := copy(p, in.rest)
	in.rest = in.rest[n:]
	return n, nil
}

// close stops input reaching the program, which then ends.
func (in *input) close() { in.once.Do(func() { close(in.done) }) }

// closed is closed once the input is.
func (in *input) closed() <-chan struct{} { return in.done }

// idleFor is how long the user has not typed.
func (in *input) idleFor() time.Duration { return time.Since(time.Unix(0, in.last.Load())) }

// guard wraps a session's model so that a panic in Update, View or a
// command ends that session the same way as a quit (by closing its input)
// instead of stopping the event loop under the terminal reader.
type guard struct {
	tea.Model
	in       *input
	panicked atomic.Value // the first panic's value, as text
}

// panicMsg carries a command's panic to Update.
type panicMsg struct{ value string }

func (g *guard) fail(r any) {
	g.panicked.CompareAndSwap(nil, fmt.Sprint(r))
	g.in.close()
}

// panicText is the first panic's value ("" when there was none).
func (g *guard) panicText() string {
	v, _ := g.panicked.Load().(string)
	return v
}

// Init implements tea.Model.
func (g *guard) Init() (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			g.fail(r)
			cmd = nil
		}
	}()
	return g.wrap(g.Model.Init())
}

// Update implements tea.Model.
func (g *guard) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	if p, ok := msg.(panicMsg); ok {
		g.fail(p.value)
	}
	if g.panicText() != "" {
		return g, nil
	}
	defer func() {
		if r := recover(); r != nil {
			g.fail(r)
			// Never a nil model: bubbletea would panic drawing it, print
			// the stack on the server's stdout and stop the event loop
			// under the terminal reader.
			model, cmd = g, nil
		}
	}()
	m, c := g.Model.Update(msg)
	g.Model = m
	return g, g.wrap(c)
}

// View implements tea.Model.
func (g *guard) View() (v tea.View) {
	if g.panicText() != "" {
		return tea.NewView("")
	}
	defer func() {
		if r := recover(); r != nil {
			g.fail(r)
			v = tea.NewView("")
		}
	}()
	v = g.Model.View()
	// The renderer parses the text outside any recover (see safeView).
	v.Content = safeView(v.Content)
	return v
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// wrap makes cmd report a panic as a panicMsg, and does the same for the
// commands of the batch or sequence it returns (both are slices of Cmd;
// bubbletea runs their elements itself).
func (g *guard) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = panicMsg{value: fmt.Sprint(r)}
			}
		}()
		msg = cmd()
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			for i := range v.Len() {
				if c, ok := v.Index(i).Interface().(tea.Cmd); ok && c != nil {
					v.Index(i).Set(reflect.ValueOf(g.wrap(c)))
				}
			}
		}
		return msg
	}
}
