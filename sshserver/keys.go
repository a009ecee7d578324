package sshserver

import (
	"context"
	"errors"
	"strings"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/sshserver/keystore"
	"github.com/logto-account/logto-account/tui"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/sessions"
)

// The second way in (docs/logto-behaviour.md#remembered-keys): a
// connection made with an SSH key the user chose to remember after a
// device sign-in signs in as the key's Logto user, once Logto says that
// user exists and is not suspended. Such a session holds no token and no
// grant: the server acts with its M2M token on that one user, as it does
// after a device sign-in, and the proof window starts expired, so every
// sensitive change still asks for the password or a code.

// RenewLogin is the SSH login name that skips the remembered key once
// (`ssh renew@host`): the device sign-in that follows renews the key.
const RenewLogin = "renew"

// Key sign-in outcomes, as logged and counted.
const (
	keyOK        = "ok"
	keyUnknown   = "unknown"
	keySuspended = "suspended"
	keyDeleted   = "deleted"
	keyLogto     = "logto_error"
	keyStore     = "store_error"
	keyFull      = "full"
)

// keysOn reports whether this server remembers keys.
func (s *Server) keysOn() bool { return s.cfg.Keys != nil }

// acceptAnyKey is the public-key handler: any key authenticates the
// connection (so that its key can be remembered after a device sign-in);
// only a remembered one skips the device flow, and that is decided per
// session, against the store and Logto.
func acceptAnyKey(ssh.Context, ssh.PublicKey) bool { return true }

// keyboardInteractive lets clients without a key in: no question is asked,
// the session signs in with the device flow.
func keyboardInteractive(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }

// Resume implements signin.Resumer: the sign-in with a remembered key.
// Any error but a suspension falls back to the device flow.
func (f *sessionFlow) Resume(ctx context.Context) (any, error) {
	se := f.se
	s := se.s
	if !s.keysOn() || se.pub == nil {
		return nil, auth.ErrSignInRequired
	}
	if strings.EqualFold(se.sess.User(), RenewLogin) {
		return nil, auth.ErrSignInRequired // the device flow, which renews the key
	}
	fp := keystore.Fingerprint(se.pub)
	k, err := s.cfg.Keys.Lookup(ctx, fp)
	if errors.Is(err, keystore.ErrNotFound) {
		s.metrics.keySignIn(keyUnknown)
		return nil, auth.ErrSignInRequired
	}
	if err != nil {
		s.metrics.keySignIn(keyStore)
		se.log.Warn("could not read the remembered keys; the device flow follows", "error", err)
		return nil, auth.ErrSignInRequired
	}
	log := se.log.With("user", k.UserID, "key", fp)
	u, err := f.Client.GetUser(ctx, k.UserID, logto.GetUserOptions{})
	switch {
	case logto.IsCode(err, "entity.not_found"):
		s.metrics.keySignIn(keyDeleted)
		n, ferr := s.cfg.Keys.ForgetUser(context.WithoutCancel(ctx), k.UserID)
		log.Info("a remembered key's user no longer exists; their keys are forgotten", "keys", n, "error", ferr)
		return nil, auth.ErrSignInRequired
	case err != nil:
		s.metrics.keySignIn(keyLogto)
		log.Warn("Logto did not say whether a remembered key's user may sign in; the device flow follows", "error", err)
		return nil, auth.ErrSignInRequired
	case u.IsSuspended:
		s.metrics.keySignIn(keySuspended)
		n, ferr := s.cfg.Keys.ForgetUser(context.WithoutCancel(ctx), k.UserID)
		log.Info("a remembered key's user is suspended; their keys are forgotten and the session ends", "keys", n, "error", ferr)
		suspended := se.loc.T("ssh.suspended")
		go se.p.Send(tui.ShutdownMsg{Reason: suspended, Grace: 5 * time.Second})
		return nil, common.Sentence(suspended)
	}
	if !se.slot.signIn() {
		s.metrics.keySignIn(keyFull)
		log.Info("signed in with a remembered key, but every signed-in place is taken")
		full := se.loc.T("ssh.full")
		go se.p.Send(tui.ShutdownMsg{Reason: full, Grace: 5 * time.Second})
		return nil, common.Sentence(full)
	}
	if err := s.cfg.Keys.Used(ctx, fp, time.Now(), se.slot.addr); err != nil {
		log.Warn("could not record the key's use", "error", err)
	}
	se.user.Store(k.UserID)
	se.byKey.Store(true)
	s.metrics.keySignIn(keyOK)
	s.metrics.signIn("key")
	log.Info("signed in with a remembered key")
	note := se.loc.T("ssh.key_opened", "Until", se.loc.Date(k.ExpiresAt.Local()))
	if time.Until(k.ExpiresAt) < 7*24*time.Hour {
		note = se.loc.T("ssh.key_opened_renew", "Until", se.loc.Date(k.ExpiresAt.Local()), "Login", RenewLogin)
	}
	return &tui.SignedIn{Account: logto.NewManagementAccount(f.Client, k.UserID), Display: u.DisplayName(), Note: note}, nil
}

