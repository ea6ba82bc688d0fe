package web_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestThreadPageQueryCount guards against N+1 queries: a thread page, its
// JSON twin and the signed-in page (rendered, and assembled from its
// shared rendering, for a member and for staff) each run the same number
// of SQL statements for a thread with 5 replies as for one with 200, every
// reply by a different author with boosts and answers. On both engines.
func TestThreadPageQueryCount(t *testing.T) {
	for _, engine := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteURL}, {"postgres", storetest.PostgresURL}} {
		t.Run(engine.name, func(t *testing.T) { threadPageQueryCount(t, engine.url(t)) })
	}
}

func threadPageQueryCount(t *testing.T, dbURL string) {
	f := forumtest.Start(t, forumtest.Options{DatabaseURL: dbURL})
	st := f.Server.Store
	small, big := queryFixture(t, st, 5), queryFixture(t, st, 200)
	reader := f.NewClient()
	reader.SignUp("querycounter")
	f.CreateUser("querystaff", forum.RoleStaff, "Support")
	staff := f.NewClient()
	staff.SignIn("querystaff", forumtest.Password)
	cases := []struct {
		name   string
		client *forumtest.Client
		suffix string
		warm   bool // count the second request: a signed-in page from its shared rendering
	}{
		{"html, signed out", f.NewClient(), "", false},
		{"json, signed out", f.NewClient(), ".json", false},
		{"html, signed in", reader, "", false},
		{"html, signed in, shared rendering", reader, "", true},
		{"html, staff", staff, "", false},
		{"html, staff, shared rendering", staff, "", true},
		{"json, signed in", reader, ".json", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			count := func(path string) int64 {
				if c.warm {
					c.client.Get(path + c.suffix)
				}
				before := st.QueryCount()
				res := c.client.Get(path + c.suffix)
				if res.StatusCode != 200 {
					t.Fatalf("GET %s%s: status %d", path, c.suffix, res.StatusCode)
				}
				return st.QueryCount() - before
			}
			n5, n200 := count(small), count(big)
			if n5 == 0 {
				t.Fatalf("the 5-reply page ran no counted queries; the counter is not wired")
			}
			if n5 != n200 {
				t.Errorf("queries: %d for 5 replies, %d for 200; a page must not query per post", n5, n200)
			}
			t.Logf("%d queries per page", n5)
		})
	}
}

// queryFixture stores a thread with n replies, each by its own new author,
// every third one boosted, the first accepted and the second recommended,
// and returns its path.
func queryFixture(t *testing.T, st *store.Store, n int) string {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	topic := &forum.Topic{Title: fmt.Sprintf("Topic %d", n), Slug: fmt.Sprintf("topic-%d", n)}
	if err := st.CreateTopic(ctx, topic); err != nil {
		t.Fatal(err)
	}
	sub := &forum.Subtopic{TopicID: topic.ID, Title: fmt.Sprintf("Sub %d", n), Slug: fmt.Sprintf("sub-%d", n)}
	if err := st.CreateSubtopic(ctx, sub); err != nil {
		t.Fatal(err)
	}
	users := make([]*forum.User, n+1)
	for i := range users {
		users[i] = &forum.User{Username: fmt.Sprintf("q%d_%d", n, i), DisplayName: fmt.Sprintf("Q %d", i), Role: forum.RoleMember, CreatedAt: now}
	}
	if err := st.BulkUsers(ctx, users); err != nil {
		t.Fatal(err)
	}
	body := forum.RenderedBody{Source: "A reply with **bold** text.", HTML: "<p>A reply with <strong>bold</strong> text.</p>", Text: "A reply with bold text."}
	title := fmt.Sprintf("Thread with %d replies", n)
	bt := store.BulkThread{Row: forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: users[0].ID, Title: title, Slug: forum.Slugify(title),
		Excerpt: body.Text, Body: body, CreatedAt: now.Add(-time.Hour)}, Accepted: 0, Recommended: []int{1}, RecommendBy: users[0].ID}
	for i := 1; i <= n; i++ {
		r := store.BulkReply{AuthorID: users[i].ID, Body: body, CreatedAt: now.Add(-time.Hour + time.Duration(i)*time.Second)}
		if i%3 == 0 {
			r.Boosters = []int64{users[0].ID, users[i-1].ID}
		}
		bt.Replies = append(bt.Replies, r)
	}
	if err := st.BulkThreads(ctx, []store.BulkThread{bt}); err != nil {
		t.Fatal(err)
	}
	top, err := st.ListThreads(ctx, forum.ListQuery{Scope: forum.Scope{SubtopicID: sub.ID}, Sort: forum.SortActivity, Desc: true, Limit: 1})
	if err != nil || len(top) != 1 {
		t.Fatalf("find the thread: %v %v", top, err)
	}
	return "/t/" + top[0].Slug + "/" + strconv.FormatInt(top[0].ID, 10)
}
