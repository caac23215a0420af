// Package sqlstore implements store.Store once, over database/sql, for both SQLite (the default,
// through the pure-Go modernc.org/sqlite driver, so the binary stays static) and PostgreSQL
// (through pgx's database/sql adapter, for several nodes on one database).
//
// Why one implementation: the two schemas differ only in column types, and every statement Rampart
// needs (INSERT ... RETURNING, ON CONFLICT ... DO UPDATE ... WHERE, LIMIT) has the same text in both
// SQL dialects. Two implementations would be two places to get the domain's rules wrong. What does
// differ lives in one small dialect value: placeholder style (? versus $n), how a read-only
// transaction is opened, how migrations are serialised, and whether writers queue in the
// process. Driver errors are classified into store's sentinel errors in one function, classify,
// for both drivers (a database that cannot be reached becomes errs.ServiceUnavailable around
// store.ErrUnavailable). Online backup (VACUUM INTO) exists only for SQLite's single file;
// PostgreSQL has pg_dump.
//
// Writers are serialised by the database, not by Go: on SQLite every read-write transaction is
// BEGIN IMMEDIATE (the _txlock=immediate DSN key), so a transaction that reads and then writes can
// never fail with SQLITE_BUSY when it upgrades its lock; on PostgreSQL every Update first bumps the
// single revision row, whose row lock orders all writers (see DB.Update). Reads (View) run beside
// writers: WAL on SQLite, REPEATABLE READ READ ONLY on PostgreSQL, each a consistent snapshot.
//
// Watch learns of commits at once: every Update publishes its revision in the process after it
// commits, and on PostgreSQL also announces it with NOTIFY on the store's channel (one per
// schema), which one dedicated connection per store LISTENs to (listen.go); after that
// connection drops and comes back it reports the current revision, covering what it missed.
//
// The schema is created and upgraded by embedded, numbered migrations per dialect
// (migrations/<dialect>/NNNN_name.sql) applied by a small runner at Open; see migrate.go for how
// several nodes starting at once stay safe.
package sqlstore
