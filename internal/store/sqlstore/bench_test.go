package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
)

// The SQLite write path: every Update and every nonce is a durable commit (synchronous(FULL)), so
// these measure the disk's fsync as much as the code. Run with -cpu to vary the writers.

func benchSQLite(b *testing.B) *sqlstore.DB {
	db, err := sqlstore.OpenSQLite(b.Context(), filepath.Join(b.TempDir(), "rampart.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func BenchmarkSQLiteUpdate(b *testing.B) {
	db := benchSQLite(b)
	var n atomic.Int64
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := fmt.Sprint(n.Add(1))
			_, err := db.Update(b.Context(), func(tx store.Tx) error {
				return tx.CreateUser(b.Context(), store.User{ID: id, Name: "user" + id, CreateDate: time.Now(), UpdateDate: time.Now()})
			})
			if err != nil {
				b.Error(err)
			}
		}
	})
}

// BenchmarkSQLiteUseNonces records batches of nonces of the sizes authn.Nonces sends under
// load; ns/op is per batch, one commit each, and cpu-ns/nonce the process's CPU time per nonce
// (which, unlike the wall time, hardly depends on what else the machine is doing).
func BenchmarkSQLiteUseNonces(b *testing.B) {
	for _, size := range []int{1, 4, 16, 64, 256} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			db := benchSQLite(b)
			expires := time.Now().Add(15 * time.Minute)
			batch := make([]store.Nonce, size)
			n := 0
			var ru0, ru1 syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
			defer func() {
				syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
				cpu := ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano()
				b.ReportMetric(float64(cpu)/float64(n), "cpu-ns/nonce")
			}()
			for b.Loop() {
				for i := range batch {
					n++
					batch[i] = store.Nonce{AccessKeyID: "LTAI5tExampleKey0000001", Value: fmt.Sprintf("%032x", n), Expires: expires}
				}
				// Without cancellation, as authn.Nonces calls it (a cancellable context costs
				// database/sql a goroutine per statement).
				if _, err := db.UseNonces(context.WithoutCancel(b.Context()), batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/nonce")
		})
	}
}

func BenchmarkSQLiteView(b *testing.B) {
	db := benchSQLite(b)
	_, err := db.Update(b.Context(), func(tx store.Tx) error {
		return tx.CreateUser(b.Context(), store.User{ID: "u1", Name: "alice", CreateDate: time.Now(), UpdateDate: time.Now()})
	})
	if err != nil {
		b.Fatal(err)
	}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			err := db.View(b.Context(), func(r store.Reader) error {
				_, err := r.GetUserByName(b.Context(), "alice")
				return err
			})
			if err != nil {
				b.Error(err)
			}
		}
	})
}