// afterDeviceSignIn renews the session's key when it is already
// remembered for this user, and otherwise offers to remember it.
func (f *sessionFlow) afterDeviceSignIn(ctx context.Context, si *tui.SignedIn) {
	se := f.se
	s := se.s
	userID, _ := se.user.Load().(string)
	if !s.keysOn() || se.pub == nil || userID == "" {
		return
	}
	k := keystore.NewKey(se.pub)
	k.UserID, k.Comment, k.AddedFrom = userID, se.keyComment(), se.slot.addr
	short := keystore.ShortFingerprint(k.Fingerprint)
	if old, err := s.cfg.Keys.Lookup(ctx, k.Fingerprint); err == nil && old.UserID == userID {
		k.ExpiresAt = time.Now().Add(s.cfg.KeyLifetime)
		if err := s.cfg.Keys.Remember(ctx, k); err != nil {
			se.log.Warn("could not renew the remembered key", "user", userID, "key", k.Fingerprint, "error", err)
			return
		}
		se.log.Info("remembered key renewed by a device sign-in", "user", userID, "key", k.Fingerprint)
		si.Note = se.loc.T("ssh.key_renewed", "Key", short, "Until", se.loc.Date(k.ExpiresAt.Local()))
		return
	}
	days := int(s.cfg.KeyLifetime.Round(24*time.Hour) / (24 * time.Hour))
	si.Offer = &tui.Offer{
		Question: se.loc.N("ssh.remember_key", days, "Type", k.Type, "Key", short),
		Accept: func(ctx context.Context) (string, error) {
			k.ExpiresAt = time.Now().Add(s.cfg.KeyLifetime)
			if err := s.cfg.Keys.Remember(ctx, k); err != nil {
				se.log.Warn("could not remember a key", "user", userID, "key", k.Fingerprint, "error", err)
				return "", common.Sentence(se.loc.T("ssh.remember_failed"))
			}
			se.log.Info("key remembered", "user", userID, "key", k.Fingerprint)
			return se.loc.T("ssh.remembered", "Until", se.loc.Date(k.ExpiresAt.Local())), nil
		},
	}
}

// keyComment says where a key came from: SSH never sends a key's own
// comment, so it is the login name and the client's software.
func (se *session) keyComment() string {
	soft := strings.TrimPrefix(se.sess.Context().ClientVersion(), "SSH-2.0-")
	c := common.Clean(se.sess.User() + " via " + soft)
	if r := []rune(c); len(r) > 80 {
		c = string(r[:80])
	}
	return c
}

// sessionKeys are the signed-in user's remembered keys, for the Sessions
// screen (the user is the session's, never one the screen names).
type sessionKeys struct{ se *session }

// RememberedKeys implements sessions.SSHKeys.
func (k sessionKeys) RememberedKeys(ctx context.Context) ([]sessions.RememberedKey, error) {
	userID, _ := k.se.user.Load().(string)
	if userID == "" {
		return nil, nil
	}
	list, err := k.se.s.cfg.Keys.List(ctx, userID)
	if err != nil {
		k.se.log.Warn("could not list the remembered keys", "user", userID, "error", err)
		return nil, common.Sentence(k.se.loc.T("ssh.keys_unread"))
	}
	var current string
	if k.se.pub != nil {
		current = keystore.Fingerprint(k.se.pub)
	}
	out := make([]sessions.RememberedKey, len(list))
	for i, r := range list {
		out[i] = sessions.RememberedKey{Fingerprint: r.Fingerprint, Comment: r.Comment, AddedFrom: r.AddedFrom,
			LastUsedFrom: r.LastUsedFrom, Added: r.AddedAt, LastUsed: r.LastUsedAt, Expires: r.ExpiresAt, Current: r.Fingerprint == current}
	}
	return out, nil
}

// ForgetKey implements sessions.SSHKeys.
func (k sessionKeys) ForgetKey(ctx context.Context, fingerprint string) error {
	userID, _ := k.se.user.Load().(string)
	ok, err := k.se.s.cfg.Keys.Forget(ctx, userID, fingerprint)
	if err != nil {
		k.se.log.Warn("could not forget a remembered key", "user", userID, "key", fingerprint, "error", err)
		return common.Sentence(k.se.loc.T("ssh.forget_failed"))
	}
	if !ok {
		return common.Sentence(k.se.loc.T("ssh.already_forgotten"))
	}
	k.se.log.Info("remembered key forgotten by its user", "user", userID, "key", fingerprint)
	return nil
}

// forgetOnDeletion forgets the user's keys once their account is deleted.
func (se *session) forgetOnDeletion(ctx context.Context) error {
	userID, _ := se.user.Load().(string)
	if userID == "" {
		return nil
	}
	n, err := se.s.cfg.Keys.ForgetUser(ctx, userID)
	se.log.Info("account deleted; its remembered keys are forgotten", "user", userID, "keys", n, "error", err)
	return err
}

// pruneKeys removes expired keys now and then until ctx ends.
func (s *Server) pruneKeys(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := s.cfg.Keys.Prune(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Log.Warn("could not prune expired keys", "error", err)
		} else if n > 0 {
			s.cfg.Log.Info("expired remembered keys pruned", "keys", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
