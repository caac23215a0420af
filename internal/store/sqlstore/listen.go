package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rampart-iam/rampart/internal/store"
)

// NotifyChannel is the PostgreSQL LISTEN channel on which every committed Update of a store in
// the schema "public" announces its revision (the payload, in decimal). A store in another
// schema uses the channel notifyChannel names.
const NotifyChannel = "rampart_revision"

// notifyChannel names the channel of the store kept in schema. A channel spans its whole
// database, so stores side by side in several schemas of one database need one each, or every
// store would hear the others' revisions as its own.
func notifyChannel(schema string) string {
	if schema == "public" {
		return NotifyChannel
	}
	const maxName = 63 // PostgreSQL's NAMEDATALEN - 1
	if c := NotifyChannel + "_" + schema; len(c) <= maxName {
		return c
	}
	h := fnv.New64a()
	h.Write([]byte(schema))
	return NotifyChannel + "_" + strconv.FormatUint(h.Sum64(), 16)
}

// Timings of the listener.
const (
	// listenIdle is how long the listener waits for a notification before it checks, with a
	// ping, that its connection is still alive (a dead TCP peer is otherwise noticed only by
	// keepalives, minutes later).
	listenIdle = 15 * time.Second
	// listenRetryMin and listenRetryMax bound the pause between reconnection attempts, which
	// doubles after each failure.
	listenRetryMin = 50 * time.Millisecond
	listenRetryMax = 5 * time.Second
)

// listener returns the loop that keeps one connection, of its own, LISTENing on channel and
// publishes the revisions it hears to db.hub, reconnecting with backoff when the connection
// drops, until ctx ends.
func (db *DB) listener(cfg *pgx.ConnConfig, channel string) func(ctx context.Context) {
	return func(ctx context.Context) {
		pause := listenRetryMin
		for {
			err := db.listenOnce(ctx, cfg, channel, func() { pause = listenRetryMin })
			db.hub.setLive(false)
			if ctx.Err() != nil || errors.Is(err, store.ErrClosed) {
				return
			}
			t := time.NewTimer(pause)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			pause = min(2*pause, listenRetryMax)
		}
	}
}

// listenOnce connects, listens, and publishes until the connection fails or ctx ends. Once
// listening it calls listening and publishes the current revision, which covers any
// notification missed while it was not.
func (db *DB) listenOnce(ctx context.Context, cfg *pgx.ConnConfig, channel string, listening func()) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("listen: connect: %w", err)
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		conn.Close(cctx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	listening()
	db.hub.setLive(true)
	rev, err := db.Revision(ctx)
	if err != nil {
		return err
	}
	db.hub.publish(rev)
	for {
		wctx, cancel := context.WithTimeout(ctx, listenIdle)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case err == nil:
			if rev, err := strconv.ParseInt(n.Payload, 10, 64); err == nil {
				db.hub.publish(store.Revision(rev))
			}
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded):
			pctx, cancel := context.WithTimeout(ctx, listenIdle)
			err := conn.Ping(pctx)
			cancel()
			if err != nil {
				return fmt.Errorf("listen: ping: %w", err)
			}
		default:
			return fmt.Errorf("listen: %w", err)
		}
	}
}
