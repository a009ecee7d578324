package keystore

import (
	"context"
	"fmt"
	"time"
)

// migration is one numbered change of the schema. Migrations are only
// ever appended: a database records the versions it has, and one made by
// a newer program (a version this one does not know) is refused.
type migration struct {
	version int
	what    string
	stmts   []string
}

var migrations = []migration{
	{1, "remembered keys", []string{
		`CREATE TABLE remembered_keys (
			fingerprint    TEXT PRIMARY KEY,
			user_id        TEXT NOT NULL,
			key_type       TEXT NOT NULL,
			public_key     TEXT NOT NULL,
			comment        TEXT NOT NULL DEFAULT '',
			added_at       BIGINT NOT NULL,
			added_from     TEXT NOT NULL DEFAULT '',
			last_used_at   BIGINT,
			last_used_from TEXT NOT NULL DEFAULT '',
			expires_at     BIGINT NOT NULL
		)`,
		`CREATE INDEX remembered_keys_user ON remembered_keys (user_id)`,
		`CREATE INDEX remembered_keys_expiry ON remembered_keys (expires_at)`,
	}},
}

// SchemaVersion is the newest schema this program knows.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

// migrate brings the schema up to date in one transaction (times are unix
// milliseconds in both databases).
func (s *sqlStore) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap("open the database", err)
	}
	defer func() { _ = tx.Rollback() }()
	if s.d.lock != "" {
		if _, err := tx.ExecContext(ctx, s.d.lock); err != nil {
			return s.wrap("lock the schema", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS keystore_migrations (
		version BIGINT PRIMARY KEY, what TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return s.wrap("record the schema version", err)
	}
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM keystore_migrations`).Scan(&have); err != nil {
		return s.wrap("read the schema version", err)
	}
	if have > SchemaVersion() {
		return fmt.Errorf("keystore (%s): the database has schema version %d, made by a newer logto-account; this one knows up to %d",
			s.desc, have, SchemaVersion())
	}
	for _, m := range migrations {
		if m.version <= have {
			continue
		}
		for _, q := range m.stmts {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return s.wrap(fmt.Sprintf("migrate to version %d (%s)", m.version, m.what), err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO keystore_migrations (version, what, applied_at) VALUES ($1, $2, $3)`,
			m.version, m.what, time.Now().UnixMilli()); err != nil {
			return s.wrap("record the schema version", err)
		}
	}
	return s.wrap("migrate", tx.Commit())
}
