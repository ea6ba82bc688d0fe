package forum

import ()

// The functions here build a write's answer from the rows it wrote and
// what its transaction returned, matching field for field what a read
// after the commit would return (internal/api's
// TestCommittedWriteAnswersSuccess holds them to that).

// createdThread is a new thread and its opening post.
func createdThread(row NewThreadRow, sub *Subtopic, actor *User, tags []string, threadID, postID int64) (*Thread, *Post) {
	at := msTime(row.CreatedAt)
	t := &Thread{ID: threadID, Title: row.Title, Slug: row.Slug, Excerpt: row.Excerpt,
		Subtopic: SubtopicRef{ID: sub.ID, Slug: sub.Slug, Title: sub.Title}, Author: authorOf(actor), Tags: tags,
		FirstPostID: postID, Pinned: row.Pinned, Locked: row.Locked, CreatedAt: at, LastActivityAt: at, PostSeq: 1}
	p := &Post{ID: postID, ThreadID: threadID, Number: 1, Author: authorOf(actor), BodySource: row.Body.Source,
		BodyHTML: row.Body.HTML, CreatedAt: at, RevisionCount: 1}
	return t, p
}

// createdReply is a new reply and its thread after it: before is the
// thread as read before the write.
func createdReply(before *Thread, row NewPostRow, actor *User, c Committed) (*Thread, *Post) {
	at := msTime(row.CreatedAt)
	t := *before
	t.ReplyCount++
	t.PostSeq = max(t.PostSeq, c.Number)
	if at.After(t.LastActivityAt) {
		t.LastActivityAt = at
	}
	p := &Post{ID: c.PostID, ThreadID: row.ThreadID, Number: c.Number, Author: authorOf(actor),
		BodySource: row.Body.Source, BodyHTML: row.Body.HTML, CreatedAt: at, RevisionCount: 1}
	return &t, p
}

// editedPost is a post and its thread after an edit.
func editedPost(before *Post, thread *Thread, row EditPostRow, c Committed) (*Post, *Thread) {
	p := *before
	p.BodySource, p.BodyHTML = row.Body.Source, row.Body.HTML
	p.RevisionCount, p.EditedAt = c.Revisions, c.EditedAt
	t := *thread
	if p.Number == 1 && row.Title != "" {
		t.Title, t.Slug, t.Excerpt = row.Title, row.Slug, row.Excerpt
	}
	if at := msTime(row.At); at.After(t.LastActivityAt) {
		t.LastActivityAt = at
	}
	return &p, &t
}
