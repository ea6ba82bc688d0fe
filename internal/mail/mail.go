// Package mail sends parley's outbound email through an SMTP server and
// renders every message from embedded templates as multipart text and
// HTML. It imports nothing of parley's: the composition root gives it
// the server settings, and a job worker hands it one message at a time.
//
// Message-ID scheme: every message carries
// <KIND.KEY@HOST>, where KIND is the template, KEY the idempotency key
// of the job that sends it (one cause, one key) and HOST the base URL's
// host. A retried job therefore sends the same Message-ID, so a
// receiving server or client that saw the first copy drops the second.
// Messages about a forum thread use <thread-T.post-P@HOST> and put
// <thread-T@HOST> in In-Reply-To and References, so a mail client
// threads the emails of one forum thread together (ThreadHeaders).
package mail

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Config is the SMTP server and the sender.
type Config struct {
	Host string
	Port int
	// TLS is "starttls" (required), "tls" (implicit) or "none".
	TLS      string
	User     string
	Password string
	// From is "Name <address>" or an address; ReplyTo an address or empty.
	From    string
	ReplyTo string
	Timeout time.Duration // per delivery; 30 s
}

// Message is one rendered email.
type Message struct {
	To        string
	Subject   string
	Text      string
	HTML      string
	MessageID string // without angle brackets
	// InReplyTo and References thread a message (ids without brackets).
	InReplyTo  string
	References []string
	// Unsubscribe, when set, is the signed one-click URL: the message
	// gets RFC 8058 List-Unsubscribe and List-Unsubscribe-Post headers.
	// Mandatory account email (reset, verification) leaves it empty.
	Unsubscribe string
}

// Sender delivers messages through one SMTP server.
type Sender struct {
	cfg      Config
	fromName string
	fromAddr string
}

// New checks cfg and returns a Sender; it does not connect.
func New(cfg Config) (*Sender, error) {
	if cfg.Host == "" {
		return nil, errors.New("mail: no SMTP host")
	}
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	switch cfg.TLS {
	case "", "starttls", "tls", "none":
	default:
		return nil, fmt.Errorf("mail: TLS mode %q: must be starttls, tls or none", cfg.TLS)
	}
	a, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail: sender %q: %w", cfg.From, err)
	}
	return &Sender{cfg: cfg, fromName: a.Name, fromAddr: a.Address}, nil
}

// FromAddress is the sender's address.
func (s *Sender) FromAddress() string { return s.fromAddr }

// Send delivers m, or returns the SMTP server's refusal or the reason it
// could not be reached. The error never contains the password.
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.cfg.Timeout)}
	switch s.cfg.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.User != "" {
		auth := gomail.SMTPAuthAutoDiscover
		if s.cfg.TLS == "none" {
			// Without TLS only a local relay or a test server is
			// expected; PLAIN is then sent in the clear on purpose.
			auth = gomail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, gomail.WithSMTPAuth(auth),
			gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("mail: client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send to %s:%d: %w", s.cfg.Host, s.cfg.Port, err)
	}
	return nil
}

func (s *Sender) build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.FromFormat(s.fromName, s.fromAddr); err != nil {
		return nil, fmt.Errorf("mail: from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: to %q: %w", m.To, err)
	}
	if s.cfg.ReplyTo != "" {
		if err := msg.ReplyTo(s.cfg.ReplyTo); err != nil {
			return nil, fmt.Errorf("mail: reply-to: %w", err)
		}
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	if m.MessageID != "" {
		msg.SetMessageIDWithValue(m.MessageID)
	} else {
		msg.SetMessageID()
	}
	if m.InReplyTo != "" {
		msg.SetGenHeader(gomail.HeaderInReplyTo, "<"+m.InReplyTo+">")
	}
	if len(m.References) > 0 {
		refs := make([]string, len(m.References))
		for i, r := range m.References {
			refs[i] = "<" + r + ">"
		}
		msg.SetGenHeader(gomail.HeaderReferences, strings.Join(refs, " "))
	}
	if m.Unsubscribe != "" {
		msg.SetGenHeaderPreformatted("List-Unsubscribe", "<"+m.Unsubscribe+">")
		msg.SetGenHeaderPreformatted("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	// Account email is not bulk mail; say so to auto-responders.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}

// MessageID is the id of the message of one job: see the package comment.
func MessageID(kind, key, host string) string {
	return kind + "." + strings.Map(func(r rune) rune {
		if r == '<' || r == '>' || r == '@' || r == ' ' {
			return '-'
		}
		return r
	}, key) + "@" + host
}

// ThreadHeaders returns the Message-ID of the email about post in thread
// and the id that In-Reply-To and References name, so every email of one
// forum thread lands in one conversation.
func ThreadHeaders(threadID, postID int64, host string) (id, root string) {
	return fmt.Sprintf("thread-%d.post-%d@%s", threadID, postID, host), fmt.Sprintf("thread-%d@%s", threadID, host)
}
