package e2e_test

import (
	"context"
	"crypto/rand"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Several `rampart serve` nodes on one PostgreSQL database, as issue 8 runs them behind a load
// balancer: the same database, the same master key file and the same root credentials (from
// the environment, as an operator provisions every node alike), each node on its own loopback
// port with its own data directory.

// multiNodeRoot is the root AccessKey every node of a cluster is started with.
var multiNodeRoot = credentials{id: "LTAImultinodeRoot0000001", secret: "multinode-root-secret-0123456789"}

// cluster is a throwaway database and the nodes serving it.
type cluster struct {
	dsn       string // the throwaway database
	masterKey string // the key file every node shares
	nodes     []*apiServer
}

// postgresDSN is the server make test provides (scripts/postgres.sh). Without it the test is
// skipped, loudly, except under CI=true, where several nodes must be tested: it fails.
func postgresDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("RAMPART_TEST_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("RAMPART_TEST_POSTGRES_DSN is not set under CI=true: the multi-node tests must run in CI " +
				"(make test provisions a throwaway server with scripts/postgres.sh)")
		}
		t.Skip("!!! SKIPPING the multi-node tests: RAMPART_TEST_POSTGRES_DSN is not set " +
			"(make test provisions a throwaway server with scripts/postgres.sh) !!!")
	}
	return dsn
}

// startCluster creates an empty database on the test server, dropped when the test ends, and
// starts n nodes on it, one after the other: the first migrates it and creates the account, the
// others find both.
func startCluster(t *testing.T, n int, args ...string) *cluster {
	t.Helper()
	c := &cluster{dsn: throwawayDatabase(t, postgresDSN(t)), masterKey: filepath.Join(t.TempDir(), "master.key")}
	for range n {
		c.nodes = append(c.nodes, c.start(t, args...))
	}
	return c
}

// start starts one more node on the cluster's database (a new one, or one replacing a killed
// node).
func (c *cluster) start(t *testing.T, args ...string) *apiServer {
	t.Helper()
	env := []string{
		"RAMPART_POSTGRES_DSN=" + c.dsn,
		"RAMPART_ROOT_ACCESS_KEY_ID=" + multiNodeRoot.id,
		"RAMPART_ROOT_ACCESS_KEY_SECRET=" + multiNodeRoot.secret,
	}
	data := t.TempDir()
	s := startServer(t, env, append([]string{"--data", data, "--store", "postgres", "--master-key-file", c.masterKey}, args...)...)
	var account string
	for _, l := range parseLogs(t, s.logs.String()) {
		if l.Msg == "created account" || l.Msg == "using existing account" {
			account = l.AccountID
		}
	}
	if account == "" {
		t.Fatalf("the node's log names no account:\n%s", s.logs)
	}
	if len(c.nodes) > 0 && account != c.nodes[0].account {
		t.Fatalf("the node serves account %s, node 1 account %s", account, c.nodes[0].account)
	}
	return &apiServer{server: s, data: data, host: strings.TrimPrefix(s.URL, "http://"), account: account, root: multiNodeRoot}
}

// throwawayDatabase creates a database on the server dsn names, dropped (with whatever is
// still connected to it) when the test ends, and returns the DSN that names it.
func throwawayDatabase(t *testing.T, dsn string) string {
	t.Helper()
	admin, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatalf("RAMPART_TEST_POSTGRES_DSN: %v", err)
	}
	name := "rampart_e2e_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.Exec(t.Context(), "CREATE DATABASE "+name); err != nil {
		admin.Close(context.Background())
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close(context.Background())
		if _, err := admin.Exec(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return withDatabase(dsn, name)
}

// withDatabase is dsn (a URL or key=value settings) naming database name instead.
func withDatabase(dsn, name string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		u.Path = "/" + name
		return u.String()
	}
	return dsn + " dbname=" + name // key=value settings: the last one wins
}
