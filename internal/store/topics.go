package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// Topics returns every topic with its subtopics, thread counts and latest
// activity, in display order.
func (s *Store) Topics(ctx context.Context) ([]forum.Topic, error) {
	rows, err := s.eng.Read.QueryContext(ctx, `
		SELECT t.id, t.title, t.slug, t.description, t.position, t.archived, t.version,
		       s.id, s.title, s.slug, s.description, s.docs_title, s.docs_url, s.thread_count,
		       s.position, s.archived, s.staff_only, s.require_tag, s.version,
		       COALESCE((SELECT MAX(th.last_activity_at) FROM threads th
		                 WHERE th.subtopic_id = s.id AND th.deleted = 0), 0)
		FROM topics t LEFT JOIN subtopics s ON s.topic_id = t.id
		ORDER BY t.position, t.id, s.position, s.id`)
	if err != nil {
		return nil, fmt.Errorf("list topics: %w", s.classify(err))
	}
	defer rows.Close()
	var topics []forum.Topic
	for rows.Next() {
		var t forum.Topic
		var tarch int
		var sid, count, spos, sarch, staff, req, sver sql.NullInt64
		var st, sslug, sdesc, dtitle, durl sql.NullString
		var last int64
		if err := rows.Scan(&t.ID, &t.Title, &t.Slug, &t.Description, &t.Position, &tarch, &t.Version,
			&sid, &st, &sslug, &sdesc, &dtitle, &durl, &count, &spos, &sarch, &staff, &req, &sver, &last); err != nil {
			return nil, fmt.Errorf("scan topic: %w", err)
		}
		t.Archived = tarch == 1
		if len(topics) == 0 || topics[len(topics)-1].ID != t.ID {
			topics = append(topics, t)
		}
		if sid.Valid {
			cur := &topics[len(topics)-1]
			cur.Subtopics = append(cur.Subtopics, forum.Subtopic{
				ID: sid.Int64, TopicID: t.ID, TopicTitle: t.Title, Title: st.String, Slug: sslug.String,
				Description: sdesc.String, DocsTitle: dtitle.String, DocsURL: durl.String,
				Position: int(spos.Int64), Archived: sarch.Int64 == 1, TopicArchived: t.Archived,
				StaffOnly: staff.Int64 == 1, RequireTag: req.Int64 == 1, Version: int(sver.Int64),
				ThreadCount: int(count.Int64), LastActivityAt: msTime(last),
			})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, s.classify(err)
	}
	allowed, err := s.allowedTags(ctx, 0)
	if err != nil {
		return nil, err
	}
	for i := range topics {
		for j := range topics[i].Subtopics {
			topics[i].Subtopics[j].AllowedTags = allowed[topics[i].Subtopics[j].ID]
		}
	}
	return topics, nil
}

// allowedTags reads the tag lists of restricted subtopics (of one, when
// subtopicID is not 0), by subtopic, names in order.
func (s *Store) allowedTags(ctx context.Context, subtopicID int64) (map[int64][]string, error) {
	q := `SELECT st.subtopic_id, g.name FROM subtopic_tags st JOIN tags g ON g.id = st.tag_id`
	var args []any
	if subtopicID != 0 {
		q += ` WHERE st.subtopic_id = ?`
		args = append(args, subtopicID)
	}
	rows, err := s.query(ctx, q+` ORDER BY st.subtopic_id, `+s.d.ByteOrder("g.name"), args...)
	if err != nil {
		return nil, fmt.Errorf("list allowed tags: %w", s.classify(err))
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("scan allowed tag: %w", err)
		}
		out[id] = append(out[id], name)
	}
	return out, s.classify(rows.Err())
}

const subtopicColumns = `s.id, s.topic_id, t.title, s.title, s.slug, s.description, s.docs_title, s.docs_url, s.thread_count,
		       s.position, s.archived, t.archived, s.staff_only, s.require_tag, s.version,
		       COALESCE((SELECT MAX(th.last_activity_at) FROM threads th WHERE th.subtopic_id = s.id AND th.deleted = 0), 0)
		FROM subtopics s JOIN topics t ON t.id = s.topic_id`

