package keystore

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// OpenPostgres opens the PostgreSQL store at url (postgres://…; the
// password may also come from PGPASSWORD or a .pgpass file, as libpq
// reads them). Replicas sharing the database migrate one at a time.
func OpenPostgres(ctx context.Context, url string, o Options) (Store, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the URL, password included: not shown.
		return nil, fmt.Errorf("keystore: the postgres URL could not be read (it is not shown, as it may hold a password)")
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	desc := "postgres " + net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))) + "/" + cfg.Database
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("keystore (%s): %w", desc, err)
	}
	// The lock's key is "logtokey" in ASCII: any fixed number would do.
	return newSQLStore(ctx, db, dialect{name: "postgres", lock: "SELECT pg_advisory_xact_lock(7813593197935355257)"}, desc, o)
}
