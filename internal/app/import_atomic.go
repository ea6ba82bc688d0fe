package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/archive"
	"github.com/parley-forum/parley/internal/markup"
	"github.com/parley-forum/parley/internal/store"
)

// An import is all or nothing: an archive that turns out truncated or
// corrupt halfway, or whose counters disagree with its rows, leaves the
// target as it was (empty), never half loaded. Post HTML is rendered again
// from each post's Markdown source, so an edited archive cannot bring in
// markup the sanitizer would have refused.

type importResult struct {
	counts  map[string]int64
	indexed int64
	loaded  time.Time
}

// importOptions renders posts with the forum's own renderer.
func importOptions(oneTx bool) store.ImportOptions {
	r := markup.New()
	return store.ImportOptions{OneTransaction: oneTx, Render: func(src string) (string, string, error) {
		html, err := r.Render(src)
		return html, r.PlainText(src), err
	}}
}

// importPostgres loads the archive in one transaction, then indexes it
// for search (derived data, which "parley search rebuild" can redo).
func importPostgres(ctx context.Context, st *store.Store, ar *archive.Reader) (importResult, error) {
	counts, err := st.ImportWith(ctx, ar, importOptions(true))
	if err != nil {
		return importResult{}, err
	}
	res := importResult{counts: counts, loaded: time.Now()}
	if res.indexed, err = st.RebuildSearchIndex(ctx, nil); err != nil {
		return res, fmt.Errorf("imported, but rebuilding the search index failed (run \"parley search rebuild\"): %w", err)
	}
	return res, nil
}

// importSQLite loads the archive into a new file beside the target,
// indexes it, and only then renames it over the (empty) target, which st
// has open: st is closed first. On failure the new file is removed and the
// target is untouched.
func importSQLite(ctx context.Context, st *store.Store, target string, ar *archive.Reader) (res importResult, err error) {
	defer func() {
		if st != nil {
			st.Close()
		}
	}()
	if err := st.RequireEmpty(ctx); err != nil {
		return res, err
	}
	var suffix [6]byte
	_, _ = rand.Read(suffix[:])
	tmp := filepath.Join(filepath.Dir(target), ".parley-import-"+hex.EncodeToString(suffix[:])+".db")
	defer func() {
		if err != nil {
			removeSQLite(tmp)
		}
	}()
	ist, err := store.Open(ctx, tmp, store.Options{})
	if err != nil {
		return res, fmt.Errorf("create the import file: %w", err)
	}
	if res, err = loadSQLite(ctx, ist, ar); err != nil {
		ist.Close()
		return res, err
	}
	if err := ist.Close(); err != nil {
		return res, fmt.Errorf("close the import file: %w", err)
	}
	if err := st.Close(); err != nil {
		return res, fmt.Errorf("close %s: %w", target, err)
	}
	st = nil
	// The target's journal files belong to the empty database; left next
	// to the new file they would be read as its own.
	for _, ext := range []string{"-wal", "-shm"} {
		if err := os.Remove(target + ext); err != nil && !errors.Is(err, os.ErrNotExist) {
			return res, fmt.Errorf("remove %s%s: %w", target, ext, err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return res, fmt.Errorf("move the imported database into place: %w", err)
	}
	syncDir(filepath.Dir(target))
	return res, nil
}

func loadSQLite(ctx context.Context, ist *store.Store, ar *archive.Reader) (importResult, error) {
	if _, err := ist.Migrate(ctx); err != nil {
		return importResult{}, fmt.Errorf("migrate the import file: %w", err)
	}
	counts, err := ist.ImportWith(ctx, ar, importOptions(false))
	if err != nil {
		return importResult{}, fmt.Errorf("%w (nothing was imported)", stripBatchNote(err))
	}
	res := importResult{counts: counts, loaded: time.Now()}
	if res.indexed, err = ist.RebuildSearchIndex(ctx, nil); err != nil {
		return res, fmt.Errorf("rebuild the search index: %w (nothing was imported)", err)
	}
	// Fold the WAL into the file so the renamed file is whole by itself.
	if err := ist.Checkpoint(ctx); err != nil {
		return res, err
	}
	return res, nil
}

// stripBatchNote drops the batched import's advice about committed
// batches, which a discarded file makes untrue.
func stripBatchNote(err error) error {
	msg, _, _ := strings.Cut(err.Error(), " (earlier batches were committed")
	return errors.New(msg)
}

func removeSQLite(path string) {
	for _, ext := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(path + ext)
	}
}

// syncDir makes a rename durable; failing to is not an import error.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// sqlitePath is the file a SQLite database URL names.
func sqlitePath(url string) string { return strings.TrimPrefix(url, "sqlite:") }
