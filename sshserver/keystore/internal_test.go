package keystore_test

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite"
)

// bumpSchema records a schema version this program does not know, as a
// newer program would.
func bumpSchema(t *testing.T, path string, v int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO keystore_migrations (version, what, applied_at) VALUES (?, 'from the future', 0)`, v); err != nil {
		t.Fatal(err)
	}
}
