package forum_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
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

// TestRevisionPage: a page holds RevisionsPerPage versions, oldest first,
// newest page first, with the version before them for the oldest one's
// diff; the last page starts at version 1 with none before it; one version
// loads alone; pages and versions past the end are not found; a hidden
// version's text is left out here too.
func TestRevisionPage(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	w, err := f.svc.CreateThread(ctx, f.alice, forum.Client{}, forum.ThreadInput{Title: "A long history", Subtopic: "general", Body: "This is version 1"})
	if err != nil {
		t.Fatal(err)
	}
	for v := 2; v <= 23; v++ {
		f.clock.Add(10 * time.Minute)
		if _, err := f.svc.EditPost(ctx, f.alice, w.PostID, forum.EditInput{Body: "This is version " + strconv.Itoa(v)}); err != nil {
			t.Fatal(err)
		}
	}
	numbers := func(rp *forum.RevisionPage) string {
		var out []string
		for _, r := range rp.Revisions {
			out = append(out, strconv.Itoa(r.Number))
		}
		before := 0
		if rp.Before != nil {
			before = rp.Before.Number
		}
		return fmt.Sprintf("%d/%d/%d: %s before %d", rp.Page, rp.Pages, rp.Total, strings.Join(out, ","), before)
	}
	for n, want := range map[int]string{
		0: "1/3/23: 14,15,16,17,18,19,20,21,22,23 before 13",
		2: "2/3/23: 4,5,6,7,8,9,10,11,12,13 before 3",
		3: "3/3/23: 1,2,3 before 0",
	} {
		rp, err := f.svc.RevisionPage(ctx, w.PostID, n)
		if err != nil {
			t.Fatal(err)
		}
		if got := numbers(rp); got != want {
			t.Errorf("page %d: %s, want %s", n, got, want)
		}
	}
	if _, err := f.svc.RevisionPage(ctx, w.PostID, 4); !errors.Is(err, forum.ErrNotFound) {
		t.Errorf("page 4: %v, want not found", err)
	}
	_, _, v, err := f.svc.RevisionVersion(ctx, w.PostID, 7)
	if err != nil || v.Number != 7 || v.BodySource != "This is version 7" {
		t.Errorf("version 7: %+v, %v", v, err)
	}
	if _, _, _, err := f.svc.RevisionVersion(ctx, w.PostID, 24); !errors.Is(err, forum.ErrNotFound) {
		t.Errorf("version 24: %v, want not found", err)
	}
	staff, err := f.svc.CreateUser(ctx, forum.SignUpInput{Username: "stella", Email: "stella@example.com", Password: "a long enough password"}, forum.RoleStaff, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.HideRevision(ctx, staff, w.PostID, 13, true); err != nil {
		t.Fatal(err)
	}
	rp, err := f.svc.RevisionPage(ctx, w.PostID, 1)
	if err != nil || !rp.Before.Hidden || rp.Before.BodySource != "" {
		t.Errorf("the hidden version before page 1: %+v, %v", rp.Before, err)
	}
	if _, _, v, err := f.svc.RevisionVersion(ctx, w.PostID, 13); err != nil || v.BodySource != "" {
		t.Errorf("hidden version 13 alone: %+v, %v", v, err)
	}
}
