package web

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// benchRevisions is a 2,000-line post with versions versions, each edit
// changing three lines.
func benchRevisions(lines, versions int) []forum.Revision {
	body := make([]string, lines)
	for i := range body {
		body[i] = fmt.Sprintf("Line %d of the long post explains one step of the setup.", i)
	}
	revs := make([]forum.Revision, versions)
	at := time.Unix(1_700_000_000, 0)
	for v := range revs {
		if v > 0 {
			for k := 0; k < 3; k++ {
				i := (v*397 + k*131) % lines
				body[i] = fmt.Sprintf("Line %d was rewritten in version %d to say something else.", i, v+1)
			}
		}
		revs[v] = forum.Revision{PostID: 1, Number: v + 1, Title: "A long post", BodySource: strings.Join(body, "\n"),
			Editor: forum.Author{ID: 1, Username: "ada", DisplayName: "Ada"}, CreatedAt: at.Add(time.Duration(v) * time.Hour)}
	}
	return revs
}

// benchPage is page n of revs as forum.Service.RevisionPage loads it: the
// page's versions and the one before them.
func benchPage(p *forum.Post, th *forum.Thread, revs []forum.Revision, n int) *forum.RevisionPage {
	hi := len(revs) - (n-1)*forum.RevisionsPerPage
	lo := max(1, hi-forum.RevisionsPerPage+1)
	rp := &forum.RevisionPage{Post: p, Thread: th, Total: len(revs), Page: n,
		Pages: (len(revs) + forum.RevisionsPerPage - 1) / forum.RevisionsPerPage, Revisions: revs[lo-1 : hi]}
	if lo > 1 {
		rp.Before = &revs[lo-2]
	}
	return rp
}

// BenchmarkRevisionsPage renders the first page of versions of a 2,000-line
// post with 60 versions: "cold" diffs every pair on the page, "warm" finds
// them in the diff cache, as every request after the first does, and
// "all-pages-cold" renders all six pages with an empty cache: every pair
// diffed once, the work the page did on every request before it was
// paginated.
func BenchmarkRevisionsPage(b *testing.B) {
	w, err := New(Deps{Service: forum.NewService(forum.Config{})})
	if err != nil {
		b.Fatal(err)
	}
	revs := benchRevisions(2000, 60)
	p := &forum.Post{ID: 1, Number: 1, RevisionCount: len(revs)}
	th := &forum.Thread{ID: 1, Title: "A long post", Slug: "a-long-post"}
	servePage := func(b *testing.B, n int) {
		rec := httptest.NewRecorder()
		w.renderRevisions(rec, httptest.NewRequest("GET", "/p/1/revisions", nil), benchPage(p, th, revs, n))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Version "+strconv.Itoa(61-10*n)) {
			b.Fatalf("page %d: status %d", n, rec.Code)
		}
	}
	serve := func(b *testing.B) { servePage(b, 1) }
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w.diffs = newDiffCache(diffCacheBytes)
			serve(b)
		}
	})
	b.Run("all-pages-cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w.diffs = newDiffCache(diffCacheBytes)
			for n := 1; n <= 6; n++ {
				servePage(b, n)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		b.ReportAllocs()
		serve(b)
		for b.Loop() {
			serve(b)
		}
	})
}
