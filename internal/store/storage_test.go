package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// storageFault makes the database refuse writes for want of storage, in
// the engine's own words, and returns what lifts it. SQLite: the writer
// may not grow the file (max_page_count), which fails exactly as a full
// disk does, with SQLITE_FULL. PostgreSQL: the database turns read-only,
// as a standby does during a failover (25006); its pooled sessions are
// ended so new ones pick the setting up.
type storageFault struct {
	open          func(t *testing.T) *store.Store
	inject, clear func(t *testing.T, st *store.Store)
}

var storageFaults = map[string]storageFault{
	"sqlite": {
		open: func(t *testing.T) *store.Store { return openStore(t, storetest.SQLiteURL(t)) },
		inject: func(t *testing.T, st *store.Store) {
			mustExec(t, st, `PRAGMA max_page_count = 1`) // the current size: no room to grow
		},
		clear: func(t *testing.T, st *store.Store) { mustExec(t, st, `PRAGMA max_page_count = 1073741823`) },
	},
	"postgres": {
		open: func(t *testing.T) *store.Store { return openStore(t, storetest.PostgresURL(t)) },
		inject: func(t *testing.T, st *store.Store) {
			readOnly(t, st, "on")
		},
		clear: func(t *testing.T, st *store.Store) { readOnly(t, st, "off") },
	},
}

func mustExec(t *testing.T, st *store.Store, query string) {
	t.Helper()
	if _, err := st.Engine().Write.ExecContext(context.Background(), query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// readOnly sets the database's default_transaction_read_only and ends
// every other session on it.
func readOnly(t *testing.T, st *store.Store, on string) {
	t.Helper()
	var name string
	if err := st.Engine().Read.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	admin := openAdmin(t)
	if _, err := admin.Exec(`ALTER DATABASE ` + name + ` SET default_transaction_read_only = ` + on); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, name); err != nil {
		t.Fatal(err)
	}
}

// openAdmin connects to the server's maintenance database.
func openAdmin(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", os.Getenv(storetest.PostgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestStorageFault: a write that fails for want of storage answers
// ErrUnavailable (503, not 500) and ErrStorage; from then on StorageFault
// reports it (so /readyz says not ready) until the storage takes writes
// again, which StorageFault notices by itself, without a restart and
// without any other write arriving.
func TestStorageFault(t *testing.T) {
	for name, fault := range storageFaults {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st := fault.open(t)
			if err := st.StorageFault(ctx); err != nil {
				t.Fatalf("StorageFault on a healthy store: %v", err)
			}
			fault.inject(t, st)
			big := strings.Repeat("x", 64<<10)
			var err error
			// After PostgreSQL's sessions end, the pool may first meet a
			// dead connection (unavailable); the fault comes next.
			for range 20 {
				if _, err = st.SetSettingIfAbsent(ctx, "filler", big); errors.Is(err, store.ErrStorage) || err == nil {
					break
				}
			}
			if !errors.Is(err, forum.ErrUnavailable) || !errors.Is(err, store.ErrStorage) {
				t.Fatalf("write while storage is full: %v, want ErrUnavailable and ErrStorage", err)
			}
			for range 2 { // the probe fails too, and the fault stays
				err := st.StorageFault(ctx)
				var sf *store.StorageFaultError
				if !errors.As(err, &sf) || !errors.Is(err, forum.ErrUnavailable) || sf.ReadyReason() == "" {
					t.Fatalf("StorageFault while storage is full: %v", err)
				}
			}
			fault.clear(t, st)
			err = st.StorageFault(ctx)
			for i := 0; err != nil && i < 20; i++ {
				err = st.StorageFault(ctx) // past dead pooled connections
			}
			if err != nil {
				t.Fatalf("StorageFault after the storage recovered: %v", err)
			}
			if _, err := st.SetSettingIfAbsent(ctx, "filler", big); err != nil {
				t.Fatalf("write after recovery: %v", err)
			}
			if v, err := st.Setting(ctx, "storage_probe"); !errors.Is(err, forum.ErrNotFound) {
				t.Fatalf("the probe left a row behind: %q, %v", v, err)
			}
		})
	}
}
