package common

import (
	"context"
	"fmt"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
)

// ScreenID names the part of the program that asked for something: replies
// go back to it and to nothing else.
type ScreenID string

// The program's parts that make requests.
const (
	SignInID     ScreenID = "signin"
	PickerID     ScreenID = "picker"
	ProofID      ScreenID = "proof"
	RootID       ScreenID = "root"
	ProfileID    ScreenID = "profile"
	ContactID    ScreenID = "contact"
	PasswordID   ScreenID = "password"
	IdentitiesID ScreenID = "identities"
	MFAID        ScreenID = "mfa"
	TokensID     ScreenID = "tokens"
	SessionsID   ScreenID = "sessions"
	DangerID     ScreenID = "danger"
	CheckupID    ScreenID = "checkup"
)

// ReplyMsg is the answer to a request (or a message a screen sent itself),
// addressed to the part that made it. The root delivers Msg to Owner only,
// and drops it when Gen is not the account the screens serve now; Owner's
// Requests then drops it when a newer request of the same Kind was made.
type ReplyMsg struct {
	Owner ScreenID
	// Kind groups requests where a newer one makes an older one's answer
	// stale ("load", "save", ...); "" is a message a screen sent itself.
	Kind string
	Seq  uint64
	Gen  int
	Msg  tea.Msg
}

// Disposer is a reply holding something to release when nobody takes it
// (it was stale when it arrived).
type Disposer interface{ Dispose() }

// CrashMsg reports a panic inside a request: the root ends the program as it
// does for a panic in Update.
type CrashMsg struct {
	Value any
	Stack []byte
}

// Requests makes one part's requests and tells its current replies from
// stale ones. It lives on the UI goroutine only; the commands it makes copy
// what they need and never touch it.
type Requests struct {
	c      *Common
	owner  ScreenID
	latest map[string]uint64
	cancel map[string]context.CancelFunc
	// person are the kinds whose latest request waits on a person.
	person map[string]bool
}

// NewRequests makes the request maker of owner.
func NewRequests(c *Common, owner ScreenID) Requests {
	return Requests{c: c, owner: owner, latest: map[string]uint64{}, cancel: map[string]context.CancelFunc{}, person: map[string]bool{}}
}

// Owner is who the replies are addressed to.
func (r *Requests) Owner() ScreenID { return r.owner }

// Do returns a command that runs fn off the UI goroutine with the program's
// context (cancelled when the program ends or its SSH session closes) and
// addresses what fn returns to the owner. A newer request of the same kind
// makes this one's reply stale.
func (r *Requests) Do(kind string, fn func(ctx context.Context) tea.Msg) tea.Cmd {
	return r.make(kind, fn, false)
}

// Wait is Do for a request that waits on a person (a device approval, a
// browser coming back): it may take minutes, and tests know it will not end
// by itself.
func (r *Requests) Wait(kind string, fn func(ctx context.Context) tea.Msg) tea.Cmd {
	return r.make(kind, fn, true)
}

func (r *Requests) make(kind string, fn func(ctx context.Context) tea.Msg, waits bool) tea.Cmd {
	if kind == "" {
		panic("common: a request needs a kind")
	}
	seq := r.c.nextSeq()
	ctx, cancel := context.WithCancel(r.c.Ctx)
	r.latest[kind] = seq
	r.cancel[kind] = cancel
	r.person[kind] = waits
	owner, gen, observe := r.owner, r.c.Gen, r.c.WaitObserver
	return func() (out tea.Msg) {
		if waits && observe != nil {
			observe(owner)
		}
		defer cancel()
		defer func() {
			if v := recover(); v != nil {
				out = CrashMsg{Value: fmt.Sprint(v), Stack: debug.Stack()}
			}
		}()
		return ReplyMsg{Owner: owner, Kind: kind, Seq: seq, Gen: gen, Msg: fn(ctx)}
	}
}

// Send returns a command that delivers msg to the owner alone (an action
// handed to itself, e.g. after a proof check that needed no prompt).
func (r *Requests) Send(msg tea.Msg) tea.Cmd {
	reply := ReplyMsg{Owner: r.owner, Gen: r.c.Gen, Msg: msg}
	return func() tea.Msg { return reply }
}

