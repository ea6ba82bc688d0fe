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
		SELECT t.id, t.title, t.slug, t.description,
		       s.id, s.title, s.slug, s.description, s.docs_title, s.docs_url, s.thread_count,
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
		var sid sql.NullInt64
		var st, sslug, sdesc, dtitle, durl sql.NullString
		var count sql.NullInt64
		var last int64
		if err := rows.Scan(&t.ID, &t.Title, &t.Slug, &t.Description, &sid, &st, &sslug, &sdesc, &dtitle, &durl, &count, &last); err != nil {
			return nil, fmt.Errorf("scan topic: %w", err)
		}
		if len(topics) == 0 || topics[len(topics)-1].ID != t.ID {
			topics = append(topics, t)
		}
		if sid.Valid {
			cur := &topics[len(topics)-1]
			cur.Subtopics = append(cur.Subtopics, forum.Subtopic{
				ID: sid.Int64, TopicID: t.ID, TopicTitle: t.Title, Title: st.String, Slug: sslug.String,
				Description: sdesc.String, DocsTitle: dtitle.String, DocsURL: durl.String,
				ThreadCount: int(count.Int64), LastActivityAt: msTime(last),
			})
		}
	}
	return topics, s.classify(rows.Err())
}

// SubtopicBySlug loads one subtopic.
func (s *Store) SubtopicBySlug(ctx context.Context, slug string) (*forum.Subtopic, error) {
	var sub forum.Subtopic
	var last int64
	err := s.queryRow(ctx, (`
		SELECT s.id, s.topic_id, t.title, s.title, s.slug, s.description, s.docs_title, s.docs_url, s.thread_count,
		       COALESCE((SELECT MAX(th.last_activity_at) FROM threads th WHERE th.subtopic_id = s.id AND th.deleted = 0), 0)
		FROM subtopics s JOIN topics t ON t.id = s.topic_id WHERE s.slug = ?`), slug).
		Scan(&sub.ID, &sub.TopicID, &sub.TopicTitle, &sub.Title, &sub.Slug, &sub.Description, &sub.DocsTitle, &sub.DocsURL, &sub.ThreadCount, &last)
	if err != nil {
		return nil, fmt.Errorf("load subtopic %q: %w", slug, s.classify(err))
	}
	sub.LastActivityAt = msTime(last)
	return &sub, nil
}

// Tags returns every tag by name.
func (s *Store) Tags(ctx context.Context) ([]forum.Tag, error) {
	rows, err := s.eng.Read.QueryContext(ctx, `SELECT id, name, description, thread_count FROM tags ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", s.classify(err))
	}
	defer rows.Close()
	var tags []forum.Tag
	for rows.Next() {
		var t forum.Tag
		if err := rows.Scan(&t.ID, &t.Name, &t.Description, &t.ThreadCount); err != nil {
			return nil, fmt.Errorf("scan tag: %w", err)
		}
		tags = append(tags, t)
	}
	return tags, s.classify(rows.Err())
}

// TagByName loads one tag.
func (s *Store) TagByName(ctx context.Context, name string) (*forum.Tag, error) {
	var t forum.Tag
	err := s.queryRow(ctx, (`SELECT id, name, description, thread_count FROM tags WHERE name = ?`), name).
		Scan(&t.ID, &t.Name, &t.Description, &t.ThreadCount)
	if err != nil {
		return nil, fmt.Errorf("load tag %q: %w", name, s.classify(err))
	}
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
