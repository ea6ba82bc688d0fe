package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
)

// bulkRowsPerStatement is how many rows one multi-row INSERT carries: far
// below both engines' limits on bound parameters (32766 and 65535) with
// the widest table, and large enough that the per-statement cost vanishes.
const bulkRowsPerStatement = 64

// bulkWriter buffers the rows of a BulkThreads batch and writes each table
// in multi-row INSERTs with ids assigned here rather than read back one row
// at a time. That is only safe with no other writer, which is what a bulk
// load promises. Tables are flushed parents first, so foreign keys hold at
// every statement.
type bulkWriter struct {
	s                    *Store
	tx                   *sql.Tx
	nextThread, nextPost int64
	tables               []*bulkTable // in foreign-key order
}

type bulkTable struct {
	head  string // INSERT INTO … VALUES
	row   string // (?, …)
	width int
	args  []any
	stmts map[int]*sql.Stmt // by row count
}

const (
	bulkThreads = iota
	bulkPosts
	bulkRevisions
	bulkTags
	bulkBoosts
)

func (s *Store) newBulkWriter(ctx context.Context, tx *sql.Tx, lastPost int64) (*bulkWriter, error) {
	w := &bulkWriter{s: s, tx: tx, nextPost: lastPost + 1}
	if err := s.txQueryRow(ctx, tx, `SELECT COALESCE(MAX(id), 0) FROM threads`).Scan(&w.nextThread); err != nil {
		return nil, fmt.Errorf("find newest thread: %w", err)
	}
	w.nextThread++
	for _, t := range []struct {
		table string
		cols  []string
	}{
		{"threads", strings.Fields(`id subtopic_id author_id title slug excerpt first_post_id created_at last_activity_at
			post_seq reply_count boost_count view_count accepted_post_id recommended solved`)},
		{"posts", strings.Fields(`id thread_id number author_id body_source body_html body_text created_at boost_count recommended recommended_by`)},
		{"revisions", strings.Fields(`post_id number title body_source editor_id created_at`)},
		{"thread_tags", strings.Fields(`thread_id tag_id`)},
		{"boosts", strings.Fields(`post_id user_id created_at`)},
	} {
		w.tables = append(w.tables, &bulkTable{
			head:  "INSERT INTO " + t.table + " (" + strings.Join(t.cols, ", ") + ") VALUES ",
			row:   "(" + placeholders(len(t.cols)) + ")",
			width: len(t.cols), stmts: map[int]*sql.Stmt{},
		})
	}
	return w, nil
}

// add buffers one row of table i, writing the buffers when it is full.
func (w *bulkWriter) add(ctx context.Context, i int, vals ...any) error {
	t := w.tables[i]
	t.args = append(t.args, vals...)
	if len(t.args) < bulkRowsPerStatement*t.width {
		return nil
	}
	return w.flush(ctx, i)
}

// flush writes the buffered rows of tables 0…upTo.
func (w *bulkWriter) flush(ctx context.Context, upTo int) error {
	for _, t := range w.tables[:upTo+1] {
		n := len(t.args) / t.width
		if n == 0 {
			continue
		}
		st := t.stmts[n]
		if st == nil {
			rows := strings.TrimSuffix(strings.Repeat(t.row+", ", n), ", ")
			var err error
			if st, err = w.tx.PrepareContext(ctx, w.s.q(t.head+rows)); err != nil {
				return fmt.Errorf("prepare bulk insert: %w", err)
			}
			t.stmts[n] = st
		}
		if _, err := st.ExecContext(ctx, t.args...); err != nil {
			return fmt.Errorf("bulk insert: %s: %w", t.head, err)
		}
		clear(t.args)
		t.args = t.args[:0]
	}
	return nil
}

func (w *bulkWriter) close() {
	for _, t := range w.tables {
		for _, st := range t.stmts {
			st.Close()
		}
	}
}

// addThread buffers a thread, its posts, revisions, tags and boosts. The
// thread row is written with its final counters, computed from what is
// inserted.
func (w *bulkWriter) addThread(ctx context.Context, bt *BulkThread) error {
	row := bt.Row
	threadID, firstID := w.nextThread, w.nextPost
	w.nextThread++
	w.nextPost += int64(1 + len(bt.Replies))
	created := ms(row.CreatedAt)
	recommended := map[int]bool{}
	for _, i := range bt.Recommended {
		recommended[i] = true
	}
	last, accepted := created, int64(0)
	for i, r := range bt.Replies {
		last = max(last, ms(r.CreatedAt))
		if i == bt.Accepted {
			accepted = firstID + 1 + int64(i)
		}
	}
	solved := b2i(accepted != 0 || len(recommended) > 0)
	if err := w.add(ctx, bulkThreads, threadID, row.SubtopicID, row.AuthorID, row.Title, row.Slug, row.Excerpt, firstID, created, last,
		len(bt.Replies)+1, len(bt.Replies), len(bt.Boosters), bt.Views, accepted, len(recommended), solved); err != nil {
		return err
	}
	for _, tg := range row.TagIDs {
		if err := w.add(ctx, bulkTags, threadID, tg); err != nil {
			return err
		}
	}
	if err := w.addPost(ctx, firstID, threadID, 1, row.AuthorID, row.Body, created, row.Title, bt.Boosters, false, 0); err != nil {
		return err
	}
	for i, r := range bt.Replies {
		if err := w.addPost(ctx, firstID+1+int64(i), threadID, i+2, r.AuthorID, r.Body, ms(r.CreatedAt), "", r.Boosters,
			recommended[i], bt.RecommendBy); err != nil {
			return err
		}
	}
	return nil
}

func (w *bulkWriter) addPost(ctx context.Context, id, threadID int64, number int, author int64, body forum.RenderedBody, at int64,
	title string, boosters []int64, recommended bool, by int64) error {
	recBy := int64(0)
	if recommended {
		recBy = by
	}
	if err := w.add(ctx, bulkPosts, id, threadID, number, author, body.Source, body.HTML, body.Text, at, len(boosters),
		b2i(recommended), recBy); err != nil {
		return err
	}
	if err := w.add(ctx, bulkRevisions, id, 1, title, body.Source, author, at); err != nil {
		return err
	}
	for _, u := range boosters {
		if err := w.add(ctx, bulkBoosts, id, u, at); err != nil {
			return err
		}
	}
	return nil
}

// finish writes what is still buffered and moves the id sequences (where
// the engine has them) past the ids assigned here.
func (w *bulkWriter) finish(ctx context.Context) error {
	if err := w.flush(ctx, len(w.tables)-1); err != nil {
		return err
	}
	// Ids were chosen here: the engine's id sequences must move past them.
	for _, table := range []string{"threads", "posts"} {
		if err := w.s.d.SyncIDs(w.s.execUnprepared(ctx, w.tx), table); err != nil {
			return fmt.Errorf("advance %s ids: %w", table, err)
		}
	}
	return nil
}
