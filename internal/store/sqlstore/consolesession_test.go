package sqlstore_test

import (
	"path/filepath"
	"testing"

	"github.com/rampart-iam/rampart/internal/store/storetest"
)

func TestSQLiteConsoleSessions(t *testing.T) {
	storetest.RunConsoleSessions(t, func(t *testing.T) storetest.ConsoleStore {
		return openSQLite(t, filepath.Join(t.TempDir(), "rampart.db"))
	})
}

func TestPostgresConsoleSessions(t *testing.T) {
	admin, dsn := postgresServer(t)
	storetest.RunConsoleSessions(t, func(t *testing.T) storetest.ConsoleStore {
		return openPostgres(t, freshSchema(t, admin, dsn))
	})
}