func (s *Store) loadSubtopic(ctx context.Context, what, where string, arg any) (*forum.Subtopic, error) {
	var sub forum.Subtopic
	var last int64
	var arch, tarch, staff, req int
	err := s.queryRow(ctx, `SELECT `+subtopicColumns+` WHERE `+where, arg).
		Scan(&sub.ID, &sub.TopicID, &sub.TopicTitle, &sub.Title, &sub.Slug, &sub.Description, &sub.DocsTitle, &sub.DocsURL, &sub.ThreadCount,
			&sub.Position, &arch, &tarch, &staff, &req, &sub.Version, &last)
	if err != nil {
		return nil, fmt.Errorf("load subtopic %s: %w", what, s.classify(err))
	}
	sub.Archived, sub.TopicArchived, sub.StaffOnly, sub.RequireTag = arch == 1, tarch == 1, staff == 1, req == 1
	sub.LastActivityAt = msTime(last)
	allowed, err := s.allowedTags(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	sub.AllowedTags = allowed[sub.ID]
	return &sub, nil
}

// SubtopicBySlug loads one subtopic.
func (s *Store) SubtopicBySlug(ctx context.Context, slug string) (*forum.Subtopic, error) {
	return s.loadSubtopic(ctx, fmt.Sprintf("%q", slug), "s.slug = ?", slug)
}

// SubtopicByID loads one subtopic.
func (s *Store) SubtopicByID(ctx context.Context, id int64) (*forum.Subtopic, error) {
	return s.loadSubtopic(ctx, fmt.Sprint(id), "s.id = ?", id)
}

// TopicByID loads one topic without its subtopics.
func (s *Store) TopicByID(ctx context.Context, id int64) (*forum.Topic, error) {
	var t forum.Topic
	var arch int
	err := s.queryRow(ctx, `SELECT id, title, slug, description, position, archived, version FROM topics WHERE id = ?`, id).
		Scan(&t.ID, &t.Title, &t.Slug, &t.Description, &t.Position, &arch, &t.Version)
	if err != nil {
		return nil, fmt.Errorf("load topic %d: %w", id, s.classify(err))
	}
	t.Archived = arch == 1
	return &t, nil
}

// Tags returns every tag by name, with its synonyms.
func (s *Store) Tags(ctx context.Context) ([]forum.Tag, error) {
	rows, err := s.eng.Read.QueryContext(ctx, `SELECT id, name, description, version, thread_count FROM tags ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", s.classify(err))
	}
	defer rows.Close()
	var tags []forum.Tag
	for rows.Next() {
		var t forum.Tag
		if err := rows.Scan(&t.ID, &t.Name, &t.Description, &t.Version, &t.ThreadCount); err != nil {
			return nil, fmt.Errorf("scan tag: %w", err)
		}
		tags = append(tags, t)
	}
	if err := rows.Err(); err != nil {
		return nil, s.classify(err)
	}
	syn, err := s.synonyms(ctx, 0)
	if err != nil {
		return nil, err
	}
	for i := range tags {
		tags[i].Synonyms = syn[tags[i].ID]
	}
	return tags, nil
}

// synonyms reads tag synonyms (of one tag, when tagID is not 0) by tag.
func (s *Store) synonyms(ctx context.Context, tagID int64) (map[int64][]string, error) {
	q := `SELECT tag_id, name FROM tag_synonyms`
	var args []any
	if tagID != 0 {
		q += ` WHERE tag_id = ?`
		args = append(args, tagID)
	}
	rows, err := s.query(ctx, q+` ORDER BY tag_id, `+s.d.ByteOrder("name"), args...)
	if err != nil {
		return nil, fmt.Errorf("list tag synonyms: %w", s.classify(err))
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("scan synonym: %w", err)
		}
		out[id] = append(out[id], name)
	}
	return out, s.classify(rows.Err())
}

// TagByName loads one tag.
func (s *Store) TagByName(ctx context.Context, name string) (*forum.Tag, error) {
	var t forum.Tag
	err := s.queryRow(ctx, (`SELECT id, name, description, version, thread_count FROM tags WHERE name = ?`), name).
		Scan(&t.ID, &t.Name, &t.Description, &t.Version, &t.ThreadCount)
	if err != nil {
		return nil, fmt.Errorf("load tag %q: %w", name, s.classify(err))
	}
	syn, err := s.synonyms(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	t.Synonyms = syn[t.ID]
	return &t, nil
}

// CreateTopic inserts a topic and sets its ID.
func (s *Store) CreateTopic(ctx context.Context, t *forum.Topic) error {
	return s.tx(ctx, "create topic "+t.Slug, func(tx *sql.Tx) error {
		return s.txQueryRow(ctx, tx, (`INSERT INTO topics (title, slug, description, position)
			VALUES (?, ?, ?, (SELECT COUNT(*) FROM topics)) RETURNING id`), t.Title, t.Slug, t.Description).Scan(&t.ID)
	})
}

// CreateSubtopic inserts a subtopic and sets its ID.
func (s *Store) CreateSubtopic(ctx context.Context, sub *forum.Subtopic) error {
	return s.tx(ctx, "create subtopic "+sub.Slug, func(tx *sql.Tx) error {
		return s.txQueryRow(ctx, tx, (`INSERT INTO subtopics (topic_id, title, slug, description, docs_title, docs_url, position)
			VALUES (?, ?, ?, ?, ?, ?, (SELECT COUNT(*) FROM subtopics WHERE topic_id = ?)) RETURNING id`),
			sub.TopicID, sub.Title, sub.Slug, sub.Description, sub.DocsTitle, sub.DocsURL, sub.TopicID).Scan(&sub.ID)
	})
}

// CreateTag inserts a tag and sets its ID.
func (s *Store) CreateTag(ctx context.Context, t *forum.Tag) error {
	return s.tx(ctx, "create tag "+t.Name, func(tx *sql.Tx) error {
		return s.txQueryRow(ctx, tx, (`INSERT INTO tags (name, description) VALUES (?, ?) RETURNING id`),
			t.Name, t.Description).Scan(&t.ID)
	})
}

// msTime turns stored Unix milliseconds into a UTC time; 0 is the zero time.
func msTime(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// ms turns a time into stored Unix milliseconds; the zero time is 0.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
