package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/parley-forum/parley/internal/archive"
)

// ImportOptions change how an archive is imported.
type ImportOptions struct {
	// OneTransaction writes the whole archive, the id sequences and the
	// counter check in one transaction, so an archive that turns out
	// truncated or corrupt halfway leaves the database as empty as it was.
	// It is how PostgreSQL imports; SQLite imports into a new file instead
	// (see the import command), where batches are cheaper.
	OneTransaction bool
	// Render, when set, renders each post's HTML and plain text again
	// from its Markdown source instead of trusting the archive's: an
	// edited archive could otherwise carry markup the sanitizer would
	// never have let through.
	Render func(source string) (html, text string, err error)
}

// RequireEmpty refuses a database that already holds a forum.
func (s *Store) RequireEmpty(ctx context.Context) error { return s.requireEmpty(ctx) }

// finishImportTx ends a one-transaction import: sequences past the
// imported ids, then every counter checked against the rows, inside tx.
func (s *Store) finishImportTx(ctx context.Context, tx *sql.Tx) error {
	for _, table := range []string{"users", "topics", "subtopics", "tags", "threads", "posts", "revisions", "api_tokens"} {
		if err := s.d.SyncIDs(s.execUnprepared(ctx, tx), table); err != nil {
			return fmt.Errorf("reset the %s id sequence: %w", table, err)
		}
	}
	problems, err := s.checkCounters(ctx, tx)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("the archive's counters disagree with its rows: %s", strings.Join(problems, "; "))
	}
	return nil
}

// rerender replaces a post record's HTML and text with a fresh rendering
// of its source when the importer has a renderer.
func (b *importer) rerender(rec archive.Record) (archive.Record, error) {
	if b.render == nil || rec.Kind != archive.KindPost {
		return rec, nil
	}
	var p archive.Post
	if err := rec.Decode(&p); err != nil {
		return rec, err
	}
	html, text, err := b.render(p.BodySource)
	if err != nil {
		return rec, fmt.Errorf("render post %d: %w", p.ID, err)
	}
	p.BodyHTML, p.BodyText = html, text
	row, err := json.Marshal(p)
	if err != nil {
		return rec, err
	}
	rec.Row = row
	return rec, nil
}
