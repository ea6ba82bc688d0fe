package forum_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/markup"
	"github.com/parley-forum/parley/internal/ratelimit"
)

// countingRenderer counts the post bodies the Service renders.
type countingRenderer struct {
	*markup.Renderer
	renders atomic.Int64
}

func (c *countingRenderer) RenderContext(ctx context.Context, src string) (string, error) {
	c.renders.Add(1)
	return c.Renderer.RenderContext(ctx, src)
}

// oneOf returns the default rules with every rule allowing one event per
// hour, so the second of anything is refused.
func oneOf() forum.RateRules {
	r := forum.DefaultRateRules()
	for _, rule := range r.All() {
		rule.Limit, rule.Window = 1, time.Hour
	}
	return r
}

func wantLimited(t *testing.T, what string, err error) {
	t.Helper()
	var rl *forum.RateLimitError
	if !errors.As(err, &rl) {
		t.Errorf("%s over its limit: %v, want a rate-limit error", what, err)
	}
}

// TestRefusedWritesDoNotRender checks that thread, reply, edit and preview
// requests refused by their limit never reach the renderer, and that an
// oversized preview is refused before rendering too.
func TestRefusedWritesDoNotRender(t *testing.T) {
	cr := &countingRenderer{Renderer: markup.New()}
	f := newFixtureWith(t, forum.Config{Limiter: ratelimit.NewMemory(nil), Rates: oneOf(), Bodies: cr})
	ctx := context.Background()
	cl := forum.Client{IP: "192.0.2.7"}
	w, err := f.svc.CreateThread(ctx, f.alice, cl, forum.ThreadInput{Title: "A first thread", Subtopic: "general", Body: "body long enough"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Reply(ctx, f.bob, forum.Client{IP: "192.0.2.8"}, w.ThreadID, forum.ReplyInput{Body: "A first reply."}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.EditPost(ctx, f.alice, w.PostID, forum.EditInput{Body: "An edited body."}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Preview(ctx, f.alice, "a preview", false); err != nil {
		t.Fatal(err)
	}
	before := cr.renders.Load()
	if before != 4 {
		t.Fatalf("%d renders for four accepted requests, want 4", before)
	}
	_, err = f.svc.CreateThread(ctx, f.alice, cl, forum.ThreadInput{Title: "A second thread", Subtopic: "general", Body: "body long enough"})
	wantLimited(t, "thread", err)
	_, err = f.svc.Reply(ctx, f.bob, forum.Client{IP: "192.0.2.8"}, w.ThreadID, forum.ReplyInput{Body: "A second reply."})
	wantLimited(t, "reply", err)
	_, err = f.svc.EditPost(ctx, f.alice, w.PostID, forum.EditInput{Body: "A second edit."})
	wantLimited(t, "edit", err)
	_, _, err = f.svc.Preview(ctx, f.alice, "another preview", false)
	wantLimited(t, "preview", err)
	_, _, err = f.svc.Preview(ctx, f.bob, strings.Repeat("x", forum.DefaultLimits().BodyMax+1), false)
	var ve *forum.ValidationError
	if !errors.As(err, &ve) || ve.Fields["body"] == "" {
		t.Errorf("preview longer than a post: %v, want a validation error on body", err)
	}
	if got := cr.renders.Load(); got != before {
		t.Errorf("refused requests rendered %d times, want 0", got-before)
	}
}

// TestEveryWriteHasItsRule checks that boost, accept, recommend, search and
// similar-title lookups each answer with a rate-limit error past their own
// rule, named so --rate-rules can tune it.
func TestEveryWriteHasItsRule(t *testing.T) {
	f := newFixtureWith(t, forum.Config{Limiter: ratelimit.NewMemory(nil), Rates: oneOf()})
	ctx := context.Background()
	staff, err := f.svc.CreateUser(ctx, forum.SignUpInput{Username: "staffer", Email: "staffer@example.com", Password: "a long enough password"}, forum.RoleStaff, "")
	if err != nil {
		t.Fatal(err)
	}
	w := f.thread(t, f.alice)
	r1, err := f.svc.Reply(ctx, f.bob, forum.Client{IP: "192.0.2.2"}, w.ThreadID, forum.ReplyInput{Body: "Restart it."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Boost(ctx, f.bob, w.PostID, true); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Boost(ctx, f.bob, w.PostID, false)
	wantLimited(t, "boost", err)
	if err := f.svc.Accept(ctx, f.alice, w.ThreadID, r1.PostID); err != nil {
		t.Fatal(err)
	}
	wantLimited(t, "accept", f.svc.Accept(ctx, f.alice, w.ThreadID, 0))
	if err := f.svc.Recommend(ctx, staff, r1.PostID, true); err != nil {
		t.Fatal(err)
	}
	wantLimited(t, "recommend", f.svc.Recommend(ctx, staff, r1.PostID, false))
	cl := forum.Client{IP: "2001:db8:1:2::5"}
	if _, err := f.svc.Search(ctx, cl, "monitor", 1); err != nil {
		t.Fatal(err)
	}
	// Another address in the same IPv6 /64 is the same client.
	_, err = f.svc.Search(ctx, forum.Client{IP: "2001:db8:1:2::99"}, "monitor", 1)
	wantLimited(t, "search from the same /64", err)
	if _, err := f.svc.Similar(ctx, cl, forum.SimilarDraft{Title: "path monitor"}, 5); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Similar(ctx, cl, forum.SimilarDraft{Title: "path monitor"}, 5)
	wantLimited(t, "similar titles", err)
	names := map[string]bool{}
	rules := forum.DefaultRateRules()
	for _, r := range rules.All() {
		if r.Name == "" || names[r.Name] || r.Disabled() {
			t.Errorf("rule %+v: every default rule needs its own name and a limit", *r)
		}
		names[r.Name] = true
	}
}
