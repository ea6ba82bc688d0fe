package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/parley-forum/parley/internal/forum"
)

// deleteConfirmData is the confirmation page of a delete, and the result
// page after one.
type deleteConfirmData struct {
	Post   *forum.Post
	Thread *forum.Thread
	// Withdraw: the author's opening post of a thread others answered is
	// withdrawn, not deleted. Whole: a moderator deletes the thread with
	// every reply in it.
	Withdraw, Whole bool
	Replies         int
	Return          string
	// Result, after the delete: what happened and whether it can be undone.
	Done    bool
	Outcome forum.DeleteOutcome
	CanUndo bool
}

// deleteSubmit deletes a post once confirmed (confirm=1, sent by the
// confirmation dialog or page); without it, it answers the confirmation
// page. Permissions are checked before either.
func (w *Web) deleteSubmit(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	p, err := w.Service.Post(r.Context(), id)
	if err == nil && p.Deleted {
		err = forum.ErrNotFound
	}
	var t *forum.Thread
	if err == nil {
		t, err = w.Service.Thread(r.Context(), p.ThreadID)
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if !forum.Can(me, forum.ActDelete, p.Author.ID, t.Author.ID, t.Locked) {
		w.fail(rw, r, forum.Forbidden("only the author or a moderator may delete this post"))
		return
	}
	d := &deleteConfirmData{Post: p, Thread: t, Replies: t.ReplyCount, Return: threadPath(t)}
	if p.Number == 1 && t.ReplyCount > 0 {
		d.Whole = me.Role.CanModerate()
		d.Withdraw = !d.Whole
	}
	if r.PostFormValue("confirm") != "1" {
		w.renderDelete(rw, r, d, http.StatusOK)
		return
	}
	res, err := w.Service.Delete(r.Context(), me, forum.DeleteRequest{PostID: id, IP: w.ClientIP(r), Confirmed: true})
	var confirm *forum.ConfirmError
	if errors.As(err, &confirm) {
		d.Replies = confirm.Replies
		w.renderDelete(rw, r, d, http.StatusConflict)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Done, d.Outcome, d.CanUndo = true, res.Outcome, res.CanUndo
	w.renderDelete(rw, r, d, http.StatusOK)
}

func (w *Web) renderDelete(rw http.ResponseWriter, r *http.Request, d *deleteConfirmData, status int) {
	rw.Header().Set("Cache-Control", "private, no-store")
	title := "Delete this post?"
	if d.Done {
		title = "Deleted"
		if d.Outcome == forum.WithdrewOpener {
			title = "Withdrawn"
		}
	}
	w.render(rw, r, "delete", &page{Title: title, NoIndex: true, Status: status, Data: d})
}

// restoreSubmit restores a deleted post or thread and goes to it.
func (w *Web) restoreSubmit(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	t, err := w.Service.RestorePost(r.Context(), me, w.ClientIP(r), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, threadPath(t)+"#post-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// purgeSubmit erases a deleted post for good once confirmed; without
// confirm=1 it answers the confirmation page.
func (w *Web) purgeSubmit(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	if !forum.Can(me, forum.ActPurge, 0, 0, false) {
		w.fail(rw, r, forum.Forbidden("only moderators may purge deleted posts"))
		return
	}
	if r.PostFormValue("confirm") != "1" {
		rw.Header().Set("Cache-Control", "private, no-store")
		w.render(rw, r, "purge", &page{Title: "Purge for good?", NoIndex: true, Data: id})
		return
	}
	if err := w.Service.PurgePost(r.Context(), me, w.ClientIP(r), id); err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/admin/deleted?purged="+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

type deletedData struct {
	Posts  []forum.DeletedPost
	Purged bool
}

// adminDeleted lists deleted posts and threads for moderators, with who
// deleted each and when, and restore and purge buttons.
func (w *Web) adminDeleted(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.adminUser(rw, r, forum.ActRestore)
	if !ok {
		return
	}
	posts, err := w.Service.DeletedPosts(r.Context(), u, forum.MaxPageSize)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderAdmin(rw, r, "admin_deleted", "Deleted posts", "/admin/deleted", http.StatusOK,
		&deletedData{Posts: posts, Purged: r.URL.Query().Get("purged") != ""})
}
