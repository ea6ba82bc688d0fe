package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// BenchmarkRevisionsLoad is the database side of the revisions page of a
// 2,000-line post with 60 versions, on SQLite: "all" loads every version,
// as each request did before pages loaded only their own; "page" loads
// page 1 as RevisionPage does (ten versions and the one before);
// "request" is a whole signed-in request of page 1 (never page-cached),
// diffs cached after the first.
func BenchmarkRevisionsLoad(b *testing.B) {
	f := forumtest.Start(b, forumtest.Options{Env: map[string]string{"PARLEY_BODY_MAX": "200000"}})
	f.Seed()
	ctx := context.Background()
	author := f.CreateUser("ada", forum.RoleMember, "")
	mod := f.CreateUser("monica", forum.RoleModerator, "")
	lines := make([]string, 2000)
	for i := range lines {
		lines[i] = fmt.Sprintf("Line %d of the long post explains one step of the setup.", i)
	}
	w, err := f.Service().CreateThread(ctx, author, forum.Client{IP: "192.0.2.1"}, forum.ThreadInput{Title: "A long post",
		Subtopic: "general", Body: strings.Join(lines, "\n")})
	if err != nil {
		b.Fatal(err)
	}
	for v := 2; v <= 60; v++ {
		for k := 0; k < 3; k++ {
			i := (v*397 + k*131) % len(lines)
			lines[i] = fmt.Sprintf("Line %d was rewritten in version %d to say something else.", i, v)
		}
		editor := author
		if v%2 == 0 {
			editor = mod // different editors never fold into one version
		}
		if _, err := f.Service().EditPost(ctx, editor, w.PostID, forum.EditInput{Body: strings.Join(lines, "\n")}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, revs, err := f.Service().Revisions(ctx, w.PostID); err != nil || len(revs) != 60 {
				b.Fatalf("%d versions, %v", len(revs), err)
			}
		}
	})
	b.Run("page", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if rp, err := f.Service().RevisionPage(ctx, w.PostID, 1); err != nil || len(rp.Revisions) != 10 || rp.Before == nil {
				b.Fatalf("page 1: %v", err)
			}
		}
	})
	c := f.NewClient()
	c.SignUp("reader")
	path := "/p/" + strconv.FormatInt(w.PostID, 10) + "/revisions"
	b.Run("request", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if res := c.Get(path); res.StatusCode != 200 || !strings.Contains(res.Body, `id="rev-51"`) {
				b.Fatalf("%s: %d", path, res.StatusCode)
			}
		}
	})
}