// Accept reports whether reply is the owner's current answer of its kind;
// it then marks that kind as answered.
func (r *Requests) Accept(reply ReplyMsg) bool {
	if reply.Owner != r.owner {
		return false
	}
	if reply.Kind == "" {
		return true
	}
	if seq, ok := r.latest[reply.Kind]; !ok || seq != reply.Seq {
		return false
	}
	delete(r.latest, reply.Kind)
	r.cancel[reply.Kind]()
	delete(r.cancel, reply.Kind)
	delete(r.person, reply.Kind)
	return true
}

// Pending reports whether a request of kind awaits its reply.
func (r *Requests) Pending(kind string) bool {
	_, ok := r.latest[kind]
	return ok
}

// Busy reports whether a request awaits Logto's reply; one that waits on a
// person (Wait: a browser coming back) does not count, so nothing says
// "waiting for Logto" meanwhile.
func (r *Requests) Busy() bool {
	for kind := range r.latest {
		if !r.person[kind] {
			return true
		}
	}
	return false
}

// Drop forgets the request of kind (its reply will be stale) and cancels it.
func (r *Requests) Drop(kind string) {
	if cancel := r.cancel[kind]; cancel != nil {
		cancel()
	}
	delete(r.latest, kind)
	delete(r.cancel, kind)
	delete(r.person, kind)
}

// DropAll forgets and cancels every request (the part is going away).
func (r *Requests) DropAll() {
	for kind := range r.latest {
		r.Drop(kind)
	}
}

// NeedProofMsg asks the root for a proof of the user before Then is handed
// back to Owner. No closure is kept: Then is a plain message the owner
// handles like any other, and the root drops it on Esc, a screen switch, a
// sign-out or an account switch.
type NeedProofMsg struct {
	Owner ScreenID
	Gen   int
	Then  tea.Msg
	// Always asks even when the last proof is fresh (account deletion).
	Always bool
	// Refused is set when Logto refused the proof Then needed (the Account
	// API's record expired): the root asks again, once, and says so when a
	// proof just given is refused again.
	Refused bool
}

// Base is what every screen embeds: the program's Common and the screen's
// requests.
type Base struct {
	C   *Common
	Req Requests
}

// NewBase makes a screen's base.
func NewBase(c *Common, id ScreenID) Base { return Base{C: c, Req: NewRequests(c, id)} }

// ID names the screen (replies are addressed to it).
func (b *Base) ID() ScreenID { return b.Req.owner }

// Requests are the screen's requests (the root checks replies with them).
func (b *Base) Requests() *Requests { return &b.Req }

// Common is the program's shared context (tests read its clock and counters).
func (b *Base) Common() *Common { return b.C }

// Busy implements Screen: a request of the screen awaits its reply.
func (b *Base) Busy() bool { return b.Req.Busy() }

// Guard hands then back to the screen at once when the user's last proof is
// fresh, and otherwise asks the root for a proof first.
func (b *Base) Guard(then tea.Msg) tea.Cmd {
	if b.C.Proof.Fresh() {
		return b.Req.Send(then)
	}
	return b.needProof(then, false, false)
}

// GuardAlways asks for a proof whatever the window (account deletion).
func (b *Base) GuardAlways(then tea.Msg) tea.Cmd { return b.needProof(then, true, false) }

// Reprove handles Logto refusing a proof (the Account API's verification
// record expired or was never made): the root asks again and then hands
// then back. ok is false for any other error.
func (b *Base) Reprove(err error, then tea.Msg) (tea.Cmd, bool) {
	if !ProofRefused(err) {
		return nil, false
	}
	b.C.Proof.Forget()
	return b.needProof(then, false, true), true
}

func (b *Base) needProof(then tea.Msg, always, refused bool) tea.Cmd {
	msg := NeedProofMsg{Owner: b.Req.owner, Gen: b.C.Gen, Then: then, Always: always, Refused: refused}
	return func() tea.Msg { return msg }
}
