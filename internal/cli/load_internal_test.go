package cli

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/bootstrap"
	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/config"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// TestLoadInProcess measures the API as `rampart serve` builds it, in this process, over
// loopback, with two ways of recording signature nonces:
//
//   - "group commit": the way authn.Nonces is designed to record them, each batch in one durable
//     SQLite transaction (a file of its own, synchronous=FULL, one multi-row upsert). The store
//     has no batch write yet, so `rampart serve` pays one durable write per nonce; this shows what
//     the stack does once it has one.
//   - "memory": not durable at all, the ceiling of everything else.
//
// It runs only when RAMPART_LOAD is set to a duration per action:
//
//	RAMPART_LOAD=10s go test -run TestLoadInProcess -v ./internal/cli
func TestLoadInProcess(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("RAMPART_LOAD"))
	if err != nil {
		t.Skip("set RAMPART_LOAD to a duration to run the load test")
	}
	t.Run("group commit", func(t *testing.T) {
		w, writes := sqliteBatchNonces(t, filepath.Join(t.TempDir(), "nonces.db"))
		loadInProcess(t, d, w, writes)
	})
	t.Run("memory", func(t *testing.T) {
		writes := new(int)
		loadInProcess(t, d, func(_ context.Context, b []authn.Nonce) ([]bool, error) {
			*writes++
			fresh := make([]bool, len(b))
			for i := range fresh {
				fresh[i] = true
			}
			return fresh, nil
		}, writes)
	})
}

func loadInProcess(t *testing.T, d time.Duration, nonces authn.NonceWriter, batches *int) {
	clients := 64
	if n, err := strconv.Atoi(os.Getenv("RAMPART_LOAD_CLIENTS")); err == nil {
		clients = n
	}
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	cfg := config.Default()
	cfg.Listen, cfg.DataDir, cfg.LogLevel = addr, filepath.Join(dir, "data"), "warn"
	ids := secrets.NewIDGen(nil)
	root := bootstrap.Credentials{AccessKeyID: ids.AccessKeyID(), AccessKeySecret: ids.AccessKeySecret(), Password: ids.Password()}
	o := &apiOptions{nonces: nonces}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, root, io.Discard, []mountFunc{o.mount}) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	url := "http://" + addr
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(url + "/healthz"); err == nil && resp.StatusCode == 200 {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("server not ready")
		}
	}

	c := &client.Client{Endpoint: url, AccessKeyID: root.AccessKeyID, AccessKeySecret: root.AccessKeySecret,
		HTTP: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}}
	for i := range 20 {
		resp, err := c.Call(ctx, "2015-05-01", "CreateUser", map[string]string{"UserName": fmt.Sprintf("user%02d", i)})
		if err != nil || !resp.OK() {
			t.Fatalf("CreateUser: %v %s", err, resp.Body)
		}
	}
	for _, tt := range []struct {
		action string
		params map[string]string
	}{
		{"GetUser", map[string]string{"UserName": "user07"}},
		{"ListUsers", map[string]string{"MaxItems": "20"}},
	} {
		before := *batches
		r := client.Load(ctx, c, clients, d, "2015-05-01", tt.action, tt.params)
		t.Logf("%-9s %d clients, %v: %s; %.1f nonces per durable write", tt.action, clients, d, r,
			float64(r.Requests)/float64(*batches-before))
		if r.Errors > 0 {
			t.Errorf("%s: %s", tt.action, r.FirstError)
		}
	}
}

// sqliteBatchNonces is a NonceWriter recording each batch in one transaction of its own SQLite
// database, with the store's durability settings: one multi-row upsert that takes over expired
// rows and leaves live ones alone, returning the rows it wrote. It counts its transactions.
func sqliteBatchNonces(t *testing.T, path string) (authn.NonceWriter, *int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE signature_nonces (access_key_id TEXT NOT NULL, nonce TEXT NOT NULL,
		expires INTEGER NOT NULL, PRIMARY KEY (access_key_id, nonce))`); err != nil {
		t.Fatal(err)
	}
	batches := new(int)
	return func(ctx context.Context, batch []authn.Nonce) ([]bool, error) {
		*batches++ // one writer at a time: authn.Nonces never overlaps two writes
		var q strings.Builder
		q.WriteString(`INSERT INTO signature_nonces (access_key_id, nonce, expires) VALUES `)
		args := make([]any, 0, 3*len(batch)+1)
		for i, n := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?)")
			args = append(args, n.AccessKeyID, n.Value, n.Expires.Unix())
		}
		q.WriteString(` ON CONFLICT (access_key_id, nonce) DO UPDATE SET expires = excluded.expires
			WHERE signature_nonces.expires < ? RETURNING access_key_id, nonce`)
		args = append(args, time.Now().Unix())
		rows, err := db.QueryContext(ctx, q.String(), args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		written := make(map[[2]string]bool, len(batch))
		for rows.Next() {
			var k [2]string
			if err := rows.Scan(&k[0], &k[1]); err != nil {
				return nil, err
			}
			written[k] = true
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		fresh := make([]bool, len(batch))
		for i, n := range batch {
			fresh[i] = written[[2]string{n.AccessKeyID, n.Value}]
		}
		return fresh, nil
	}, batches
}
