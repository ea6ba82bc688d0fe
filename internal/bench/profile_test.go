//go:build benchprof

package bench_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/bench"
	"github.com/parley-forum/parley/internal/forumtest"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/loadgen"
)

// TestPostingProfile is a profiling harness, built only with the benchprof
// tag: it serves the seeded database PARLEY_PROFILE_DB in-process and, for
// 8 s, posts replies on 8 connections while PARLEY_PROFILE_READERS
// connections (default 56, 0 for none) read PARLEY_PROFILE_PATH (default
// the busiest subtopic), so `go test -cpuprofile` or `-blockprofile` shows
// where a request's time goes. PARLEY_PROFILE_NOPOST=1 only reads;
// PARLEY_PROFILE_SIGNEDIN=member or staff reads signed in as a seeded
// member or staff account; PARLEY_PROFILE_PRAGMA runs statements (";"-separated) on the writer
// first. See docs/BENCHMARKS.md.
func TestPostingProfile(t *testing.T) {
	db := os.Getenv("PARLEY_PROFILE_DB")
	if db == "" {
		t.Skip("PARLEY_PROFILE_DB not set")
	}
	f := forumtest.Start(t, forumtest.Options{DatabaseURL: db})
	ctx := context.Background()
	for _, p := range strings.Split(os.Getenv("PARLEY_PROFILE_PRAGMA"), ";") {
		if p == "" {
			continue
		}
		if _, err := f.Server.Store.Engine().Write.ExecContext(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	fx, err := bench.PrepareFixtures(ctx, f.Server.Store)
	if err != nil {
		t.Fatal(err)
	}
	replyURL := fmt.Sprintf("%s/api/threads/%d/replies", f.URL, fx.ReplyTo)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if os.Getenv("PARLEY_PROFILE_NOPOST") != "" {
			return
		}
		r, err := loadgen.Run(ctx, loadgen.Target{Name: "post", Next: func(w, i int) (*http.Request, error) {
			req, err := http.NewRequest(http.MethodPost, replyURL, strings.NewReader(fmt.Sprintf(`{"body":"Bench reply %d from %d: the path changed."}`, i, w)))
			if err == nil {
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+fx.Token)
			}
			return req, err
		}}, loadgen.Options{Connections: 8, Duration: 8 * time.Second})
		t.Logf("%+v err=%v", r, err)
	}()
	go func() {
		defer wg.Done()
		if readers() == 0 {
			return
		}
		r, err := loadgen.Run(ctx, loadgen.Target{Name: "read", Next: func(int, int) (*http.Request, error) {
			path := "/c/" + fx.Subtopic
			if p := os.Getenv("PARLEY_PROFILE_PATH"); p != "" {
				path = p
			}
			req, err := http.NewRequest(http.MethodGet, f.URL+path, nil)
			switch os.Getenv("PARLEY_PROFILE_SIGNEDIN") {
			case "member":
				req.AddCookie(&http.Cookie{Name: identity.SessionCookie, Value: fx.MemberCookie})
			case "staff":
				req.AddCookie(&http.Cookie{Name: identity.SessionCookie, Value: fx.StaffCookie})
			}
			return req, err
		}}, loadgen.Options{Connections: readers(), Duration: 8 * time.Second})
		t.Logf("%+v err=%v", r, err)
	}()
	wg.Wait()
}

func readers() int {
	var n int
	if _, err := fmt.Sscan(os.Getenv("PARLEY_PROFILE_READERS"), &n); err != nil {
		return 56
	}
	return n
}
