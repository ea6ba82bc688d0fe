package web

import (
	"errors"
	"net/http"

	"github.com/parley-forum/parley/internal/forum"
)

type adminEmailData struct {
	Status string
	Counts map[string]int
	Emails []forum.OutboundEmail
	Filter []string
}

// adminEmail lists the email outbox: queued, sent, and failed with the
// SMTP server's last answer.
func (w *Web) adminEmail(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.adminUser(rw, r, forum.ActAdminEmail)
	if !ok {
		return
	}
	status := r.URL.Query().Get("status")
	list, counts, err := w.Service.Emails(r.Context(), u, status, 200)
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		status, err = "", nil
		list, counts, err = w.Service.Emails(r.Context(), u, "", 200)
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderAdmin(rw, r, "admin_email", "Email", "/admin/email", http.StatusOK, &adminEmailData{Status: status, Counts: counts, Emails: list,
		Filter: []string{forum.EmailQueued, forum.EmailSent, forum.EmailFailed}})
}
