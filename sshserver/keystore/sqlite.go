package keystore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver: no cgo for the default store
)

// OpenSQLite opens (or makes) the SQLite store at path: the file is made
// 0600 in a 0700 folder; an existing file that group or others can read or
// write is refused (whoever writes it can bind their key to anyone).
func OpenSQLite(ctx context.Context, path string, o Options) (Store, error) {
	if err := sqliteFile(path); err != nil {
		return nil, err
	}
	// WAL lets readers run beside the one writer; busy_timeout makes a
	// second writer wait instead of failing; _txlock=immediate takes the
	// write lock when a transaction begins (the migration).
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("keystore (sqlite %s): %w", path, err)
	}
	return newSQLStore(ctx, db, dialect{name: "sqlite"}, "sqlite "+path, o)
}

func sqliteFile(path string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("keystore: %w", err)
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
		if err != nil {
			return fmt.Errorf("keystore: %w", err)
		}
		return f.Close()
	case err != nil:
		return fmt.Errorf("keystore: %w", err)
	case !st.Mode().IsRegular():
		return fmt.Errorf("keystore: %s is not a file", path)
	case st.Mode().Perm()&0o077 != 0:
		return fmt.Errorf("keystore: %s has mode %04o, so others can read or change which key signs in as whom; run `chmod 600 %s`",
			path, st.Mode().Perm(), path)
	}
	return nil
}
