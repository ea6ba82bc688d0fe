package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// ErrStorage marks an error whose cause is the database's storage: a
// full disk, I/O errors, a server that accepts reads only. Such errors
// are also forum.ErrUnavailable (503 with Retry-After), and while writes
// keep failing for that reason StorageFault reports it, so /readyz takes
// the node out.
var ErrStorage = errors.New("database storage cannot take writes")

// StorageFaultError is what StorageFault returns while the storage fails.
type StorageFaultError struct {
	Since time.Time // the first failure of this episode
	Err   error     // the latest failure
}

func (e *StorageFaultError) Error() string {
	return fmt.Sprintf("%s since %s: %v", ErrStorage, e.Since.UTC().Format(time.RFC3339), e.Err)
}

// Unwrap makes the error both ErrStorage and forum.ErrUnavailable.
func (e *StorageFaultError) Unwrap() []error { return []error{ErrStorage, forum.ErrUnavailable, e.Err} }

// ReadyReason is what /readyz says.
func (e *StorageFaultError) ReadyReason() string { return "database storage full or failing" }

// storageFaults remembers the current storage-fault episode: it begins
// with the first write (or read) that fails for that reason and ends when
// StorageFault's probe commits. Other writes that commit meanwhile do not
// end it: on a full disk small writes often still fit (SQLite reuses its
// WAL file, PostgreSQL recycles WAL segments) while larger ones fail.
type storageFaults struct {
	log    *slog.Logger
	active atomic.Bool
	mu     sync.Mutex
	since  time.Time
	last   error
}

func (f *storageFaults) record(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.last = err
	if f.active.Load() {
		return
	}
	f.since = time.Now()
	f.active.Store(true)
	f.log.Error("database storage cannot take writes (disk full, I/O errors or a read-only server): "+
		"writes answer 503 and /readyz reports not ready until a write succeeds again", "err", err)
}

func (f *storageFaults) clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.active.Load() {
		return
	}
	f.active.Store(false)
	f.log.Info("database storage takes writes again", "after", time.Since(f.since).Round(time.Millisecond))
	f.since, f.last = time.Time{}, nil
}

func (f *storageFaults) current() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.active.Load() {
		return nil
	}
	return &StorageFaultError{Since: f.since, Err: f.last}
}

// probeSize is the size of the probe's row: random, so PostgreSQL cannot
// compress it, and larger than the largest post (body source, HTML and
// text), so that a probe that commits means real writes fit again.
const probeSize = 1 << 20

// StorageFault returns nil while the database's storage takes writes, and
// a *StorageFaultError (ErrStorage, forum.ErrUnavailable) from the first
// write that failed for want of storage until a probe succeeds. While a
// fault is remembered each call probes: it writes a row of probeSize
// bytes and deletes it in one transaction, so a node taken out of the
// load balancer (and so receiving no writes) notices by itself when space
// returns. A healthy store answers without touching the database.
func (s *Store) StorageFault(ctx context.Context) error {
	if s.faults.current() == nil {
		return nil
	}
	noise := make([]byte, probeSize/2)
	_, _ = rand.Read(noise)
	err := s.tx(ctx, "storage probe", func(tx *sql.Tx) error {
		if err := s.exec(ctx, tx, `INSERT INTO settings (key, value) VALUES ('storage_probe', ?)`,
			hex.EncodeToString(noise)); err != nil {
			return err
		}
		return s.exec(ctx, tx, `DELETE FROM settings WHERE key = 'storage_probe'`)
	})
	if err == nil {
		s.faults.clear()
		return nil
	}
	if !errors.Is(err, ErrStorage) {
		// The probe failed for another reason (the database is down, the
		// request ended): the fault is not over, and this is not news.
		if f := s.faults.current(); f != nil {
			return f
		}
		return err
	}
	return s.faults.current()
}
