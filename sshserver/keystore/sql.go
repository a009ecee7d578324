package keystore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// dialect is what differs between the databases; the statements are the
// same (both take $N placeholders and INSERT … ON CONFLICT).
type dialect struct {
	// name is "sqlite" or "postgres".
	name string
	// lock, when set, runs first in the migration transaction so that
	// replicas starting together migrate one at a time.
	lock string
}

// sqlStore is the Store over database/sql, for both databases.
type sqlStore struct {
	db   *sql.DB
	d    dialect
	now  func() time.Time
	desc string
}

// Options configure a store.
type Options struct {
	// Now is the clock deciding expiry; nil means time.Now.
	Now func() time.Time
}

func (o Options) clock() func() time.Time {
	if o.Now != nil {
		return o.Now
	}
	return time.Now
}

// Open opens the store target names: a postgres:// (or postgresql://) URL,
// or an SQLite file path (optionally written sqlite:PATH). The schema is
// brought up to date first.
func Open(ctx context.Context, target string, o Options) (Store, error) {
	switch {
	case strings.HasPrefix(target, "postgres://"), strings.HasPrefix(target, "postgresql://"):
		return OpenPostgres(ctx, target, o)
	case strings.TrimPrefix(target, "sqlite:") == "":
		return nil, errors.New("keystore: no store given (a file path or a postgres:// URL)")
	}
	return OpenSQLite(ctx, strings.TrimPrefix(target, "sqlite:"), o)
}

func newSQLStore(ctx context.Context, db *sql.DB, d dialect, desc string, o Options) (*sqlStore, error) {
	s := &sqlStore{db: db, d: d, now: o.clock(), desc: desc}
	if err := s.migrate(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// Describe implements Store.
func (s *sqlStore) Describe() string { return s.desc }

// Close implements Store.
func (s *sqlStore) Close() error { return s.db.Close() }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

const columns = `fingerprint, user_id, key_type, public_key, comment, added_at, added_from, last_used_at, last_used_from, expires_at`

// Remember implements Store. On a conflict every right-hand side reads the
// row as it was, so the user comparison holds for each column.
func (s *sqlStore) Remember(ctx context.Context, k Key) error {
	if !ValidFingerprint(k.Fingerprint) || k.UserID == "" {
		return fmt.Errorf("keystore: a key needs a SHA256 fingerprint and a user id")
	}
	if k.AddedAt.IsZero() {
		k.AddedAt = s.now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO remembered_keys (`+columns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, '', $8)
		ON CONFLICT (fingerprint) DO UPDATE SET
			user_id = excluded.user_id,
			key_type = excluded.key_type,
			public_key = excluded.public_key,
			expires_at = excluded.expires_at,
			comment = CASE WHEN `+sameLiveUser+` THEN remembered_keys.comment ELSE excluded.comment END,
			added_at = CASE WHEN `+sameLiveUser+` THEN remembered_keys.added_at ELSE excluded.added_at END,
			added_from = CASE WHEN `+sameLiveUser+` THEN remembered_keys.added_from ELSE excluded.added_from END,
			last_used_at = CASE WHEN `+sameLiveUser+` THEN remembered_keys.last_used_at ELSE NULL END,
			last_used_from = CASE WHEN `+sameLiveUser+` THEN remembered_keys.last_used_from ELSE '' END`,
		k.Fingerprint, k.UserID, k.Type, k.PublicKey, k.Comment, ms(k.AddedAt), k.AddedFrom, ms(k.ExpiresAt), ms(s.now()))
	return s.wrap("remember a key", err)
}

// sameLiveUser: the remembered row is this user's and has not expired (an
// expired one is remembered afresh). $9 is now.
const sameLiveUser = `(remembered_keys.user_id = excluded.user_id AND remembered_keys.expires_at > $9)`

// Lookup implements Store.
func (s *sqlStore) Lookup(ctx context.Context, fingerprint string) (*Key, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+columns+` FROM remembered_keys WHERE fingerprint = $1 AND expires_at > $2`,
		fingerprint, ms(s.now()))
	k, err := scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, s.wrap("look a key up", err)
	}
	return k, nil
}

// Used implements Store.
func (s *sqlStore) Used(ctx context.Context, fingerprint string, at time.Time, from string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE remembered_keys SET last_used_at = $2, last_used_from = $3 WHERE fingerprint = $1`,
		fingerprint, ms(at), from)
	return s.wrap("record a key's use", err)
}

// List implements Store.
func (s *sqlStore) List(ctx context.Context, userID string) ([]Key, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+columns+` FROM remembered_keys WHERE user_id = $1 AND expires_at > $2
		ORDER BY added_at DESC, fingerprint`, userID, ms(s.now()))
	if err != nil {
		return nil, s.wrap("list keys", err)
	}
	defer rows.Close()
	out := []Key{}
	for rows.Next() {
		k, err := scan(rows)
		if err != nil {
			return nil, s.wrap("list keys", err)
		}
		out = append(out, *k)
	}
	return out, s.wrap("list keys", rows.Err())
}

// Forget implements Store.
func (s *sqlStore) Forget(ctx context.Context, userID, fingerprint string) (bool, error) {
	n, err := s.delete(ctx, `DELETE FROM remembered_keys WHERE user_id = $1 AND fingerprint = $2`, userID, fingerprint)
	return n > 0, s.wrap("forget a key", err)
}

// ForgetUser implements Store.
func (s *sqlStore) ForgetUser(ctx context.Context, userID string) (int, error) {
	n, err := s.delete(ctx, `DELETE FROM remembered_keys WHERE user_id = $1`, userID)
	return n, s.wrap("forget a user's keys", err)
}

// Prune implements Store.
func (s *sqlStore) Prune(ctx context.Context) (int, error) {
	n, err := s.delete(ctx, `DELETE FROM remembered_keys WHERE expires_at <= $1`, ms(s.now()))
	return n, s.wrap("prune expired keys", err)
}

func (s *sqlStore) delete(ctx context.Context, q string, args ...any) (int, error) {
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// wrap names the store in an error (never its password: Describe has none).
func (s *sqlStore) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("keystore (%s): could not %s: %w", s.desc, what, err)
}

type scanner interface{ Scan(dest ...any) error }

func scan(r scanner) (*Key, error) {
	var k Key
	var added, expires int64
	var used sql.NullInt64
	if err := r.Scan(&k.Fingerprint, &k.UserID, &k.Type, &k.PublicKey, &k.Comment, &added, &k.AddedFrom, &used,
		&k.LastUsedFrom, &expires); err != nil {
		return nil, err
	}
	k.AddedAt, k.ExpiresAt = fromMS(added), fromMS(expires)
	if used.Valid {
		k.LastUsedAt = fromMS(used.Int64)
	}
	return &k, nil
}
