package mail_test

import (
	"context"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/mail"
	"github.com/parley-forum/parley/internal/mailtest"
)

// TestSendMultipartThroughSMTP sends one rendered message through a real
// SMTP server and reads it back: both parts, the sender, Reply-To, the
// Message-ID and the one-click unsubscribe headers.
func TestSendMultipartThroughSMTP(t *testing.T) {
	mp := mailtest.Start(t)
	s, err := mail.New(mail.Config{Host: "127.0.0.1", Port: mp.SMTPPort, TLS: "none",
		User: "parley", Password: "hunter2", From: "Parley Forum <forum@example.org>", ReplyTo: "help@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	subj, text, html, err := mail.Render("reset", mail.Data{Forum: "Parley Forum", Name: "Ada",
		Link: "https://forum.example/reset?token=abc", Expires: "1 hour",
		Reason:      "You got this email because a password reset was asked for your account.",
		SettingsURL: "https://forum.example/account"})
	if err != nil {
		t.Fatal(err)
	}
	id := mail.MessageID("reset", "reset-7-1", "forum.example")
	err = s.Send(context.Background(), mail.Message{To: "ada@example.org", Subject: subj, Text: text, HTML: html,
		MessageID: id, Unsubscribe: "https://forum.example/unsubscribe/1.news.x"})
	if err != nil {
		t.Fatal(err)
	}
	m := mp.WaitFor("ada@example.org", 1)
	if m.Subject != "Reset your password on Parley Forum" || m.MessageID != id {
		t.Errorf("subject %q id %q", m.Subject, m.MessageID)
	}
	if m.From.Name != "Parley Forum" || m.From.Address != "forum@example.org" || len(m.ReplyTo) != 1 || m.ReplyTo[0].Address != "help@example.org" {
		t.Errorf("from %+v reply-to %+v", m.From, m.ReplyTo)
	}
	for _, part := range []string{m.Text, m.HTML} {
		if !strings.Contains(part, "https://forum.example/reset?token=abc") || !strings.Contains(part, "Change your email settings") || !strings.Contains(part, "password reset was asked") {
			t.Errorf("part lacks the link or footer:\n%s", part)
		}
	}
	h := mp.Headers(m.ID)
	if got := h["List-Unsubscribe"]; len(got) != 1 || got[0] != "<https://forum.example/unsubscribe/1.news.x>" {
		t.Errorf("List-Unsubscribe = %v", got)
	}
	if got := h["List-Unsubscribe-Post"]; len(got) != 1 || got[0] != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %v", got)
	}
}

// TestSendRefusedWhenServerDown reports an error a job can retry on.
func TestSendRefusedWhenServerDown(t *testing.T) {
	mp := mailtest.Start(t)
	mp.Stop()
	s, _ := mail.New(mail.Config{Host: "127.0.0.1", Port: mp.SMTPPort, TLS: "none", From: "f@example.org", Password: "hunter2"})
	err := s.Send(context.Background(), mail.Message{To: "a@example.org", Subject: "x", Text: "x", HTML: "x"})
	if err == nil {
		t.Fatal("send to a stopped server succeeded")
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error shows the password: %v", err)
	}
}

func TestSignerRefusesForgedTokens(t *testing.T) {
	s := mail.NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	tok := s.Sign(42, "digest")
	if id, list, ok := s.Verify(tok); !ok || id != 42 || list != "digest" {
		t.Fatalf("Verify(Sign) = %d %q %v", id, list, ok)
	}
	for _, bad := range []string{strings.Replace(tok, "42.", "43.", 1), strings.Replace(tok, "digest", "replies", 1), tok + "x", "", "1.a", mail.NewSigner([]byte("other")).Sign(42, "digest")} {
		if _, _, ok := s.Verify(bad); ok {
			t.Errorf("Verify(%q) accepted", bad)
		}
	}
}
