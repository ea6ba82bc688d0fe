package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestTwoNodesTaxonomyCaches: a subtopic edited and a thread locked
// through node A are seen on node B, whose signed-out copies of the
// subtopic list and the thread were cached, well within the cache's 30 s
// expiry: the taxonomy change travels as a site message, the lock as a
// thread event.
func TestTwoNodesTaxonomyCaches(t *testing.T) {
	env := map[string]string{"PARLEY_DATABASE_URL": storetest.PostgresURL(t)}
	a := startNode(t, env, buildOptions{})
	b := startNode(t, env, buildOptions{})
	fx := seed(t, a.srv)
	ctx := context.Background()
	admin, err := a.srv.Service.CreateUser(ctx, forum.SignUpInput{Username: "ada", Email: "ada@example.com", Password: "correct horse battery"}, forum.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	listURL := b.url + "/c/general.json"
	twinURL := threadTwin(t, b.url, fx.threadID)
	get(t, listURL) // cached on B now
	get(t, twinURL)
	if cached := get(t, listURL); strings.Contains(cached, "Edited on node A") {
		t.Fatal("the description is there before the edit")
	}
	sub, err := a.srv.Service.SubtopicBySlug(ctx, "general")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.srv.Service.SaveSubtopic(ctx, admin, forum.Client{}, forum.SubtopicInput{ID: sub.ID, Topic: "testing",
		Title: sub.Title, Slug: sub.Slug, Description: "Edited on node A.", Version: sub.Version}); err != nil {
		t.Fatal(err)
	}
	waitFor := func(url, want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second) // far below the 30 s expiry
		for !strings.Contains(get(t, url), want) {
			if time.Now().After(deadline) {
				t.Fatalf("node B still serves %s without %q", url, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor(listURL, "Edited on node A.")
	if _, err := a.srv.Service.ControlThread(ctx, admin, forum.Client{}, fx.threadID, forum.ThreadControl{Action: forum.ControlLock}); err != nil {
		t.Fatal(err)
	}
	waitFor(twinURL, `"locked":true`)
}
