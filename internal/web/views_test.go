package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// TestAnonymousViewsIgnoreUserAgent checks that a signed-out client
// changing its User-Agent on every request counts one view, not one per
// made-up browser, while a signed-in reader on the same address still
// counts as someone else.
func TestAnonymousViewsIgnoreUserAgent(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	author := f.CreateUser("victor", forum.RoleMember, "")
	w, err := f.Service().CreateThread(context.Background(), author, forum.Client{}, forum.ThreadInput{
		Title: "Counting views honestly", Subtopic: "general", Body: "How many people read this?"})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/t/%s/%d", w.Thread.Slug, w.ThreadID)
	c := f.NewClient()
	for i := range 60 {
		req, _ := http.NewRequest(http.MethodGet, f.URL+path, nil)
		req.Header.Set("User-Agent", fmt.Sprintf("Mozilla/5.0 (X11; Linux x86_64) Firefox/%d.0", 100+i))
		if res := c.Do(req); res.StatusCode != http.StatusOK {
			t.Fatalf("view %d: status %d", i, res.StatusCode)
		}
	}
	if got := f.Server.Views.Pending(w.ThreadID); got != 1 {
		t.Fatalf("60 anonymous requests with 60 user agents counted %d views, want 1", got)
	}
	reader := f.NewClient()
	reader.SignUp("rita")
	req, _ := http.NewRequest(http.MethodGet, f.URL+path, nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
	reader.Do(req)
	if got := f.Server.Views.Pending(w.ThreadID); got != 2 {
		t.Fatalf("a signed-in reader on the same address: %d views, want 2", got)
	}
}
