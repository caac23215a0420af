package cli

import (
	"context"
	"crypto/rand"
	"database/sql"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for the admin connection

	"github.com/rampart-iam/rampart/internal/bootstrap"
	"github.com/rampart-iam/rampart/internal/config"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// pgProxy stands between a node and the PostgreSQL server of RAMPART_TEST_POSTGRES_DSN, so that
// a test can make the database go away (down: its port closed, every connection cut, as when
// PostgreSQL is killed) or hang (freeze: connections are accepted and kept, and nothing is ever
// answered, as from a stopped process or a network that drops packets) without touching the
// server other tests share.
type pgProxy struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	frozen bool
	isDown bool       // down was called (and up not since): a connection accepted late is cut
	conns  []net.Conn // every connection, either side, to close on down
	ups    []net.Conn // the connections to the server, cut on freeze
	done   sync.WaitGroup
}

func newPGProxy(t *testing.T, target string) *pgProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &pgProxy{ln: ln, target: target}
	p.done.Add(1)
	go p.accept()
	return p
}

func (p *pgProxy) addr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ln.Addr().String()
}

func (p *pgProxy) accept() {
	defer p.done.Done()
	p.mu.Lock()
	ln := p.ln
	p.mu.Unlock()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.isDown { // accepted just before down closed the listener
			p.mu.Unlock()
			c.Close()
			return
		}
		p.conns = append(p.conns, c)
		frozen := p.frozen
		p.mu.Unlock()
		if frozen {
			p.done.Add(1)
			go func() { defer p.done.Done(); io.Copy(io.Discard, c) }() // read, never answer
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		if p.isDown {
			p.mu.Unlock()
			c.Close()
			up.Close()
			return
		}
		p.conns, p.ups = append(p.conns, up), append(p.ups, up)
		p.mu.Unlock()
		p.done.Add(2)
		go func() { // client to server; once frozen, what the client sends goes nowhere
			defer p.done.Done()
			buf := make([]byte, 32<<10)
			for {
				n, err := c.Read(buf)
				if err != nil {
					c.Close()
					up.Close()
					return
				}
				if !p.isFrozen() {
					if _, err := up.Write(buf[:n]); err != nil && !p.isFrozen() {
						c.Close()
						return
					}
				}
			}
		}()
		go func() { // server to client; freezing cuts this side, leaving the client waiting
			defer p.done.Done()
			io.Copy(c, up)
			if !p.isFrozen() {
				c.Close()
			}
		}()
	}
}

func (p *pgProxy) isFrozen() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.frozen
}

// freeze makes the database hang: open connections get no more answers, new ones are accepted
// and never answered.
func (p *pgProxy) freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frozen = true
	for _, up := range p.ups {
		up.Close() // nothing the server says reaches the client any more
	}
}

// down makes the database unreachable: the port closes (connection refused) and every open
// connection is cut. It also ends the proxy; it is safe to call more than once.
func (p *pgProxy) down() {
	p.mu.Lock()
	p.isDown = true
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.mu.Unlock()
}

// up brings the database back after down, on the same address.
func (p *pgProxy) up(t *testing.T) {
	t.Helper()
	p.done.Wait() // the old accept loop and its connections are gone
	ln, err := net.Listen("tcp", p.addr())
	if err != nil {
		t.Fatalf("listen again on %s: %v", p.addr(), err)
	}
	p.mu.Lock()
	p.ln, p.frozen, p.isDown, p.ups = ln, false, false, nil
	p.mu.Unlock()
	p.done.Add(1)
	go p.accept()
}

// close ends the proxy and waits for its goroutines.
func (p *pgProxy) close() {
	p.down()
	p.done.Wait()
}

// postgresThroughProxy returns the DSN of a fresh schema on the server RAMPART_TEST_POSTGRES_DSN names,
// dropped when the test ends, reached through a pgProxy. Without the variable the test is
// skipped, except under CI=true.
func postgresThroughProxy(t *testing.T) (dsn string, p *pgProxy) {
	t.Helper()
	admin := os.Getenv("RAMPART_TEST_POSTGRES_DSN")
	if admin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("RAMPART_TEST_POSTGRES_DSN is not set under CI=true")
		}
		t.Skip("RAMPART_TEST_POSTGRES_DSN is not set (make test provisions a throwaway server with scripts/postgres.sh)")
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	name := "rampart_cli_" + strings.ToLower(rand.Text()[:12])
	if _, err := db.ExecContext(t.Context(), `CREATE SCHEMA `+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.ExecContext(context.Background(), `DROP SCHEMA `+name+` CASCADE`) })
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	p = newPGProxy(t, u.Host)
	t.Cleanup(p.close)
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	u.Host = p.addr()
	return u.String(), p
}

// startPostgresNode serves the whole API on a fresh PostgreSQL schema reached through a proxy the
// test controls. The proxy is cut before the node stops, so a frozen database does not hold the
// node's shutdown.
func startPostgresNode(t *testing.T, root bootstrap.Credentials, o *apiOptions) (*node, *pgProxy) {
	t.Helper()
	dsn, p := postgresThroughProxy(t)
	n := startNodeWith(t, root, o, func(cfg *config.Config) {
		cfg.Store, cfg.PostgresDSN = config.StorePostgres, secrets.Secret(dsn)
	})
	t.Cleanup(p.down) // runs before the node's cleanup
	return n, p
}
