package store

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

// TestReplyBatcherCloseRacesSubmit closes a batcher while replies are being
// submitted to it for the first time. Under -race the old sync.Once start
// let WaitGroup.Add run concurrently with close's Wait; now no goroutine
// starts once close has begun, and every submit after close fails.
func TestReplyBatcherCloseRacesSubmit(t *testing.T) {
	ctx0 := context.Background()
	st, err := Open(ctx0, filepath.Join(t.TempDir(), "batch.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx0); err != nil {
		t.Fatal(err)
	}
	// Closed before first use: a later submit must not start the
	// goroutine (its WaitGroup.Add would come after close's Wait).
	idle := newReplyBatcher(st)
	idle.close()
	if _, err := idle.submit(ctx0, forum.NewPostRow{ThreadID: 1}); err == nil {
		t.Fatal("submit to a closed batcher succeeded")
	}
	idle.mu.Lock()
	started := idle.started
	idle.mu.Unlock()
	if started {
		t.Fatal("a submit after close started the batcher")
	}
	for range 50 {
		b := newReplyBatcher(st)
		var wg sync.WaitGroup
		ctx, cancel := context.WithCancel(context.Background())
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Thread 1 does not exist: a reply that reaches a batch
				// fails alone; one that does not is refused as closed.
				_, _ = b.submit(ctx, forum.NewPostRow{ThreadID: 1})
			}()
		}
		b.close()
		cancel()
		wg.Wait()
		if _, err := b.submit(context.Background(), forum.NewPostRow{ThreadID: 1}); err == nil {
			t.Fatal("submit after close succeeded")
		}
		b.mu.Lock()
		closed := b.closed
		b.mu.Unlock()
		if !closed {
			t.Fatal("close did not mark the batcher closed")
		}
	}
}
