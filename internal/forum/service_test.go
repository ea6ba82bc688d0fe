package forum_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/auth"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/ratelimit"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type fixture struct {
	st    *store.Store
	svc   *forum.Service
	clock *fakeClock
	alice *forum.User
	bob   *forum.User
}

func newFixture(t *testing.T, limiter ratelimit.Limiter) *fixture {
	t.Helper()
	return newFixtureWith(t, forum.Config{Limiter: limiter})
}

// newFixtureWith is newFixture with a Config whose store, hasher and clock
// the fixture fills in.
func newFixtureWith(t *testing.T, cfg forum.Config) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.SQLiteURL(t), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	cfg.Store, cfg.Now = st, clock.Now
	if cfg.Hasher == nil {
		cfg.Hasher = auth.NewHasher(auth.TestParams, 2)
	}
	svc := forum.NewService(cfg)
	topic := &forum.Topic{Title: "T", Slug: "t"}
	if err := st.CreateTopic(ctx, topic); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSubtopic(ctx, &forum.Subtopic{TopicID: topic.ID, Title: "General", Slug: "general"}); err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st, svc: svc, clock: clock}
	f.alice = f.user(t, "alice")
	f.bob = f.user(t, "bob")
	clock.Add(48 * time.Hour) // past the new-account rules
	return f
}

