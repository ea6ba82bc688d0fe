package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/jobs"
	"github.com/parley-forum/parley/internal/mail"
	"github.com/parley-forum/parley/internal/metrics"
	"github.com/parley-forum/parley/internal/store"
)

// emailArgs is the job that delivers one outbox email.
type emailArgs struct {
	EmailID int64 `json:"email_id"`
}

func (emailArgs) Kind() string { return forum.JobEmail }

// mailer renders and sends outbox emails; one per node.
type mailer struct {
	st      forum.MailStore
	svc     *forum.Service
	send    *mail.Sender // nil: this node sends no email
	baseURL string
	host    string
	log     *slog.Logger

	sent, failed atomic.Uint64

	mu       sync.Mutex
	countsAt time.Time
	counts   map[string]int
}

// newMailer reads the SMTP options; without --smtp-host the forum sends
// no email and the forms that need it say so.
func newMailer(cfg *config.Config, st forum.MailStore, svc *forum.Service, logger *slog.Logger) (*mailer, error) {
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		base = "http://" + cfg.Addr
	}
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("mail: base URL %q has no host", base)
	}
	m := &mailer{st: st, svc: svc, baseURL: base, host: u.Hostname(), log: logger.With("component", "mail")}
	if cfg.SMTPHost == "" {
		return m, nil
	}
	from := cfg.MailFrom
	if from == "" {
		name := strings.NewReplacer(`"`, "", "<", "", ">", "").Replace(svc.Site().Name)
		from = fmt.Sprintf("%q <noreply@%s>", name, m.host)
	}
	s, err := mail.New(mail.Config{Host: cfg.SMTPHost, Port: cfg.SMTPPort, TLS: cfg.SMTPTLS,
		User: cfg.SMTPUser, Password: cfg.SMTPPassword, From: from, ReplyTo: cfg.MailReplyTo})
	if err != nil {
		return nil, fmt.Errorf("--mail-from / --smtp-*: %w", err)
	}
	m.send = s
	return m, nil
}

// register adds the email worker when this node sends email.
func (m *mailer) register(ws *jobs.Workers) {
	if m.send != nil {
		jobs.AddWorker(ws, &emailWorker{m: m})
	}
}

// emailAttempts is how often delivery is tried: with the queue's backoff
// (10 s doubling to at most 1 h) an email keeps waiting through an SMTP
// outage of about ten hours before it is marked failed.
const emailAttempts = 20

// enqueuer puts an email's delivery job in the transaction that wrote it.
// The job is unique by its email id, and the outbox row by its cause, so
// one cause never sends two emails.
func (m *mailer) enqueuer(q *jobs.Queue) store.EmailEnqueuer {
	return func(ctx context.Context, tx *sql.Tx, e *forum.OutboundEmail) error {
		_, err := q.EnqueueTx(ctx, tx, emailArgs{EmailID: e.ID}, &jobs.InsertOpts{MaxAttempts: emailAttempts, UniqueOpts: jobs.UniqueOpts{ByArgs: true}})
		return err
	}
}

type emailWorker struct {
	jobs.WorkerDefaults[emailArgs]
	m *mailer
}

// Work delivers one email. A refusal or an unreachable server returns the
// error, so the queue retries with backoff; the outbox row keeps the last
// SMTP error for /admin/email.
func (w *emailWorker) Work(ctx context.Context, job *jobs.Job[emailArgs]) error {
	m := w.m
	e, err := m.st.Email(ctx, job.Args.EmailID)
	if errors.Is(err, forum.ErrNotFound) {
		return nil // nothing left to send
	}
	if err != nil {
		return err
	}
	if e.Status == forum.EmailSent {
		return nil
	}
	msg, err := m.render(e)
	if err == nil {
		err = m.send.Send(ctx, msg)
	}
	if err != nil {
		m.failed.Add(1)
		final := job.Attempt >= job.MaxAttempts
		if merr := m.st.MarkEmailFailed(ctx, e.ID, job.Attempt, err.Error(), final); merr != nil {
			m.log.Warn("record failed email", "email", e.ID, "err", merr)
		}
		return err
	}
	m.sent.Add(1)
	// Sent: a failure to record it would send it again on the retry,
	// with the same Message-ID; keep trying the write briefly instead.
	if err := m.st.MarkEmailSent(context.WithoutCancel(ctx), e.ID, time.Now()); err != nil {
		m.log.Warn("record sent email", "email", e.ID, "err", err)
	}
	return nil
}

