package tui

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/danger"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// The model-based random walk: the whole root model, in each mode, against
// the emulator, driven by random keys, pastes, window sizes, clock jumps,
// sign-in expiries and (admin) account switches, with replies reordered
// and delayed across steps. After every step it checks what a user must be
// able to rely on:
//   - nothing panics, at any size;
//   - from 60×20 up every line fits the width and the view the height (and
//     the profile's selected row shows); below, the "too small" notice;
//   - every write Logto receives comes from a key that asks for a write in
//     the state it was pressed (enter, y, s, ctrl+s, r/ctrl+r on a screen
//     whose keys offer it), from the screen that was active or the proof
//     prompt's owner, and never after the user cancelled that owner's
//     action;
//   - no secret (password, M2M secret, TOTP secret, backup code) on screen.
// `go test` walks a few thousand steps per mode from a fresh seed (printed
// on failure: LOGTO_WALK_SEED replays it); LOGTO_WALK_STEPS or
// LOGTO_WALK_FOR (a duration) walk longer, and FuzzWalk lets the fuzzer
// choose.

// chooser picks the walk's next move.
type chooser interface{ IntN(n int) int }

// byteChooser reads choices from fuzz input; exhausted, the walk stops.
type byteChooser struct {
	data []byte
	done bool
}

func (b *byteChooser) IntN(n int) int {
	if len(b.data) == 0 {
		b.done = true
		return 0
	}
	v := int(b.data[0])
	b.data = b.data[1:]
	return v % n
}

