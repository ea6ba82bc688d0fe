package api

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

// BenchmarkThreadTwin measures the JSON of a thread page, the most read
// response, without the network: store reads, conversion and encoding.
func BenchmarkThreadTwin(b *testing.B) {
	h := newHarness(b)
	w := h.thread("alice", "A busy thread for benchmarks", "bob", "carol", "bob", "carol", "bob", "carol", "bob")
	mux := http.NewServeMux()
	mountTwins(mux, h.api)
	path := "/t/a-busy-thread-for-benchmarks/" + itoa(w.ThreadID)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkLatestTwin measures one page of the latest list.
func BenchmarkLatestTwin(b *testing.B) {
	h := newHarness(b)
	for range 40 {
		h.thread("alice", "Another thread in the list")
	}
	mux := http.NewServeMux()
	mountTwins(mux, h.api)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", "/latest", nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkThreadDTO isolates converting and encoding a page of threads.
func BenchmarkThreadDTO(b *testing.B) {
	h := newHarness(b)
	for range 30 {
		h.thread("alice", "Thread to convert")
	}
	lp, err := h.svc.ListThreads(b.Context(), listQueryDefault())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.api.send(rec, httptest.NewRequest("GET", "/", nil), 200, ListDTO{Threads: h.api.threads(lp.Threads)})
	}
}

func listQueryDefault() forum.ListQuery {
	return forum.ListQuery{Sort: forum.SortActivity, Desc: true, Limit: forum.DefaultPageSize}
}
