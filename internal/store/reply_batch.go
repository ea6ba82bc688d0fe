package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/parley-forum/parley/internal/forum"
)

// maxReplyBatch bounds how many replies share one transaction.
const maxReplyBatch = 64

// replyBatcher commits concurrent replies together on SQLite. Its one
// writer connection runs one transaction at a time, and a reply's own work
// is small next to a commit's (writing every changed page to the WAL,
// flushing the search index), so replies that arrive while a transaction
// runs wait and then go in the next one, each inside its own savepoint: a
// reply that fails is rolled back alone and reports its own error, the
// others commit. Every caller returns only after its reply's transaction
// committed, as before. PostgreSQL has concurrent writers and does not
// batch (see the dialects' BatchesReplies).
type replyBatcher struct {
	s *Store
	// mu orders starting the goroutine against close: ended.Add must never
	// run concurrently with, or after, close's ended.Wait.
	mu      sync.Mutex
	started bool
	closed  bool
	// reqs is unbuffered: a reply is handed over only to a batcher that is
	// running, so none is stranded by close.
	reqs  chan *replyReq
	stop  chan struct{}
	ended sync.WaitGroup
}

type replyReq struct {
	in   forum.NewPostRow
	c    forum.Committed
	err  error
	done chan struct{}
}

func newReplyBatcher(s *Store) *replyBatcher {
	return &replyBatcher{s: s, reqs: make(chan *replyReq), stop: make(chan struct{})}
}

// submit queues a reply and waits for its transaction to end. The caller's
// context does not cancel a queued reply: once queued it commits or fails
// with its batch, so a reply is never written without its caller knowing.
func (b *replyBatcher) submit(ctx context.Context, in forum.NewPostRow) (forum.Committed, error) {
	if !b.start() {
		return forum.Committed{}, fmt.Errorf("reply to thread %d: the store is closed", in.ThreadID)
	}
	r := &replyReq{in: in, done: make(chan struct{})}
	select {
	case b.reqs <- r:
	case <-ctx.Done():
		return forum.Committed{}, fmt.Errorf("reply to thread %d: %w", in.ThreadID, ctx.Err())
	case <-b.stop:
		return forum.Committed{}, fmt.Errorf("reply to thread %d: the store is closed", in.ThreadID)
	}
	<-r.done
	return r.c, r.err
}

func (b *replyBatcher) run() {
	defer b.ended.Done()
	for {
		var batch []*replyReq
		select {
		case r := <-b.reqs:
			batch = append(batch, r)
		case <-b.stop:
			return
		}
	more:
		for len(batch) < maxReplyBatch {
			select {
			case r := <-b.reqs:
				batch = append(batch, r)
			default:
				break more
			}
		}
		b.s.writeReplies(batch)
	}
}

// start runs the batcher's goroutine on first use and reports false once
// the batcher is closed.
func (b *replyBatcher) start() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	if !b.started {
		b.started = true
		b.ended.Add(1)
		go b.run()
	}
	return true
}

// close stops the batcher after the batch it is writing. Once it has
// marked the batcher closed no goroutine can start, so Wait sees every Add.
func (b *replyBatcher) close() {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.stop)
	}
	b.mu.Unlock()
	b.ended.Wait()
}

// writeReplies commits a batch of replies in one transaction, one
// savepoint each.
func (s *Store) writeReplies(batch []*replyReq) {
	ctx := context.Background()
	err := s.tx(ctx, "reply batch", func(tx *sql.Tx) error {
		index := &deferredIndex{}
		for _, r := range batch {
			if _, err := tx.ExecContext(ctx, "SAVEPOINT reply"); err != nil {
				return err
			}
			indexed := len(index.docs)
			c, err := s.createReplyTx(ctx, tx, r.in, index)
			if err != nil {
				r.err = fmt.Errorf("reply to thread %d: %w", r.in.ThreadID, s.classify(err))
				if _, err := tx.ExecContext(ctx, "ROLLBACK TO reply"); err != nil {
					return err
				}
				index.docs = index.docs[:indexed] // the reply is gone; so is its row
				c = forum.Committed{}
			}
			r.c = c
			if _, err := tx.ExecContext(ctx, "RELEASE reply"); err != nil {
				return err
			}
		}
		// The search index is written once for the batch, in its
		// transaction (see deferredIndex).
		return index.flush(ctx, s, tx)
	})
	for _, r := range batch {
		if err != nil && r.err == nil {
			r.c, r.err = forum.Committed{}, err
		}
		close(r.done)
	}
}
