package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"

	"modernc.org/sqlite"
)

// OpenSQLite opens (creating if needed) the SQLite store in the file at path and brings its
// schema up to date (WithoutMigrating: neither). A new file is created readable by its owner
// only: it holds password hashes and encrypted secrets. The directory must exist.
func OpenSQLite(ctx context.Context, path string, opts ...Option) (*DB, error) {
	if newOptions(opts).noMigrate {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("open sqlite store: %w", err)
		}
	} else if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	connector, err := sqlite.NewConnector(sqliteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	db, err := open(ctx, sql.OpenDB(connector), sqliteDialect(), path, opts)
	if err != nil {
		return nil, err
	}
	if db.nonceConn, err = openNonceConn(path, db.sql); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	return db, nil
}

// sqliteDSN names the file and the settings every pooled connection gets:
//   - journal_mode(WAL): readers and the writer do not block each other;
//   - synchronous(FULL): a commit is on disk before Update returns (acknowledged writes survive a
//     power cut, not only a crash);
//   - busy_timeout(5000): wait up to 5 s for another connection's or process's write lock;
//   - foreign_keys(1): SQLite enforces references only when asked, per connection;
//   - _txlock=immediate: read-write transactions take the write lock at BEGIN, so one that reads
//     and then writes cannot fail with SQLITE_BUSY when it would upgrade its lock. (Update writes
//     first, the revision bump, so it takes the lock at once regardless; the migration runner
//     reads before it writes.)
func sqliteDSN(path string) string {
	return sqliteDSNWith(path, "synchronous(FULL)")
}

// sqliteDSNWith is sqliteDSN with other pragmas in place of synchronous(FULL).
func sqliteDSNWith(path string, pragmas ...string) string {
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath()}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	u.RawQuery = q.Encode()
	return u.String()
}