func (f *fixture) user(t *testing.T, name string) *forum.User {
	u, err := f.svc.CreateUser(context.Background(), forum.SignUpInput{Username: name, Email: name + "@example.com", Password: "a long enough password"}, forum.RoleMember, "")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (f *fixture) thread(t *testing.T, who *forum.User) *forum.Written {
	w, err := f.svc.CreateThread(context.Background(), who, forum.Client{}, forum.ThreadInput{Title: "Path monitor stuck", Subtopic: "general", Body: "It reports the old interface."})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestEditFolding checks Discourse-style grace edits: the author's edits
// within five minutes of the newest version fold into it; later edits and
// other editors add versions.
func TestEditFolding(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	w := f.thread(t, f.alice)
	edit := func(who *forum.User, body string) {
		t.Helper()
		if _, err := f.svc.EditPost(ctx, who, w.PostID, forum.EditInput{Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	revs := func() []forum.Revision {
		r, err := f.st.Revisions(ctx, w.PostID)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	f.clock.Add(2 * time.Minute)
	edit(f.alice, "Typo fixed within the grace period.")
	if n := len(revs()); n != 1 {
		t.Fatalf("an edit within five minutes made %d versions, want 1", n)
	}
	p, _ := f.svc.Post(ctx, w.PostID)
	if !p.EditedAt.IsZero() {
		t.Error("a grace-period edit marked the post edited")
	}
	f.clock.Add(10 * time.Minute)
	edit(f.alice, "A real edit, much later.")
	if n := len(revs()); n != 2 {
		t.Fatalf("a late edit made %d versions, want 2", n)
	}
	f.clock.Add(time.Minute)
	edit(f.alice, "Folded into version two.")
	r := revs()
	if len(r) != 2 || r[1].BodySource != "Folded into version two." || r[0].BodySource != "Typo fixed within the grace period." {
		t.Fatalf("versions after a folded edit: %+v", r)
	}
	if err := f.st.CreateUser(ctx, &forum.User{Username: "modder", DisplayName: "M", Role: forum.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	moderator, _ := f.st.UserByUsername(ctx, "modder")
	edit(moderator, "A moderator's edit is its own version.")
	if n := len(revs()); n != 3 {
		t.Fatalf("another editor's edit made %d versions, want 3", n)
	}
	p, _ = f.svc.Post(ctx, w.PostID)
	if p.EditedAt.IsZero() || p.RevisionCount != 3 {
		t.Errorf("post: edited %v, revisions %d", p.EditedAt, p.RevisionCount)
	}
}

// TestRateLimitAfterValidation checks that a rejected write costs nothing
// and that the per-user thread limit answers with a retry time.
func TestRateLimitAfterValidation(t *testing.T) {
	f := newFixture(t, ratelimit.NewMemory(nil))
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		_, err := f.svc.CreateThread(ctx, f.alice, forum.Client{IP: "192.0.2.1"}, forum.ThreadInput{Title: "", Subtopic: "general", Body: "body long enough"})
		var ve *forum.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("invalid thread: %v, want a validation error", err)
		}
	}
	if _, err := f.svc.CreateThread(ctx, f.alice, forum.Client{IP: "192.0.2.1"}, forum.ThreadInput{Title: "A valid first thread", Subtopic: "general", Body: "body long enough"}); err != nil {
		t.Fatalf("first valid thread was refused: %v", err)
	}
	_, err := f.svc.CreateThread(ctx, f.alice, forum.Client{IP: "192.0.2.1"}, forum.ThreadInput{Title: "A second thread too soon", Subtopic: "general", Body: "body long enough"})
	var rl *forum.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfterSeconds < 1 || rl.RetryAfterSeconds > 15 {
		t.Fatalf("second thread within 15 s: %v, want a rate-limit error with a retry of at most 15 s", err)
	}
}

// TestViewCounter checks that views count once per visitor per window,
// bots never count, and a flush writes them in one go.
func TestViewCounter(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	w := f.thread(t, f.alice)
	vc := forum.NewViewCounter(f.st, 8*time.Hour, f.clock.Now)
	const browser = "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0"
	for i := 0; i < 5; i++ {
		vc.Record(w.ThreadID, "visitor-a", browser)
	}
	vc.Record(w.ThreadID, "visitor-b", browser)
	vc.Record(w.ThreadID, "crawler", "Mozilla/5.0 (compatible; Googlebot/2.1)")
	vc.Record(w.ThreadID, "script", "curl/8.5.0")
	if got := vc.Pending(w.ThreadID); got != 2 {
		t.Fatalf("pending views %d, want 2", got)
	}
	before, _ := f.st.Thread(ctx, w.ThreadID)
	if before.ViewCount != 0 {
		t.Fatalf("views reached the database before a flush: %d", before.ViewCount)
	}
	if err := vc.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	after, _ := f.st.Thread(ctx, w.ThreadID)
	if after.ViewCount != 2 || vc.Pending(w.ThreadID) != 0 {
		t.Fatalf("after flush: stored %d pending %d, want 2 and 0", after.ViewCount, vc.Pending(w.ThreadID))
	}
	f.clock.Add(8*time.Hour + time.Second)
	vc.Record(w.ThreadID, "visitor-a", browser)
	if err := vc.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	again, _ := f.st.Thread(ctx, w.ThreadID)
	if again.ViewCount != 3 {
		t.Fatalf("a view after the window did not count: %d", again.ViewCount)
	}
}

// TestAcceptRules checks who may accept what.
func TestAcceptRules(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	w := f.thread(t, f.alice)
	own, err := f.svc.Reply(ctx, f.alice, forum.Client{}, w.ThreadID, forum.ReplyInput{Body: "Adding details myself."})
	if err != nil {
		t.Fatal(err)
	}
	answer, err := f.svc.Reply(ctx, f.bob, forum.Client{}, w.ThreadID, forum.ReplyInput{Body: "Restart the monitor."})
	if err != nil {
		t.Fatal(err)
	}
	var ve *forum.ValidationError
	if err := f.svc.Accept(ctx, f.alice, w.ThreadID, own.PostID); !errors.As(err, &ve) {
		t.Errorf("accepting one's own reply: %v, want a validation error", err)
	}
	if err := f.svc.Accept(ctx, f.alice, w.ThreadID, w.PostID); !errors.As(err, &ve) {
		t.Errorf("accepting the question: %v, want a validation error", err)
	}
	if err := f.svc.Accept(ctx, f.bob, w.ThreadID, answer.PostID); !errors.Is(err, forum.ErrForbidden) {
		t.Errorf("a non-asker accepting: %v, want forbidden", err)
	}
	if err := f.svc.Accept(ctx, f.alice, w.ThreadID, answer.PostID); err != nil {
		t.Fatalf("asker accepting: %v", err)
	}
	th, _ := f.st.Thread(ctx, w.ThreadID)
	if th.AcceptedPostID != answer.PostID || !th.Solved() {
		t.Fatalf("thread after accept: %+v", th)
	}
	if err := f.svc.Accept(ctx, f.alice, w.ThreadID, 0); err != nil {
		t.Fatal(err)
	}
	th, _ = f.st.Thread(ctx, w.ThreadID)
	if th.Solved() {
		t.Fatal("clearing the accepted answer left the thread solved")
	}
}
