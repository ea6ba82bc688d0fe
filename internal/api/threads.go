package api

import (
	"net/http"

	"github.com/parley-forum/parley/internal/forum"
)

// createThread handles POST /api/threads.
func (a *API) createThread(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	var req threadRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	wr, err := a.svc.CreateThread(r.Context(), u, forum.Client{IP: a.clientIP(r)}, forum.ThreadInput{
		Title: req.Title, Subtopic: req.Subtopic, Tags: req.Tags, Body: req.Body, Redact: req.Redact,
		Key: idempotencyKey(r)})
	if err != nil {
		return err
	}
	markReplay(w, wr.Replayed)
	t := a.thread(wr.Thread)
	w.Header().Set("Location", t.URL)
	return a.ok(w, r, http.StatusCreated, CreatedThreadDTO{ID: wr.ThreadID, PostID: wr.PostID, URL: t.URL,
		Thread: t, Redactions: redactions(wr.Redactions)})
}

// createReply handles POST /api/threads/{id}/replies.
func (a *API) createReply(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	threadID, err := pathID(r)
	if err != nil {
		return err
	}
	var req replyRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	wr, err := a.svc.Reply(r.Context(), u, forum.Client{IP: a.clientIP(r)}, threadID,
		forum.ReplyInput{Body: req.Body, Redact: req.Redact, Key: idempotencyKey(r)})
	if err != nil {
		return err
	}
	// The answer is built from what the write returned: reading the post
	// again could fail after the commit and tell the client to retry a
	// reply that was saved.
	markReplay(w, wr.Replayed)
	p := wr.Post
	post := a.post(p, wr.Thread.Slug)
	w.Header().Set("Location", post.URL)
	return a.ok(w, r, http.StatusCreated, CreatedReplyDTO{ID: p.ID, ThreadID: p.ThreadID, Number: p.Number,
		URL: post.URL, Post: post, Redactions: redactions(wr.Redactions)})
}

// setAccepted handles PUT /api/threads/{id}/accepted.
func (a *API) setAccepted(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	threadID, err := pathID(r)
	if err != nil {
		return err
	}
	var req acceptRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	var postID int64
	if req.PostID != nil {
		postID = *req.PostID
	}
	t, err := a.svc.AcceptAnswer(r.Context(), u, threadID, postID)
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusOK, a.thread(t))
}
