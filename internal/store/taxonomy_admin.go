package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/parley-forum/parley/internal/forum"
)

// The taxonomy administration of forum.TaxonomyAdmin. Each method is one
// transaction that checks names and slugs against the other rows first (so
// a clash is a field error naming the row, never a half-applied change),
// writes, keeps slug_history for redirects and appends its audit entry.

// slugOwner returns the title of the row of table other than id whose
// slug is slug, or "" when there is none.
func (s *Store) slugOwner(ctx context.Context, tx *sql.Tx, table, col, slug string, id int64) (string, error) {
	label := "title"
	if table == "tags" {
		label = "name"
	}
	var owner string
	err := s.txQueryRow(ctx, tx, `SELECT `+label+` FROM `+table+` WHERE `+col+` = ? AND id <> ?`, slug, id).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return owner, err
}

// keepSlug records that kind's row id was called old and lets the new
// slug take over any record of it (a live slug always wins).
func (s *Store) keepSlug(ctx context.Context, tx *sql.Tx, kind, old, new string, id int64) error {
	if _, err := s.txExec(ctx, tx, `DELETE FROM slug_history WHERE kind = ? AND slug = ?`, kind, new); err != nil {
		return err
	}
	if old == new {
		return nil
	}
	if _, err := s.txExec(ctx, tx, `DELETE FROM slug_history WHERE kind = ? AND slug = ?`, kind, old); err != nil {
		return err
	}
	_, err := s.txExec(ctx, tx, `INSERT INTO slug_history (kind, slug, target_id) VALUES (?, ?, ?)`, kind, old, id)
	return err
}

// reorder puts row id at index pos among the rows of table that share
// scope (topics: all; subtopics: one topic's), renumbering them 0, 1, ...
// in their current order, and returns where it landed (pos past the end
// means last).
func (s *Store) reorder(ctx context.Context, tx *sql.Tx, table, scope string, scopeVal any, id int64, pos int) (int, error) {
	q := `SELECT id FROM ` + table + ` WHERE id <> ?`
	args := []any{id}
	if scope != "" {
		q += ` AND ` + scope + ` = ?`
		args = append(args, scopeVal)
	}
	rows, err := tx.QueryContext(ctx, s.q(q+` ORDER BY position, id`), args...)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var x int64
		if err := rows.Scan(&x); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	pos = min(max(pos, 0), len(ids))
	ids = append(ids[:pos], append([]int64{id}, ids[pos:]...)...)
	for i, x := range ids {
		if _, err := s.txExec(ctx, tx, `UPDATE `+table+` SET position = ? WHERE id = ? AND position <> ?`, i, x, i); err != nil {
			return 0, err
		}
	}
	return pos, nil
}

// execVersioned runs an UPDATE ... WHERE id = ? AND version = ?; no row
// means a concurrent edit committed first (the row exists: the caller read
// it in this transaction), so the write is refused as stale.
func (s *Store) execVersioned(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	err := s.execOne(ctx, tx, query, args...)
	if errors.Is(err, forum.ErrNotFound) {
		return stale(nil)
	}
	return err
}

func stale(current any) error { return &forum.StaleRowError{Current: current} }

