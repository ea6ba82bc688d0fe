package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestTwoNodesDropDeletedAndRestored runs two nodes on one PostgreSQL
// database: a reply deleted through node A disappears from node B's cached
// thread, and comes back there when a moderator restores it through A.
func TestTwoNodesDropDeletedAndRestored(t *testing.T) {
	env := map[string]string{"PARLEY_DATABASE_URL": storetest.PostgresURL(t)}
	a := startNode(t, env, buildOptions{})
	b := startNode(t, env, buildOptions{})
	fx := seed(t, a.srv)
	ctx := context.Background()
	mod, err := a.srv.Service.CreateUser(ctx, forum.SignUpInput{Username: "moderna", Email: "moderna@example.com", Password: "correct horse battery"}, forum.RoleModerator, "")
	if err != nil {
		t.Fatal(err)
	}
	_, modToken, err := a.srv.Service.CreateToken(ctx, mod, "test")
	if err != nil {
		t.Fatal(err)
	}
	const text = "Check the brown-out detector first."
	postID := postReply(t, a.url, fx, text)
	twinURL := threadTwin(t, b.url, fx.threadID)
	if !strings.Contains(get(t, twinURL), text) { // node B now has it cached
		t.Fatal("node B does not show the reply")
	}

	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	thread := openStream(t, sctx, b.url, fmt.Sprintf("/api/live?thread=%d", fx.threadID), nil)
	if code := apiCall(t, "DELETE", fmt.Sprintf("%s/api/posts/%d", a.url, postID), fx.token, nil, nil); code != http.StatusNoContent {
		t.Fatalf("delete: %d", code)
	}
	thread.waitFor(t, "delete")
	if strings.Contains(get(t, twinURL), text) {
		t.Fatal("node B still serves the deleted reply")
	}
	if code := apiCall(t, "POST", fmt.Sprintf("%s/api/posts/%d/restore", a.url, postID), modToken, nil, nil); code != http.StatusOK {
		t.Fatalf("restore: %d", code)
	}
	thread.waitFor(t, "restore")
	if !strings.Contains(get(t, twinURL), text) {
		t.Fatal("node B does not serve the restored reply")
	}
}
