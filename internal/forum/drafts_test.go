package forum_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/ratelimit"
)

// TestDraftRules: keys name what a draft is of, drafts are bounded, saving
// and discarding are charged to draft-user, and invalid input costs no
// attempt.
func TestDraftRules(t *testing.T) {
	f := newFixtureWith(t, forum.Config{Limiter: ratelimit.NewMemory(nil), Rates: oneOf()})
	ctx := context.Background()
	for _, k := range []string{"new", "new-general", "reply-12", "edit-9"} {
		if !forum.ValidDraftKey(k) {
			t.Errorf("%q is not a draft key", k)
		}
	}
	for _, k := range []string{"", "new-", "reply-0", "reply-x", "edit-", "other-1", "new-General", "reply-1/2"} {
		if forum.ValidDraftKey(k) {
			t.Errorf("%q is a draft key", k)
		}
	}
	if got := forum.NewThreadDraftKey("Bad Slug!"); got != "new" {
		t.Errorf("NewThreadDraftKey of a bad slug = %q", got)
	}
	var ve *forum.ValidationError
	if _, _, err := f.svc.SaveDraft(ctx, f.alice, "reply-1", forum.DraftInput{Body: strings.Repeat("x", 2*forum.DefaultLimits().BodyMax+1)}); !errors.As(err, &ve) || ve.Fields["body"] == "" {
		t.Errorf("an oversized draft: %v", err)
	}
	if _, _, err := f.svc.SaveDraft(ctx, f.alice, "reply-1", forum.DraftInput{Body: "nul \x00"}); !errors.As(err, &ve) {
		t.Errorf("a draft with NUL: %v", err)
	}
	if _, _, err := f.svc.SaveDraft(ctx, nil, "reply-1", forum.DraftInput{Body: "x"}); !errors.Is(err, forum.ErrUnauthorized) {
		t.Errorf("a signed-out save: %v", err)
	}
	d, saved, err := f.svc.SaveDraft(ctx, f.alice, "reply-1", forum.DraftInput{Body: "first", TypedAt: time.Now().Add(time.Hour)})
	if err != nil || !saved || d.UpdatedAt.After(time.Now()) {
		t.Fatalf("first save: %+v %v %v", d, saved, err)
	}
	_, _, err = f.svc.SaveDraft(ctx, f.alice, "reply-1", forum.DraftInput{Body: "second"})
	wantLimited(t, "a second draft save", err)
	wantLimited(t, "a draft discard", f.svc.DeleteDraft(ctx, f.alice, "reply-1"))
	if got, err := f.svc.Draft(ctx, f.alice, "reply-1"); err != nil || got.Body != "first" {
		t.Errorf("reading is not limited: %+v %v", got, err)
	}
}
