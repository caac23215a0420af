package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/rampart-iam/rampart/internal/config"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
)

func newBackupCommand() *cobra.Command {
	cfg := config.Default()
	var to string
	cmd := &cobra.Command{
		Use:   "backup --to FILE",
		Short: "Copy the SQLite store consistently while the server runs",
		Long: `Write a consistent copy of the SQLite store to FILE. The server may keep running: the
copy is one transaction's snapshot, not a file copy that could catch a write half-done.

FILE is a complete SQLite database. To restore, stop the server, put it as rampart.db in a data
directory together with the master.key the store was created with, delete any rampart.db-wal
and rampart.db-shm there (a server that did not stop cleanly leaves them, and SQLite would
replay that WAL onto the restored file), and start 'rampart serve --data DIR'.
The backup does not contain the master key; without it the AccessKey secrets in the backup
cannot be decrypted, so keep the key (safely, and apart from the backup).

PostgreSQL stores are backed up with PostgreSQL's own tools, for example
  pg_dump --format=custom --file=rampart.dump "$RAMPART_POSTGRES_DSN"`,
		Example: `  # Back up the default data directory
  rampart backup --to rampart-$(date +%F).db

  # Restore on another machine
  mkdir -p /srv/rampart && cp rampart-2026-11-27.db /srv/rampart/rampart.db
  cp master.key /srv/rampart/ && chmod 600 /srv/rampart/master.key
  rampart serve --data /srv/rampart`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if to == "" {
				return usagef("backup: --to FILE is required")
			}
			switch cfg.Store {
			case config.StoreSQLite:
			case config.StorePostgres:
				return errors.New("backup copies SQLite stores only; back up PostgreSQL with pg_dump, " +
					`for example: pg_dump --format=custom --file=rampart.dump "$RAMPART_POSTGRES_DSN"`)
			default:
				return usagef("--store %q: want %s or %s", cfg.Store, config.StoreSQLite, config.StorePostgres)
			}
			n, err := backupSQLite(cmd, cfg.SQLitePath(), to)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Backed up %s to %s (%d bytes).\n"+
				"The backup does not include the master key (%s); keep a copy of it apart from the backup.\n",
				cfg.SQLitePath(), to, n, cfg.MasterKeyPath())
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&to, "to", "", "file to write the backup to (must not exist)")
	f.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory of the store to back up")
	f.StringVar(&cfg.Store, "store", cfg.Store, "store back end: sqlite (postgres: use pg_dump)")
	f.StringVar(&cfg.MasterKeyFile, "master-key-file", "", "master key file, named in the reminder only (default <data>/master.key)")
	return cmd
}

// backupSQLite writes the store at dbPath to a new file at to, atomically: the backup appears
// complete and synced, or not at all.
func backupSQLite(cmd *cobra.Command, dbPath, to string) (int64, error) {
	if _, err := os.Stat(dbPath); err != nil {
		return 0, fmt.Errorf("backup: no store at %s (wrong --data?): %w", dbPath, err)
	}
	if _, err := os.Lstat(to); err == nil {
		return 0, fmt.Errorf("backup: %s already exists; choose a new file", to)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("backup: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(to), "."+filepath.Base(to)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful link, only the temporary name goes
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return 0, fmt.Errorf("backup: %w", err)
	}
	// Not OpenSQLite: that would migrate the live database of a server older than this binary.
	if err := sqlstore.BackupSQLite(cmd.Context(), dbPath, tmp); err != nil {
		tmp.Close()
		return 0, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return 0, fmt.Errorf("backup: %w", err)
	}
	info, err := tmp.Stat()
	if err != nil {
		tmp.Close()
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := os.Link(tmp.Name(), to); err != nil { // fails rather than replace a file created meanwhile
		return 0, fmt.Errorf("backup: %w", err)
	}
	return info.Size(), nil
}
