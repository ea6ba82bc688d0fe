package forum_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

const leaky = "My config: user alice.smith@example.net, header Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789ABCD"

func revisionTexts(t *testing.T, f *fixture, postID int64) string {
	t.Helper()
	_, _, revs, err := f.svc.Revisions(context.Background(), postID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range revs {
		out = append(out, r.BodySource)
	}
	return strings.Join(out, "\n---\n")
}

// TestRedactingEditRedactsHistory reproduces the leak: a post with an
// address and a token, edited with "redact private data" after the fold
// window, must not keep them in any revision.
func TestRedactingEditRedactsHistory(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	w, err := f.svc.CreateThread(ctx, f.alice, forum.Client{}, forum.ThreadInput{Title: "Proxy refuses my login", Subtopic: "general", Body: leaky})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Add(10 * time.Minute)
	if _, err := f.svc.EditPost(ctx, f.alice, w.PostID, forum.EditInput{Body: leaky + "\n\nEdit: still broken.", Redact: true}); err != nil {
		t.Fatal(err)
	}
	texts := revisionTexts(t, f, w.PostID)
	if strings.Contains(texts, "alice.smith@example.net") || strings.Contains(texts, "abcdefghijklmnop") {
		t.Fatalf("a revision still holds the redacted data:\n%s", texts)
	}
	if strings.Count(texts, "<email-redacted>") != 2 {
		t.Errorf("both versions should show the placeholder:\n%s", texts)
	}
}

// TestRevisionModerationRules checks who may redact or hide one version,
// that the current version is refused, and that a hidden version's text is
// never served.
func TestRevisionModerationRules(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	staff, err := f.svc.CreateUser(ctx, forum.SignUpInput{Username: "stella", Email: "stella@example.com", Password: "a long enough password"}, forum.RoleStaff, "")
	if err != nil {
		t.Fatal(err)
	}
	w, err := f.svc.CreateThread(ctx, f.alice, forum.Client{}, forum.ThreadInput{Title: "Proxy refuses my login", Subtopic: "general", Body: leaky})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Add(10 * time.Minute)
	if _, err := f.svc.EditPost(ctx, f.alice, w.PostID, forum.EditInput{Body: "Removed the log, sorry."}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RedactRevision(ctx, f.bob, w.PostID, 1); !errors.Is(err, forum.ErrForbidden) {
		t.Errorf("a member redacting: %v, want forbidden", err)
	}
	if _, err := f.svc.RedactRevision(ctx, f.alice, w.PostID, 1); !errors.Is(err, forum.ErrForbidden) {
		t.Errorf("the author redacting one version: %v, want forbidden (edit with redact instead)", err)
	}
	if err := f.svc.HideRevision(ctx, nil, w.PostID, 1, true); !errors.Is(err, forum.ErrUnauthorized) {
		t.Errorf("signed out hiding: %v, want unauthorized", err)
	}
	var ve *forum.ValidationError
	if _, err := f.svc.RedactRevision(ctx, staff, w.PostID, 2); !errors.As(err, &ve) {
		t.Errorf("redacting the current version: %v, want a validation error", err)
	}
	if err := f.svc.HideRevision(ctx, staff, w.PostID, 3, true); !errors.Is(err, forum.ErrNotFound) {
		t.Errorf("hiding a missing version: %v, want not found", err)
	}
	changed, err := f.svc.RedactRevision(ctx, staff, w.PostID, 1)
	if err != nil || !changed {
		t.Fatalf("staff redacting version 1: %v, changed %v", err, changed)
	}
	if texts := revisionTexts(t, f, w.PostID); strings.Contains(texts, "example.net") {
		t.Fatalf("version 1 still holds the address:\n%s", texts)
	}
	if err := f.svc.HideRevision(ctx, staff, w.PostID, 1, true); err != nil {
		t.Fatal(err)
	}
	_, _, revs, err := f.svc.Revisions(ctx, w.PostID)
	if err != nil {
		t.Fatal(err)
	}
	if !revs[0].Hidden || revs[0].BodySource != "" || revs[0].Title != "" || revs[1].BodySource == "" {
		t.Errorf("after hiding version 1: %+v", revs)
	}
}