// walkKeys are every key a binding names plus the ones every text field
// and list reads.
func walkKeys(m *Model) []string {
	seen := map[string]bool{}
	var out []string
	add := func(ks ...string) {
		for _, k := range ks {
			if k != "" && !seen[k] && k != "ctrl+c" {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	addMap := func(groups [][]key.Binding) {
		for _, g := range groups {
			for _, b := range g {
				add(b.Keys()...)
			}
		}
	}
	addMap(m.keys.FullHelp())
	for _, s := range m.screens {
		addMap(s.KeyMap().FullHelp())
	}
	add("enter", "esc", "tab", "shift+tab", "up", "down", "left", "right", "backspace", "pgup", "pgdown",
		"ctrl+s", "ctrl+r", "ctrl+u", "ctrl+y", "y", "n", "s", "x", "U", "/", "1", "2", "3", "4", "5", "6", "7", "8", "?",
		"c", "w", "o", "ctrl+o", "ctrl+t", "home", "end", "g", "G", "v", "d")
	return out
}

// keyOf builds a key press from a binding's name.
func keyOf(name string) tea.KeyPressMsg {
	codes := map[string]rune{"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "delete": tea.KeyDelete, "home": tea.KeyHome, "end": tea.KeyEnd}
	if c, ok := codes[name]; ok {
		return tea.KeyPressMsg{Code: c}
	}
	if len([]rune(name)) == 1 {
		return tea.KeyPressMsg{Code: []rune(name)[0], Text: name}
	}
	return tt.Key(name)
}

// writeKeys are the keys that may ask for a write.
// (tab on the proof prompt switches to a code, which sends one).
var writeKeys = map[string]bool{"enter": true, "y": true, "Y": true, "s": true, "ctrl+s": true, "r": true, "ctrl+r": true, "tab": true}

type tagged struct {
	msg tea.Msg
	tag int
}

type stepInfo struct {
	key       string
	writeKey  bool // the key asks for a write in the state it was pressed
	active    common.ScreenID
	promptFor common.ScreenID // the proof prompt's owner, when it showed
}

// walker holds one walk.
type walker struct {
	t testing.TB
	// lang is the walk's language, chosen at random: every screen in each
	// language is held to the same invariants (a Chinese character takes
	// two cells, French sentences are longer).
	lang *i18n.Localizer
	// calm delivers in order and holds nothing back (the walk's setup).
	calm    bool
	mode    string
	rnd     chooser
	m       *Model
	env     *tt.Env
	clock   *tt.Clock
	keys    []string
	steps   []stepInfo
	delayed []tagged
	// cancelled is the last step at which the user cancelled each owner's
	// action (esc on its prompt or its form).
	cancelled map[common.ScreenID]int
	secrets   []string
	seenLog   int
	waits     chan struct{}
	log       []string
}

func (w *walker) fail(format string, args ...any) {
	w.t.Helper()
	tail := w.log
	if len(tail) > 25 {
		tail = tail[len(tail)-25:]
	}
	w.t.Fatalf("walk %s, step %d: %s\nlast moves: %s\nscreen:\n%s", w.mode, len(w.steps), fmt.Sprintf(format, args...),
		strings.Join(tail, " "), redactWalk(tt.Plain(w.m.View().Content), w.secrets))
}

func redactWalk(s string, secrets []string) string {
	for _, x := range secrets {
		s = strings.ReplaceAll(s, x, "«secret»")
	}
	return s
}

// newWalker builds a signed-in program of mode on a seeded emulator.
func newWalker(t testing.TB, mode string, rnd chooser) *walker {
	w := &walker{t: t, mode: mode, rnd: rnd, cancelled: map[common.ScreenID]int{}, waits: make(chan struct{}, 16)}
	w.clock = tt.NewClock(tt.Epoch)
	lang := i18n.Languages()[rnd.IntN(len(i18n.Languages()))]
	w.lang = i18n.New(lang)
	switch mode {
	case "account":
		aenv := tt.NewAccountEnv(t)
		w.env = &tt.Env{Emu: aenv.Emu, URL: aenv.URL}
		w.m = New(Options{Language: lang, Tenant: "tenant.example", Flow: instantFlow{acct: aenv.Account}, NoColor: true, Clock: w.clock,
			ClientID: emulator.DefaultDeviceAppID})
	case "admin":
		w.env = tt.NewEnv(t)
		w.env.Emu.SeedUser(emulator.UserSeed{ID: "operator0001", Username: "grace", Name: "Grace Hopper", Password: tt.Password})
		w.env.Emu.SeedUser(emulator.UserSeed{ID: "charles00001", Username: "charles", Email: "charles@example.com", Name: "Charles Babbage"})
		client := w.env.Client
		w.m = New(Options{Language: lang, Tenant: "tenant.example", NoColor: true, Clock: w.clock, Admin: true,
			Flow:   instantFlow{acct: logto.NewManagementAccount(client, "operator0001")},
			Danger: dangerAdmin(), Users: client,
			ActOn: func(id string) Account { return logto.NewManagementAccount(client, id) }})
	default:
		w.env = tt.NewEnv(t)
		w.m = New(Options{Language: lang, Tenant: "tenant.example", Badge: "DEMO", Flow: instantFlow{acct: w.env.Account}, NoColor: true,
			Clock: w.clock, ClientID: emulator.DefaultDeviceAppID})
	}
	emu := w.env.Emu
	secret := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	emu.SeedTOTP(tt.UserID, secret)
	codes := emu.SeedBackupCodes(tt.UserID, 7)
	emu.SeedWebAuthn(tt.UserID, "YubiKey", "Firefox on Linux", tt.Epoch.Add(-time.Hour))
	expires := tt.Epoch.Add(30 * 24 * time.Hour)
	emu.SeedPAT(tt.UserID, "ci", &expires)
	emu.SeedPAT(tt.UserID, "laptop", nil)
	emu.SeedSession(tt.UserID, emulator.SessionOptions{IP: "203.0.113.7", UserAgent: "Firefox on Linux", Country: "GB", Offline: true})
	emu.SeedSession(tt.UserID, emulator.SessionOptions{IP: "198.51.100.2", UserAgent: "Safari on iPhone", ClientID: "acme-web"})
	w.secrets = append([]string{tt.Password, emulator.DefaultM2MAppSecret, secret}, codes...)
	// The walk's sign-in flow approves at once; a browser never comes back.
	w.m.c.WaitObserver = func(owner common.ScreenID) {
		if owner == common.SignInID {
			return
		}
		select {
		case w.waits <- struct{}{}:
		default:
		}
	}
	w.keys = walkKeys(w.m)
	w.calm = true
	w.deliver(tagged{msg: tea.WindowSizeMsg{Width: 100, Height: 30}, tag: -1})
	for _, msg := range tt.Run(w.m.signin.Init()) {
		w.deliver(tagged{msg: msg, tag: -1})
	}
	w.calm = false
	if w.m.signing {
		t.Fatalf("walk %s: not signed in", mode)
	}
	w.seenLog = len(emu.Requests())
	return w
}

// step makes one random move and checks the invariants.
func (w *walker) step() {
	w.t.Helper()
	i := len(w.steps)
	info := stepInfo{active: w.activeID(), promptFor: w.m.proof.Owner()}
	var msgs []tea.Msg
	switch r := w.rnd.IntN(100); {
	case r < 62:
		name := w.keys[w.rnd.IntN(len(w.keys))]
		info.key = name
		info.writeKey = writeKeys[name] && (name == "enter" || w.offered(name))
		msgs = append(msgs, keyOf(name))
		if name == "esc" {
			owner := info.active
			if info.promptFor != "" {
				owner = info.promptFor
			}
			w.cancelled[owner] = i
		}
	case r < 75:
		text := []string{"a", "Z", "7", " ", "é", "中", "@", ".", "-", "😀", "\u202e"}[w.rnd.IntN(11)]
		for n := w.rnd.IntN(4) + 1; n > 0; n-- {
			msgs = append(msgs, tea.KeyPressMsg{Code: []rune(text)[0], Text: text})
		}
		info.key = "text"
	case r < 78:
		// Wide text too: a row of CJK or emoji is twice as wide as its runes.
		unit := []string{"pasted ", "貼り付け", "🔑"}[w.rnd.IntN(3)]
		msgs = append(msgs, tea.PasteMsg{Content: strings.Repeat(unit, w.rnd.IntN(50))})
		info.key = "paste"
	case r < 84:
		msgs = append(msgs, tea.WindowSizeMsg{Width: 40 + w.rnd.IntN(161), Height: 10 + w.rnd.IntN(51)})
		info.key = "resize"
	case r < 90:
		msgs = append(msgs, w.clock.Advance(time.Duration(w.rnd.IntN(120))*time.Second)...)
		info.key = "clock"
	case r < 97:
		n := len(w.delayed)
		if n > 0 { // the late replies arrive, in any order
			k := w.rnd.IntN(n)
			late := w.delayed[k]
			w.delayed = append(w.delayed[:k], w.delayed[k+1:]...)
			w.steps = append(w.steps, stepInfo{key: "late", active: info.active, promptFor: info.promptFor})
			w.log = append(w.log, "late")
			w.deliver(late)
			w.check()
			return
		}
		info.key = "none"
	case r < 99:
		msgs = append(msgs, common.SessionExpiredMsg{})
		info.key = "expiry"
	default:
		msgs = append(msgs, common.ErrMsg{Err: fmt.Errorf("injected")})
		info.key = "error"
	}
	w.steps = append(w.steps, info)
	w.log = append(w.log, info.key)
	for _, msg := range msgs {
		w.deliver(tagged{msg: msg, tag: i})
	}
	w.check()
}

// offered reports whether the active screen (or the prompt) lists the key
// in its help for the state on screen.
func (w *walker) offered(name string) bool {
	km := w.m.current().KeyMap()
	if w.m.proof.Active() {
		km = w.m.proof.KeyMap()
	}
	for _, g := range km.FullHelp() {
		for _, b := range g {
			for _, k := range b.Keys() {
				if k == name && b.Enabled() {
					return true
				}
			}
		}
	}
	return false
}

func (w *walker) activeID() common.ScreenID {
	if w.m.signing || w.m.picking() {
		return ""
	}
	if w.m.checking {
		return common.CheckupID // it only reads: any write while it shows fails the walk
	}
	return w.m.screens[w.m.active].ID()
}

// deliver gives one message to the program and runs what follows, one
// command at a time; some replies are held back for a later step.
func (w *walker) deliver(first tagged) {
	queue := []tagged{first}
	for n := 0; len(queue) > 0; n++ {
		if n > 2000 {
			w.fail("the program keeps producing messages (a loop)")
		}
		k := 0
		if len(queue) > 1 && !w.calm { // replies arrive in any order
			k = w.rnd.IntN(len(queue))
		}
		next := queue[k]
		queue = append(queue[:k], queue[k+1:]...)
		if _, quit := next.msg.(tea.QuitMsg); quit {
			continue // the program would end here; the walk goes on
		}
		_, cmd := w.m.Update(next.msg)
		if c := w.m.Crash(); c != nil {
			w.fail("panic: %s\n%s", c.Value, c.Stack)
		}
		for _, out := range w.run(cmd, next.tag) {
			if _, reply := out.msg.(common.ReplyMsg); reply && !w.calm && w.rnd.IntN(5) == 0 {
				w.delayed = append(w.delayed, out) // arrives in a later step
				continue
			}
			queue = append(queue, out)
		}
	}
}

// run executes cmd (batches one by one), attributing the writes each
// command makes to the step that caused it.
func (w *walker) run(cmd tea.Cmd, tag int) []tagged {
	var out []tagged
	cmds := []tea.Cmd{cmd}
	for len(cmds) > 0 {
		c := cmds[0]
		cmds = cmds[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-w.waits:
			continue // waits on a person: never answers in the walk
		case <-time.After(tt.Deadline):
			w.fail("a command ran for %s", tt.Deadline)
		}
		w.attribute(msg, tag)
		switch m := msg.(type) {
		case tea.BatchMsg:
			cmds = append(append([]tea.Cmd(nil), m...), cmds...)
		case nil:
		default:
			if strings.HasSuffix(fmt.Sprintf("%T", msg), "sequenceMsg") {
				continue
			}
			out = append(out, tagged{msg: msg, tag: tag})
		}
	}
	return out
}

// attribute checks the writes Logto received while a command ran.
func (w *walker) attribute(result tea.Msg, tag int) {
	log := w.env.Emu.Requests()
	fresh := log[w.seenLog:]
	w.seenLog = len(log)
	for _, r := range fresh {
		if r.Method == http.MethodGet || !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		owner := common.ScreenID("?")
		if rep, ok := result.(common.ReplyMsg); ok {
			owner = rep.Owner
		}
		if tag < 0 {
			w.fail("%s %s without any key", r.Method, r.Path)
		}
		s := w.steps[tag]
		switch {
		case !s.writeKey:
			w.fail("%s %s after %q, which asks for no write there (screen %s, prompt %q)", r.Method, r.Path, s.key, s.active, s.promptFor)
		case s.promptFor != "" && owner != common.ProofID && owner != s.promptFor:
			w.fail("%s %s by %s after the prompt of %s was answered", r.Method, r.Path, owner, s.promptFor)
		case s.promptFor == "" && owner != s.active && owner != common.ProofID:
			w.fail("%s %s by %s while %s was on screen", r.Method, r.Path, owner, s.active)
		}
		if c, ok := w.cancelled[owner]; ok && c > tag {
			w.fail("%s %s by %s, asked at step %d and cancelled at step %d", r.Method, r.Path, owner, tag, c)
		}
	}
}

// check verifies the invariants of the screen as it is now.
func (w *walker) check() {
	w.t.Helper()
	view := w.m.View().Content
	if c := w.m.Crash(); c != nil {
		w.fail("panic while drawing: %s\n%s", c.Value, c.Stack)
	}
	plain := ansi.Strip(view)
	for _, s := range w.secrets {
		if strings.Contains(plain, s) {
			w.fail("a secret is on screen")
		}
	}
	lines := strings.Split(view, "\n")
	if w.m.w < MinWidth || w.m.h < MinHeight {
		if small := w.tooSmall(); w.m.w >= 4 && w.m.h >= 2 && !strings.Contains(plain, small) {
			w.fail("no %q notice at %d×%d", small, w.m.w, w.m.h)
		}
		return
	}
	if len(lines) > w.m.h {
		w.fail("%d lines in a %d-line window", len(lines), w.m.h)
	}
	for i, l := range lines {
		if width := ansi.StringWidth(l); width > w.m.w {
			w.fail("line %d is %d wide in a %d-wide window: %q", i, width, w.m.w, ansi.Strip(l))
		}
	}
	form, ok := w.m.current().(interface{ ShowsForm() bool })
	if w.activeID() == common.ProfileID && (!ok || form.ShowsForm()) && !w.m.full && !w.m.proof.Active() && w.m.loadErr == "" &&
		!w.profileLoading(plain) && !strings.Contains(plain, "›") {
		w.fail("the profile's selected row is not on screen")
	}
}

// tooSmall is the first words of the too-small notice in the walk's
// language ("Window too small", "窗口太小").
func (w *walker) tooSmall() string {
	first, _, _ := strings.Cut(w.lang.T("root.too_small", "W", 0, "H", 0, "MinW", 0, "MinH", 0), "\n")
	first, _, _ = strings.Cut(first, "(")
	first, _, _ = strings.Cut(first, "（")
	return strings.TrimSpace(first)
}

// profileLoading reports whether the profile says it is loading (the
// user's own, or the one admin mode acts on), in the walk's language.
func (w *walker) profileLoading(plain string) bool {
	if strings.Contains(plain, w.lang.T("profile.loading")) {
		return true
	}
	before, after, _ := strings.Cut(w.lang.T("profile.loading_of", "Name", "\x00"), "\x00")
	return strings.Contains(plain, before) && strings.Contains(plain, after)
}

func walkSteps(t *testing.T) (int, time.Duration) {
	steps := 2500
	if testing.Short() {
		steps = 500
	}
	if s, err := strconv.Atoi(os.Getenv("LOGTO_WALK_STEPS")); err == nil {
		steps = s
	}
	d, _ := time.ParseDuration(os.Getenv("LOGTO_WALK_FOR"))
	return steps, d
}

func walkSeed() uint64 {
	if s, err := strconv.ParseUint(os.Getenv("LOGTO_WALK_SEED"), 10, 64); err == nil {
		return s
	}
	return rand.Uint64()
}

func TestRandomWalk(t *testing.T) {
	steps, dur := walkSteps(t)
	for _, mode := range []string{"management", "account", "admin"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			seed := walkSeed()
			t.Logf("seed %d (LOGTO_WALK_SEED=%d replays this walk)", seed, seed)
			rnd := rand.New(rand.NewPCG(seed, seed^0x5eed))
			w := newWalker(t, mode, rnd)
			deadline := time.Now().Add(dur)
			total := 0
			for n := 0; n < steps || time.Now().Before(deadline); n++ {
				if len(w.steps) >= 400 { // a fresh program now and then: long walks stay fast
					w = newWalker(t, mode, rnd)
				}
				w.step()
				total++
			}
			t.Logf("%d steps", total)
		})
	}
}

// FuzzWalk lets the fuzzer choose the moves (go test -fuzz FuzzWalk ./tui/).
func FuzzWalk(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3}, uint8(0))
	f.Add([]byte("\x05\x10\x20\x30\x40\x50\x60\x70\x80\x90"), uint8(1))
	f.Fuzz(func(t *testing.T, moves []byte, mode uint8) {
		b := &byteChooser{data: moves}
		w := newWalker(t, []string{"management", "account", "admin"}[int(mode)%3], b)
		for !b.done {
			w.step()
		}
	})
}

func dangerAdmin() danger.Deps { return danger.Deps{Admin: true} }
