package sqlstore

import (
	"database/sql"
	"strconv"
	"strings"
)

// dialect holds everything that differs between the SQL backends; the rest of the package is
// written once, with ? placeholders.
type dialect struct {
	name string
	// dollar: PostgreSQL numbers its placeholders ($1, $2, ...).
	dollar bool
	// viewTx opens View's read-only snapshot transactions.
	viewTx *sql.TxOptions
	// lockMigrations runs first in the migration transaction so that nodes starting together
	// apply migrations one at a time ("" when the transaction itself is exclusive).
	lockMigrations string
	// migrations is the directory of this dialect's migration files.
	migrations string
	// oneWriter: the database has a single writer, so writes queue in the process (DB.writeSlot).
	oneWriter bool
	// lockRow ends a SELECT in an Update that must hold the rows it reads until the Update ends
	// ("" where the Update already excludes every other writer: SQLite's write slot).
	lockRow string
}

func sqliteDialect() dialect {
	return dialect{
		name: "sqlite",
		// A read-only BEGIN stays DEFERRED despite _txlock=immediate: it takes no write lock, and
		// WAL gives it a snapshot from its first read.
		viewTx:     &sql.TxOptions{ReadOnly: true},
		migrations: "migrations/sqlite",
		oneWriter:  true,
	}
}

// migrationLockKey is an arbitrary constant naming Rampart's migration lock among PostgreSQL
// advisory locks.
const migrationLockKey = 7_310_252_901_145_600_001

func postgresDialect() dialect {
	return dialect{
		name:           "postgres",
		dollar:         true,
		viewTx:         &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead},
		lockMigrations: "SELECT pg_advisory_xact_lock(" + strconv.FormatInt(migrationLockKey, 10) + ")",
		migrations:     "migrations/postgres",
		lockRow:        " FOR UPDATE",
	}
}

// rebind rewrites ? placeholders for the dialect. Rampart's statements contain no ? inside
// string literals, so a plain scan is exact.
func (d dialect) rebind(q string) string {
	if !d.dollar || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b.WriteByte(q[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}
