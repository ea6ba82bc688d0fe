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
	s    *Store
	once sync.Once
	// reqs is unbuffered: a reply is handed over only to a batcher that is
	// running, so none is stranded by close.
	reqs     chan *replyReq
	stop     chan struct{}
	stopOnce sync.Once
	ended    sync.WaitGroup
}

type replyReq struct {
	in   forum.NewPostRow
	id   int64
	err  error
	done chan struct{}
}

func newReplyBatcher(s *Store) *replyBatcher {
	return &replyBatcher{s: s, reqs: make(chan *replyReq), stop: make(chan struct{})}
}

// submit queues a reply and waits for its transaction to end. The caller's
// context does not cancel a queued reply: once queued it commits or fails
// with its batch, so a reply is never written without its caller knowing.
func (b *replyBatcher) submit(ctx context.Context, in forum.NewPostRow) (int64, error) {
	b.once.Do(func() {
		b.ended.Add(1)
		go b.run()
	})
	r := &replyReq{in: in, done: make(chan struct{})}
	select {
	case b.reqs <- r:
	case <-ctx.Done():
		return 0, fmt.Errorf("reply to thread %d: %w", in.ThreadID, ctx.Err())
	case <-b.stop:
		return 0, fmt.Errorf("reply to thread %d: the store is closed", in.ThreadID)
	}
	<-r.done
	return r.id, r.err
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

// close stops the batcher after the batch it is writing.
func (b *replyBatcher) close() {
	b.stopOnce.Do(func() { close(b.stop) })
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
			id, err := s.createReplyTx(ctx, tx, r.in, index)
			if err != nil {
				r.err = fmt.Errorf("reply to thread %d: %w", r.in.ThreadID, s.classify(err))
				if _, err := tx.ExecContext(ctx, "ROLLBACK TO reply"); err != nil {
					return err
				}
				index.docs = index.docs[:indexed] // the reply is gone; so is its row
			}
			r.id = id
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
			r.id, r.err = 0, err
		}
		close(r.done)
	}
}
