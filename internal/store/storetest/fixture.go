package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// fixture is one subtest's store with a deterministic clock and a small
// forum: a topic with two subtopics, two tags, three members and a staff
// account.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	st    forum.Store
	clock time.Time

	topic             *forum.Topic
	sub, sub2         *forum.Subtopic
	tagGo, tagSQL     *forum.Tag
	alice, bob, carol *forum.User
	staff             *forum.User
}

// epoch is the fixture clock's start; whole seconds survive the engines'
// millisecond storage exactly.
func epoch() time.Time { return time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC) }

func newFixture(t *testing.T, st forum.Store) *fixture {
	f := &fixture{t: t, ctx: context.Background(), st: st, clock: epoch()}
	f.wantEmpty(true)
	f.topic = &forum.Topic{Title: "Languages", Slug: "languages", Description: "Programming languages"}
	f.must(st.CreateTopic(f.ctx, f.topic))
	f.wantEmpty(false)
	f.sub = f.subtopic(f.topic, "go", "Go")
	f.sub2 = f.subtopic(f.topic, "sql", "SQL")
	f.tagGo = f.tag("goroutines")
	f.tagSQL = f.tag("indexes")
	f.alice = f.user("alice", forum.RoleMember)
	f.bob = f.user("bob", forum.RoleMember)
	f.carol = f.user("carol", forum.RoleMember)
	f.staff = f.user("sam", forum.RoleStaff)
	return f
}

func (f *fixture) wantEmpty(want bool) {
	f.t.Helper()
	empty, err := f.st.IsEmpty(f.ctx)
	f.must(err)
	if empty != want {
		f.t.Fatalf("IsEmpty = %v, want %v", empty, want)
	}
}

// tick advances the clock by a second and returns the new time, so every
// write in a subtest happens at a distinct, later instant unless a test
// chooses its times explicitly.
func (f *fixture) tick() time.Time {
	f.clock = f.clock.Add(time.Second)
	return f.clock
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) subtopic(topic *forum.Topic, slug, title string) *forum.Subtopic {
	f.t.Helper()
	s := &forum.Subtopic{TopicID: topic.ID, Title: title, Slug: slug, Description: title + " questions",
		DocsTitle: title + " docs", DocsURL: "https://docs.example/" + slug}
	f.must(f.st.CreateSubtopic(f.ctx, s))
	return s
}

func (f *fixture) tag(name string) *forum.Tag {
	f.t.Helper()
	tg := &forum.Tag{Name: name, Description: "About " + name}
	f.must(f.st.CreateTag(f.ctx, tg))
	return tg
}

func (f *fixture) user(name string, role forum.Role) *forum.User {
	f.t.Helper()
	u := &forum.User{Username: name, DisplayName: "User " + name, Email: name + "@example.com",
		PasswordHash: "hash-" + name, Role: role, CreatedAt: epoch()}
	f.must(f.st.CreateUser(f.ctx, u))
	return u
}

func body(text string) forum.RenderedBody {
	return forum.RenderedBody{Source: text, HTML: "<p>" + text + "</p>", Text: text}
}

// thread starts a thread in sub by author at the given time.
func (f *fixture) thread(sub *forum.Subtopic, author *forum.User, title string, at time.Time, tags ...*forum.Tag) (threadID, postID int64) {
	f.t.Helper()
	row := forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: author.ID, Title: title, Slug: forum.Slugify(title),
		Excerpt: "Excerpt of " + title, Body: body("Opening post of " + title), CreatedAt: at}
	for _, tg := range tags {
		row.TagIDs = append(row.TagIDs, tg.ID)
	}
	threadID, postID, err := f.st.CreateThread(f.ctx, row)
	f.must(err)
	return threadID, postID
}

func (f *fixture) reply(threadID int64, author *forum.User, at time.Time) int64 {
	f.t.Helper()
	id, err := f.st.CreateReply(f.ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: author.ID,
		Body: body(fmt.Sprintf("Reply by %s at %s", author.Username, at.Format(time.TimeOnly))), CreatedAt: at})
	f.must(err)
	return id
}

func (f *fixture) getThread(id int64) *forum.Thread {
	f.t.Helper()
	th, err := f.st.Thread(f.ctx, id)
	f.must(err)
	return th
}

func (f *fixture) getPost(id int64) *forum.Post {
	f.t.Helper()
	p, err := f.st.Post(f.ctx, id)
	f.must(err)
	return p
}

func (f *fixture) getUser(id int64) *forum.User {
	f.t.Helper()
	u, err := f.st.UserByID(f.ctx, id)
	f.must(err)
	return u
}

func (f *fixture) getSubtopic(slug string) *forum.Subtopic {
	f.t.Helper()
	s, err := f.st.SubtopicBySlug(f.ctx, slug)
	f.must(err)
	return s
}

func (f *fixture) getTag(name string) *forum.Tag {
	f.t.Helper()
	tg, err := f.st.TagByName(f.ctx, name)
	f.must(err)
	return tg
}

// checkCounters requires every denormalized counter to equal its rows.
func (f *fixture) checkCounters() {
	f.t.Helper()
	problems, err := f.st.CheckCounters(f.ctx)
	if err != nil {
		f.t.Fatalf("CheckCounters: %v", err)
	}
	for _, p := range problems {
		f.t.Errorf("counter mismatch: %s", p)
	}
}

// wantErr requires err to match target; nil target means success.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	switch {
	case target == nil && err != nil:
		t.Fatalf("%s: unexpected error %v", what, err)
	case target != nil && !errors.Is(err, target):
		t.Fatalf("%s: error %v, want %v", what, err, target)
	}
}

// eq reports a mismatch of one named value.
// eqDeep is eq for values with slices (subtopics and tags).
func eqDeep[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %+v, want %+v", what, got, want)
	}
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func eqTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func join(parts []string) string { return strings.Join(parts, " ") }

func threadIDs(threads []forum.Thread) []int64 {
	out := make([]int64, len(threads))
	for i := range threads {
		out[i] = threads[i].ID
	}
	return out
}

func eqIDs(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// list runs one ListThreads query that must succeed.
func (f *fixture) list(q forum.ListQuery) []forum.Thread {
	f.t.Helper()
	threads, err := f.st.ListThreads(f.ctx, q)
	f.must(err)
	return threads
}

type result[T any] struct {
	val T
	err error
}

// parallel runs fn(0..n-1) on n goroutines released at the same moment,
// so the calls overlap as much as the engine lets them.
func parallel[T any](n int, fn func(i int) (T, error)) []result[T] {
	start := make(chan struct{})
	out := make([]result[T], n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			v, err := fn(i)
			out[i] = result[T]{v, err}
		}()
	}
	close(start)
	wg.Wait()
	return out
}
