// Package keystore keeps the SSH keys users chose to remember in the SSH
// service: a key's SHA-256 fingerprint bound to a Logto user id, with when
// and where it was added and last used, and when it expires. The service
// signs a connection with a remembered key in as that user (once Logto says
// the user still exists and is not suspended) without the device flow.
//
// Keys live server-side only: an embedded SQLite file (one replica) or a
// PostgreSQL database (several replicas share it), behind one Store
// interface with one SQL implementation and a dialect for each. Never in
// the user's custom data: the user can write that.
//
// This package is the Go API for every surface that lists or forgets keys:
// the Sessions screen, the operator's `keys` command and the scriptable
// command line.
package keystore

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// ErrNotFound is a fingerprint that is not remembered (or has expired).
var ErrNotFound = errors.New("keystore: the key is not remembered")

// Key is one remembered SSH key.
type Key struct {
	// Fingerprint is the key's SHA-256 fingerprint as `ssh-keygen -l`
	// prints it ("SHA256:…", unpadded base64): the store's key.
	Fingerprint string `json:"fingerprint"`
	// UserID is the Logto user the key signs in as.
	UserID string `json:"user_id"`
	// Type is the key's algorithm (ssh-ed25519, ecdsa-sha2-nistp256, …).
	Type string `json:"type"`
	// PublicKey is the key in authorized_keys form, without a comment.
	PublicKey string `json:"public_key"`
	// Comment says where the key came from. SSH does not send a key's own
	// comment, so the service writes the client's software and login name.
	Comment string `json:"comment"`
	// AddedAt and AddedFrom are when and from which client address the
	// user chose to remember the key.
	AddedAt   time.Time `json:"added_at"`
	AddedFrom string    `json:"added_from"`
	// LastUsedAt and LastUsedFrom are the last sign-in with the key (zero
	// and "" before the first).
	LastUsedAt   time.Time `json:"last_used_at,omitzero"`
	LastUsedFrom string    `json:"last_used_from,omitempty"`
	// ExpiresAt ends the key's use: set from the lifetime at each device
	// sign-in, never moved by the key's own sign-ins.
	ExpiresAt time.Time `json:"expires_at"`
}

// Store keeps remembered keys. Every method is safe for concurrent use,
// and by several processes sharing one database.
type Store interface {
	// Remember binds k.Fingerprint to k.UserID until k.ExpiresAt. A key
	// already remembered for the same user keeps its AddedAt and last use
	// (the remembering is renewed); for another user it starts afresh.
	Remember(ctx context.Context, k Key) error
	// Lookup returns the key, or ErrNotFound when it is unknown or expired.
	Lookup(ctx context.Context, fingerprint string) (*Key, error)
	// Used records a sign-in with the key (it does not move the expiry).
	Used(ctx context.Context, fingerprint string, at time.Time, from string) error
	// List returns the user's keys that have not expired, newest first.
	List(ctx context.Context, userID string) ([]Key, error)
	// Forget removes one of the user's keys; false when the user had no
	// such key (another user's key is never touched).
	Forget(ctx context.Context, userID, fingerprint string) (bool, error)
	// ForgetUser removes every key of the user (account deleted or
	// suspended) and says how many there were.
	ForgetUser(ctx context.Context, userID string) (int, error)
	// Prune removes expired keys and says how many.
	Prune(ctx context.Context) (int, error)
	// Describe names the store for logs, without a password.
	Describe() string
	// Close releases the database.
	Close() error
}

// Fingerprint is pub's SHA-256 fingerprint as `ssh-keygen -l` prints it.
func Fingerprint(pub gossh.PublicKey) string {
	return gossh.FingerprintSHA256(pub)
}

// NewKey describes pub for Remember (the caller sets the user, the times
// and the addresses).
func NewKey(pub gossh.PublicKey) Key {
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pub)))
	return Key{Fingerprint: Fingerprint(pub), Type: pub.Type(), PublicKey: line}
}

// ShortFingerprint is the fingerprint cut for narrow places ("SHA256:" and
// the first 12 characters, as GitHub shows keys).
func ShortFingerprint(fp string) string {
	rest, ok := strings.CutPrefix(fp, "SHA256:")
	if !ok || len(rest) <= 12 {
		return fp
	}
	return "SHA256:" + rest[:12] + "…"
}

// ValidFingerprint reports whether fp is a SHA-256 key fingerprint as
// `ssh-keygen -l` prints it (commands check what an operator typed).
func ValidFingerprint(fp string) bool {
	rest, ok := strings.CutPrefix(fp, "SHA256:")
	if !ok {
		return false
	}
	b, err := base64.RawStdEncoding.DecodeString(rest)
	return err == nil && len(b) == sha256.Size
}