// AddTopic inserts a topic; Position -1 puts it last.
func (s *Store) AddTopic(ctx context.Context, t *forum.Topic, e *forum.AuditEntry) error {
	return s.tx(ctx, "add topic "+t.Slug, func(tx *sql.Tx) error {
		if owner, err := s.slugOwner(ctx, tx, "topics", "slug", t.Slug, 0); err != nil || owner != "" {
			if err != nil {
				return err
			}
			return forum.Invalid("slug", fmt.Sprintf("slug already used by %q", owner))
		}
		if t.Position < 0 {
			if err := s.txQueryRow(ctx, tx, `SELECT COALESCE(MAX(position) + 1, 0) FROM topics`).Scan(&t.Position); err != nil {
				return err
			}
		}
		if _, err := s.txExec(ctx, tx, `DELETE FROM slug_history WHERE kind = 'topic' AND slug = ?`, t.Slug); err != nil {
			return err
		}
		if err := s.txQueryRow(ctx, tx, `INSERT INTO topics (title, slug, description, position, archived)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, t.Title, t.Slug, t.Description, t.Position, b2i(t.Archived)).Scan(&t.ID); err != nil {
			return err
		}
		t.Version = 1
		if e != nil {
			e.TargetID = t.ID
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// UpdateTopic writes every field of t if its row is still at t.Version (0
// skips the check) and increments the version.
func (s *Store) UpdateTopic(ctx context.Context, t *forum.Topic, e *forum.AuditEntry) error {
	return s.tx(ctx, "update topic "+t.Slug, func(tx *sql.Tx) error {
		var oldSlug string
		var version int
		if err := s.txQueryRow(ctx, tx, `SELECT slug, version FROM topics WHERE id = ?`, t.ID).Scan(&oldSlug, &version); err != nil {
			return err
		}
		if t.Version != 0 && t.Version != version {
			cur, err := s.topicIn(ctx, tx, t.ID)
			if err != nil {
				return err
			}
			return stale(cur)
		}
		if owner, err := s.slugOwner(ctx, tx, "topics", "slug", t.Slug, t.ID); err != nil || owner != "" {
			if err != nil {
				return err
			}
			return forum.Invalid("slug", fmt.Sprintf("slug already used by %q", owner))
		}
		if err := s.execVersioned(ctx, tx, `UPDATE topics SET title = ?, slug = ?, description = ?, position = ?, archived = ?,
			version = version + 1 WHERE id = ? AND version = ?`,
			t.Title, t.Slug, t.Description, t.Position, b2i(t.Archived), t.ID, version); err != nil {
			return err
		}
		t.Version = version + 1
		var err error
		if t.Position, err = s.reorder(ctx, tx, "topics", "", nil, t.ID, t.Position); err != nil {
			return err
		}
		if err := s.keepSlug(ctx, tx, "topic", oldSlug, t.Slug, t.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, e)
	})
}

func (s *Store) topicIn(ctx context.Context, tx *sql.Tx, id int64) (*forum.Topic, error) {
	var t forum.Topic
	var arch int
	err := s.txQueryRow(ctx, tx, `SELECT id, title, slug, description, position, archived, version FROM topics WHERE id = ?`, id).
		Scan(&t.ID, &t.Title, &t.Slug, &t.Description, &t.Position, &arch, &t.Version)
	t.Archived = arch == 1
	return &t, err
}

// setAllowedTags replaces a subtopic's allowed list with the named tags.
func (s *Store) setAllowedTags(ctx context.Context, tx *sql.Tx, subID int64, names []string) error {
	if _, err := s.txExec(ctx, tx, `DELETE FROM subtopic_tags WHERE subtopic_id = ?`, subID); err != nil {
		return err
	}
	for _, name := range names {
		res, err := s.txExec(ctx, tx, `INSERT INTO subtopic_tags (subtopic_id, tag_id) SELECT ?, id FROM tags WHERE name = ?`, subID, name)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err != nil {
				return err
			}
			return forum.Invalid("allowed_tags", fmt.Sprintf("unknown tag %q", name))
		}
	}
	return nil
}

func (s *Store) checkSubtopic(ctx context.Context, tx *sql.Tx, sub *forum.Subtopic) error {
	var n int
	if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM topics WHERE id = ?`, sub.TopicID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return forum.Invalid("topic", "does not exist")
	}
	owner, err := s.slugOwner(ctx, tx, "subtopics", "slug", sub.Slug, sub.ID)
	if err != nil {
		return err
	}
	if owner != "" {
		return forum.Invalid("slug", fmt.Sprintf("slug already used by %q", owner))
	}
	return nil
}

// AddSubtopic inserts a subtopic; Position -1 puts it last in its topic.
func (s *Store) AddSubtopic(ctx context.Context, sub *forum.Subtopic, e *forum.AuditEntry) error {
	return s.tx(ctx, "add subtopic "+sub.Slug, func(tx *sql.Tx) error {
		if err := s.checkSubtopic(ctx, tx, sub); err != nil {
			return err
		}
		if sub.Position < 0 {
			if err := s.txQueryRow(ctx, tx, `SELECT COALESCE(MAX(position) + 1, 0) FROM subtopics WHERE topic_id = ?`, sub.TopicID).Scan(&sub.Position); err != nil {
				return err
			}
		}
		if _, err := s.txExec(ctx, tx, `DELETE FROM slug_history WHERE kind = 'subtopic' AND slug = ?`, sub.Slug); err != nil {
			return err
		}
		if err := s.txQueryRow(ctx, tx, `INSERT INTO subtopics (topic_id, title, slug, description, docs_title, docs_url, position,
			archived, staff_only, require_tag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			sub.TopicID, sub.Title, sub.Slug, sub.Description, sub.DocsTitle, sub.DocsURL, sub.Position,
			b2i(sub.Archived), b2i(sub.StaffOnly), b2i(sub.RequireTag)).Scan(&sub.ID); err != nil {
			return err
		}
		sub.Version = 1
		if err := s.setAllowedTags(ctx, tx, sub.ID, sub.AllowedTags); err != nil {
			return err
		}
		if e != nil {
			e.TargetID = sub.ID
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// UpdateSubtopic writes every field of sub if its row is still at
// sub.Version (0 skips the check) and increments the version.
func (s *Store) UpdateSubtopic(ctx context.Context, sub *forum.Subtopic, e *forum.AuditEntry) error {
	return s.tx(ctx, "update subtopic "+sub.Slug, func(tx *sql.Tx) error {
		var oldSlug string
		var version int
		if err := s.txQueryRow(ctx, tx, `SELECT slug, version FROM subtopics WHERE id = ?`, sub.ID).Scan(&oldSlug, &version); err != nil {
			return err
		}
		if sub.Version != 0 && sub.Version != version {
			return stale(nil) // the Service loads the current row for the answer
		}
		if err := s.checkSubtopic(ctx, tx, sub); err != nil {
			return err
		}
		if err := s.execVersioned(ctx, tx, `UPDATE subtopics SET topic_id = ?, title = ?, slug = ?, description = ?, docs_title = ?,
			docs_url = ?, position = ?, archived = ?, staff_only = ?, require_tag = ?, version = version + 1
			WHERE id = ? AND version = ?`,
			sub.TopicID, sub.Title, sub.Slug, sub.Description, sub.DocsTitle, sub.DocsURL, sub.Position,
			b2i(sub.Archived), b2i(sub.StaffOnly), b2i(sub.RequireTag), sub.ID, version); err != nil {
			return err
		}
		sub.Version = version + 1
		var err error
		if sub.Position, err = s.reorder(ctx, tx, "subtopics", "topic_id", sub.TopicID, sub.ID, sub.Position); err != nil {
			return err
		}
		if err := s.setAllowedTags(ctx, tx, sub.ID, sub.AllowedTags); err != nil {
			return err
		}
		if err := s.keepSlug(ctx, tx, "subtopic", oldSlug, sub.Slug, sub.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// DeleteSubtopic deletes a subtopic, first moving its threads to moveTo.
func (s *Store) DeleteSubtopic(ctx context.Context, id, moveTo int64, e *forum.AuditEntry) error {
	return s.tx(ctx, fmt.Sprintf("delete subtopic %d", id), func(tx *sql.Tx) error {
		var title string
		if err := s.txQueryRow(ctx, tx, `SELECT title FROM subtopics WHERE id = ?`, id).Scan(&title); err != nil {
			return err
		}
		var threads, live int
		if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*), COALESCE(SUM(1 - deleted), 0) FROM threads WHERE subtopic_id = ?`, id).Scan(&threads, &live); err != nil {
			return err
		}
		if threads > 0 && moveTo == 0 {
			return forum.Invalid("move_to", fmt.Sprintf("%s still has %d threads: choose a subtopic to move them to", title, live))
		}
		if threads > 0 {
			var n int
			if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM subtopics WHERE id = ?`, moveTo).Scan(&n); err != nil {
				return err
			}
			if n == 0 || moveTo == id {
				return forum.Invalid("move_to", "must be another existing subtopic")
			}
			if _, err := s.txExec(ctx, tx, `UPDATE threads SET subtopic_id = ? WHERE subtopic_id = ?`, moveTo, id); err != nil {
				return err
			}
			if _, err := s.txExec(ctx, tx, `UPDATE subtopics SET thread_count = thread_count + ? WHERE id = ?`, live, moveTo); err != nil {
				return err
			}
			if err := s.reindexSubtopic(ctx, tx, moveTo); err != nil {
				return err
			}
		}
		for _, q := range []string{
			`DELETE FROM subtopic_tags WHERE subtopic_id = ?`,
			`DELETE FROM slug_history WHERE kind = 'subtopic' AND target_id = ?`,
		} {
			if _, err := s.txExec(ctx, tx, q, id); err != nil {
				return err
			}
		}
		if err := s.execOne(ctx, tx, `DELETE FROM subtopics WHERE id = ?`, id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// reindexSubtopic rewrites the search rows of every thread of a subtopic
// (on SQLite they carry its id).
func (s *Store) reindexSubtopic(ctx context.Context, tx *sql.Tx, subID int64) error {
	if !s.d.IndexesTaxonomy() {
		return nil
	}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT id FROM threads WHERE subtopic_id = ? AND deleted = 0`), subID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.reindexThread(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) checkTagNames(ctx context.Context, tx *sql.Tx, t *forum.Tag) error {
	owner, err := s.slugOwner(ctx, tx, "tags", "name", t.Name, t.ID)
	if err != nil {
		return err
	}
	if owner != "" {
		return forum.Invalid("name", fmt.Sprintf("name already used by the tag %q", owner))
	}
	var syn string
	err = s.txQueryRow(ctx, tx, `SELECT g.name FROM tag_synonyms y JOIN tags g ON g.id = y.tag_id WHERE y.name = ? AND y.tag_id <> ?`, t.Name, t.ID).Scan(&syn)
	if err == nil {
		return forum.Invalid("name", fmt.Sprintf("%q is a synonym of the tag %q", t.Name, syn))
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	for _, name := range t.Synonyms {
		if owner, err := s.slugOwner(ctx, tx, "tags", "name", name, 0); err != nil || owner != "" {
			if err != nil {
				return err
			}
			return forum.Invalid("synonyms", fmt.Sprintf("%q is already a tag", name))
		}
		err := s.txQueryRow(ctx, tx, `SELECT g.name FROM tag_synonyms y JOIN tags g ON g.id = y.tag_id WHERE y.name = ? AND y.tag_id <> ?`, name, t.ID).Scan(&syn)
		if err == nil {
			return forum.Invalid("synonyms", fmt.Sprintf("%q is already a synonym of the tag %q", name, syn))
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return nil
}

func (s *Store) setSynonyms(ctx context.Context, tx *sql.Tx, id int64, names []string) error {
	if _, err := s.txExec(ctx, tx, `DELETE FROM tag_synonyms WHERE tag_id = ?`, id); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := s.txExec(ctx, tx, `INSERT INTO tag_synonyms (name, tag_id) VALUES (?, ?)`, name, id); err != nil {
			return err
		}
	}
	return nil
}

// AddTag inserts a tag with its synonyms.
func (s *Store) AddTag(ctx context.Context, t *forum.Tag, e *forum.AuditEntry) error {
	return s.tx(ctx, "add tag "+t.Name, func(tx *sql.Tx) error {
		t.ID = 0
		if err := s.checkTagNames(ctx, tx, t); err != nil {
			return err
		}
		if _, err := s.txExec(ctx, tx, `DELETE FROM slug_history WHERE kind = 'tag' AND slug = ?`, t.Name); err != nil {
			return err
		}
		if err := s.txQueryRow(ctx, tx, `INSERT INTO tags (name, description) VALUES (?, ?) RETURNING id`, t.Name, t.Description).Scan(&t.ID); err != nil {
			return err
		}
		t.Version = 1
		if err := s.setSynonyms(ctx, tx, t.ID, t.Synonyms); err != nil {
			return err
		}
		if e != nil {
			e.TargetID = t.ID
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// UpdateTag renames and describes a tag and replaces its synonyms, if its
// row is still at t.Version (0 skips the check). A new name reindexes its
// threads' search rows on engines that index tags.
func (s *Store) UpdateTag(ctx context.Context, t *forum.Tag, e *forum.AuditEntry) error {
	return s.tx(ctx, "update tag "+t.Name, func(tx *sql.Tx) error {
		var oldName string
		var version int
		if err := s.txQueryRow(ctx, tx, `SELECT name, version FROM tags WHERE id = ?`, t.ID).Scan(&oldName, &version); err != nil {
			return err
		}
		if t.Version != 0 && t.Version != version {
			return stale(nil)
		}
		if err := s.checkTagNames(ctx, tx, t); err != nil {
			return err
		}
		if err := s.execVersioned(ctx, tx, `UPDATE tags SET name = ?, description = ?, version = version + 1 WHERE id = ? AND version = ?`,
			t.Name, t.Description, t.ID, version); err != nil {
			return err
		}
		t.Version = version + 1
		if err := s.setSynonyms(ctx, tx, t.ID, t.Synonyms); err != nil {
			return err
		}
		if err := s.keepSlug(ctx, tx, "tag", oldName, t.Name, t.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// MergeTags moves from's threads to into (a thread carrying both keeps
// one), recounts into, deletes from and keeps its name as into's synonym
// and redirect.
func (s *Store) MergeTags(ctx context.Context, from, into int64, e *forum.AuditEntry) error {
	return s.tx(ctx, fmt.Sprintf("merge tag %d into %d", from, into), func(tx *sql.Tx) error {
		var fromName string
		if err := s.txQueryRow(ctx, tx, `SELECT name FROM tags WHERE id = ?`, from).Scan(&fromName); err != nil {
			return err
		}
		var n int
		if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM tags WHERE id = ?`, into).Scan(&n); err != nil {
			return err
		}
		if n == 0 || from == into {
			return forum.Invalid("into", "must be another existing tag")
		}
		threads, err := s.tagThreads(ctx, tx, from)
		if err != nil {
			return err
		}
		for _, q := range []string{
			`INSERT INTO thread_tags (thread_id, tag_id) SELECT thread_id, ? FROM thread_tags tt
				WHERE tt.tag_id = ? AND NOT EXISTS (SELECT 1 FROM thread_tags x WHERE x.tag_id = ? AND x.thread_id = tt.thread_id)`,
			`INSERT INTO subtopic_tags (subtopic_id, tag_id) SELECT subtopic_id, ? FROM subtopic_tags st
				WHERE st.tag_id = ? AND NOT EXISTS (SELECT 1 FROM subtopic_tags x WHERE x.tag_id = ? AND x.subtopic_id = st.subtopic_id)`,
		} {
			if _, err := s.txExec(ctx, tx, q, into, from, into); err != nil {
				return err
			}
		}
		for _, q := range []string{
			`DELETE FROM thread_tags WHERE tag_id = ?`,
			`DELETE FROM subtopic_tags WHERE tag_id = ?`,
		} {
			if _, err := s.txExec(ctx, tx, q, from); err != nil {
				return err
			}
		}
		if _, err := s.txExec(ctx, tx, `UPDATE tag_synonyms SET tag_id = ? WHERE tag_id = ?`, into, from); err != nil {
			return err
		}
		if _, err := s.txExec(ctx, tx, `UPDATE slug_history SET target_id = ? WHERE kind = 'tag' AND target_id = ?`, into, from); err != nil {
			return err
		}
		if err := s.execOne(ctx, tx, `DELETE FROM tags WHERE id = ?`, from); err != nil {
			return err
		}
		if _, err := s.txExec(ctx, tx, `INSERT INTO tag_synonyms (name, tag_id) VALUES (?, ?)`, fromName, into); err != nil {
			return err
		}
		if err := s.keepSlug(ctx, tx, "tag", fromName, "", into); err != nil {
			return err
		}
		if err := s.recountTag(ctx, tx, into); err != nil {
			return err
		}
		for _, id := range threads {
			if err := s.reindexThread(ctx, tx, id); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// tagThreads lists the live threads carrying a tag (for reindexing).
func (s *Store) tagThreads(ctx context.Context, tx *sql.Tx, tagID int64) ([]int64, error) {
	if !s.d.IndexesTaxonomy() {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT tt.thread_id FROM thread_tags tt JOIN threads t ON t.id = tt.thread_id
		WHERE tt.tag_id = ? AND t.deleted = 0`), tagID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, s.classify(rows.Err())
}

func (s *Store) recountTag(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := s.txExec(ctx, tx, `UPDATE tags SET thread_count = (SELECT COUNT(*) FROM thread_tags tt JOIN threads t ON t.id = tt.thread_id
		WHERE tt.tag_id = tags.id AND t.deleted = 0) WHERE id = ?`, id)
	return err
}

// DeleteTag removes a tag from every thread and deletes it.
func (s *Store) DeleteTag(ctx context.Context, id int64, e *forum.AuditEntry) error {
	return s.tx(ctx, fmt.Sprintf("delete tag %d", id), func(tx *sql.Tx) error {
		threads, err := s.tagThreads(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM thread_tags WHERE tag_id = ?`,
			`DELETE FROM subtopic_tags WHERE tag_id = ?`,
			`DELETE FROM tag_synonyms WHERE tag_id = ?`,
			`DELETE FROM slug_history WHERE kind = 'tag' AND target_id = ?`,
		} {
			if _, err := s.txExec(ctx, tx, q, id); err != nil {
				return err
			}
		}
		if err := s.execOne(ctx, tx, `DELETE FROM tags WHERE id = ?`, id); err != nil {
			return err
		}
		for _, tid := range threads {
			if err := s.reindexThread(ctx, tx, tid); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// ResolveTag finds a tag by name, then by synonym.
func (s *Store) ResolveTag(ctx context.Context, name string) (*forum.Tag, error) {
	t, err := s.TagByName(ctx, name)
	if !errors.Is(err, forum.ErrNotFound) {
		return t, err
	}
	var main string
	if err := s.queryRow(ctx, `SELECT g.name FROM tag_synonyms y JOIN tags g ON g.id = y.tag_id WHERE y.name = ?`, name).Scan(&main); err != nil {
		return nil, fmt.Errorf("resolve tag %q: %w", name, s.classify(err))
	}
	return s.TagByName(ctx, main)
}

// SlugRedirect returns the current slug of what kind's row was once
// called old.
func (s *Store) SlugRedirect(ctx context.Context, kind, old string) (string, error) {
	tables := map[string]string{"subtopic": "subtopics", "topic": "topics", "tag": "tags"}
	table, ok := tables[kind]
	if !ok {
		return "", fmt.Errorf("slug redirect: unknown kind %q: %w", kind, forum.ErrNotFound)
	}
	col := "slug"
	if kind == "tag" {
		col = "name"
	}
	var cur string
	err := s.queryRow(ctx, `SELECT x.`+col+` FROM slug_history h JOIN `+table+` x ON x.id = h.target_id
		WHERE h.kind = ? AND h.slug = ?`, kind, old).Scan(&cur)
	if err != nil {
		return "", fmt.Errorf("slug redirect %s %q: %w", kind, old, s.classify(err))
	}
	return cur, nil
}
