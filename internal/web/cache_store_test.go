package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/pagecache"
)

// TestCacheRefusesWhatItMustNotShare: responses that are not a complete,
// public 200 to a signed-out GET reach their own client and are never
// stored, so the next visitor gets a fresh render.
func TestCacheRefusesWhatItMustNotShare(t *testing.T) {
	page := func(rw http.ResponseWriter, r *http.Request) { fmt.Fprint(rw, "<p>the page</p>") }
	cases := []struct {
		name string
		h    http.HandlerFunc
		req  func(*http.Request) *http.Request
	}{
		{"not found", func(rw http.ResponseWriter, r *http.Request) { rw.WriteHeader(404); fmt.Fprint(rw, "gone") }, nil},
		{"server error", func(rw http.ResponseWriter, r *http.Request) { rw.WriteHeader(500); fmt.Fprint(rw, "oops") }, nil},
		{"redirect", func(rw http.ResponseWriter, r *http.Request) {
			http.Redirect(rw, r, "/elsewhere", http.StatusMovedPermanently)
		}, nil},
		{"sets a cookie", func(rw http.ResponseWriter, r *http.Request) {
			http.SetCookie(rw, &http.Cookie{Name: "anon", Value: "x"})
			page(rw, r)
		}, nil},
		{"private", func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Cache-Control", "private, no-cache")
			page(rw, r)
		}, nil},
		{"no-store", func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Cache-Control", "no-store")
			page(rw, r)
		}, nil},
		{"empty body", func(rw http.ResponseWriter, r *http.Request) { rw.WriteHeader(200) }, nil},
		{"partial write", func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Length", "4096")
			page(rw, r)
		}, nil},
		{"already encoded", func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Encoding", "gzip")
			page(rw, r)
		}, nil},
		{"request gone during the render", page, func(r *http.Request) *http.Request {
			ctx, cancel := context.WithCancel(r.Context())
			cancel()
			return r.WithContext(ctx)
		}},
		{"signed in", page, func(r *http.Request) *http.Request {
			return r.WithContext(identity.With(r.Context(), &identity.Identity{User: &forum.User{ID: 7}}))
		}},
		{"bearer token", page, func(r *http.Request) *http.Request {
			r.Header.Set("Authorization", "Bearer abc")
			return r
		}},
	}
	for _, c := range cases {
		w := &Web{Deps: Deps{Cache: pagecache.New(1<<20, time.Minute, nil)}}
		h := w.cached(func(*http.Request) []string { return []string{"list:latest"} }, c.h)
		r := httptest.NewRequest("GET", "/latest", nil)
		if c.req != nil {
			r = c.req(r)
		}
		h(httptest.NewRecorder(), r)
		if _, ok := w.Cache.Get("/latest"); ok {
			t.Errorf("%s: the response was stored", c.name)
		}
	}
}

// TestCachedRequestsThatMustRenderFresh: a signed-in visitor or a token
// holder never gets the shared copy, even when one is stored.
func TestCachedRequestsThatMustRenderFresh(t *testing.T) {
	w := &Web{Deps: Deps{Cache: pagecache.New(1<<20, time.Minute, nil)}}
	renders := 0
	h := w.cached(func(*http.Request) []string { return []string{"list:latest"} }, func(rw http.ResponseWriter, r *http.Request) {
		renders++
		fmt.Fprintf(rw, "render %d", renders)
	})
	h(httptest.NewRecorder(), httptest.NewRequest("GET", "/latest", nil))
	signedIn := httptest.NewRequest("GET", "/latest", nil)
	signedIn = signedIn.WithContext(identity.With(signedIn.Context(), &identity.Identity{User: &forum.User{ID: 7}}))
	token := httptest.NewRequest("GET", "/latest", nil)
	token.Header.Set("Authorization", "Bearer abc")
	for name, r := range map[string]*http.Request{"signed in": signedIn, "token": token} {
		rec := httptest.NewRecorder()
		h(rec, r)
		if rec.Header().Get("X-Cache") != "" || rec.Body.String() == "render 1" {
			t.Errorf("%s: got the shared copy %q (X-Cache %q)", name, rec.Body.String(), rec.Header().Get("X-Cache"))
		}
	}
}

// TestRangeAndHeadStoreTheWholePage: the first request for a page may be
// a HEAD or a Range request; the entry it leaves is the whole GET answer.
func TestRangeAndHeadStoreTheWholePage(t *testing.T) {
	for _, first := range []func() *http.Request{
		func() *http.Request { return httptest.NewRequest("HEAD", "/latest", nil) },
		func() *http.Request {
			r := httptest.NewRequest("GET", "/latest", nil)
			r.Header.Set("Range", "bytes=0-3")
			return r
		},
	} {
		w := &Web{Deps: Deps{Cache: pagecache.New(1<<20, time.Minute, nil)}}
		h := w.cached(func(*http.Request) []string { return []string{"list:latest"} }, func(rw http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet {
				rw.WriteHeader(200) // what a HEAD-aware handler does: no body
				return
			}
			fmt.Fprint(rw, "<p>the whole page</p>")
		})
		r := first()
		h(httptest.NewRecorder(), r)
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequest("GET", "/latest", nil))
		if rec.Code != 200 || rec.Body.String() != "<p>the whole page</p>" {
			t.Errorf("after %s (Range %q): GET got %d %q", r.Method, r.Header.Get("Range"), rec.Code, rec.Body.String())
		}
	}
}