// render builds the message of one outbox row.
func (m *mailer) render(e *forum.OutboundEmail) (mail.Message, error) {
	site := m.svc.Site()
	d := mail.Data{Forum: site.Name, Name: e.Data["name"], SettingsURL: m.baseURL + "/account"}
	if d.Name == "" {
		d.Name = e.Data["username"]
	}
	switch e.Kind {
	case "reset":
		d.Link = m.baseURL + "/reset/" + url.PathEscape(e.Data["token"])
		d.Expires = "1 hour"
		d.Reason = fmt.Sprintf("You got this email because a password reset was asked for the account @%s on %s.", e.Data["username"], site.Name)
	case "verify":
		d.Link = m.baseURL + "/verify/" + url.PathEscape(e.Data["token"])
		d.Expires = "48 hours"
		d.Reason = fmt.Sprintf("You got this email because the account @%s was created on %s with this address.", e.Data["username"], site.Name)
	case "email-change":
		d.Link = m.baseURL + "/confirm-email/" + url.PathEscape(e.Data["token"])
		d.Expires = "48 hours"
		d.Reason = fmt.Sprintf("You got this email because the account @%s on %s asked to use this address.", e.Data["username"], site.Name)
	case "invite":
		d.Link = m.baseURL + "/signup?invite=" + url.QueryEscape(e.Data["code"])
		d.Detail = e.Data["note"]
		d.Expires = e.Data["expires"]
		d.Reason = fmt.Sprintf("You got this email because a member of the staff of %s invited this address.", site.Name)
		d.SettingsURL = m.baseURL + "/"
	case "email-changed":
		d.Link = m.baseURL + "/signin"
		d.Detail = e.Data["new"]
		d.Reason = fmt.Sprintf("You got this email because it is the address of the account @%s on %s.", e.Data["username"], site.Name)
	default:
		return mail.Message{}, fmt.Errorf("email %d: unknown kind %q", e.ID, e.Kind)
	}
	subj, text, html, err := mail.Render(e.Kind, d)
	if err != nil {
		return mail.Message{}, err
	}
	return mail.Message{To: e.To, Subject: subj, Text: text, HTML: html, MessageID: mail.MessageID(e.Kind, e.Key, m.host)}, nil
}

// outbox counts the outbox by status, at most once a second.
func (m *mailer) outbox() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	if time.Since(m.countsAt) < time.Second && m.counts != nil {
		return m.counts
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c, err := m.st.EmailCounts(ctx)
	if err != nil {
		m.log.Warn("count emails", "err", err)
		return m.counts
	}
	m.countsAt, m.counts = time.Now(), c
	return c
}

func (m *mailer) registerMetrics(r *metrics.Registry) {
	r.NewCounterFunc("parley_email_sent_total", "Emails this node delivered to the SMTP server.", func() float64 { return float64(m.sent.Load()) })
	r.NewCounterFunc("parley_email_failed_total", "Delivery attempts on this node that the SMTP server refused or could not take (each is retried).",
		func() float64 { return float64(m.failed.Load()) })
	r.NewGaugeFunc("parley_email_queued", "Emails in the outbox waiting for delivery (all nodes).", func() float64 { return float64(m.outbox()[forum.EmailQueued]) })
	r.NewGaugeFunc("parley_email_undeliverable", "Emails given up after their last attempt (all nodes).", func() float64 { return float64(m.outbox()[forum.EmailFailed]) })
}

// SendInvite queues the email of an invitation bound to an address
// (forum.InviteSender); one per invitation.
func (m *mailer) SendInvite(ctx context.Context, inv *forum.Invite, code string) error {
	_, err := m.st.QueueEmail(ctx, &forum.OutboundEmail{Key: fmt.Sprintf("invite-%d", inv.ID), Kind: "invite", To: inv.Email,
		CreatedAt: time.Now(), Data: map[string]string{"code": code, "note": inv.Note, "expires": inv.ExpiresAt.UTC().Format("2 January 2006 15:04 UTC")}})
	return err
}
