package store_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/bench"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// searchBenchDB names a database already seeded by `parley bench seed`
// (a SQLite file or a postgres:// URL). Without it the benchmark seeds a
// small community of its own, which measures the code path but not the
// million-post corpus the targets are about.
const searchBenchDB = "PARLEY_SEARCH_BENCH_DB"

// searchBenchQueries are typical searches: one to three words, an
// identifier, an errno, a phrase, and the same words with filters.
var searchBenchQueries = []struct{ name, query string }{
	{"1word", "keychain"},
	{"2words", "socket stalls"},
	{"3words", "background download timer"},
	{"identifier", "FlowSocketProvider"},
	{"identifier-part", "SocketProvider"},
	{"errno", "ETIMEDOUT"},
	{"phrase", `"times out"`},
	{"file", "skbuf_slab.c"},
	{"rare-and", "keychain ETIMEDOUT flow_divert.c"},
	{"tag", "socket tag:buffer-0"},
	{"subtopic", "socket subtopic:bench-connection"},
	{"solved", "socket stalls is:solved"},
	{"after", "keychain after:2026-01-01"},
	{"exclude", "socket -keychain"},
	{"latest", "socket sort:latest"},
	{"filters-only", "is:recommended tag:buffer-0"},
}

// BenchmarkSearch reports each query's p50 and p95 latency through
// Store.Search (engine query, ranking, grouping and loading one page).
//
//	PARLEY_DATA_DIR=/tmp/b parley bench seed        # 1M posts
//	PARLEY_SEARCH_BENCH_DB=/tmp/b/parley.db go test ./internal/store -run '^$' -bench Search -benchtime 200x
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	var st *store.Store
	if url := os.Getenv(searchBenchDB); url != "" {
		var err error
		if st, err = store.Open(ctx, url, store.Options{}); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
	} else {
		st = openStore(b, storetest.SQLiteURL(b))
		opt := bench.DefaultSeed()
		opt.Users, opt.Threads, opt.Replies, opt.BodyPool = 200, 2000, 20000, 200
		if _, err := bench.Seed(ctx, st, opt, func(string) {}); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range searchBenchQueries {
		q, err := search.Parse(c.query)
		if err != nil {
			b.Fatalf("%s: %v", c.query, err)
		}
		b.Run(c.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := st.Search(ctx, forum.SearchQuery{Query: q, Limit: forum.SearchPerPage + 1}); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			pct := func(p float64) float64 { return float64(took[int(p*float64(len(took)-1))].Microseconds()) / 1000 }
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.95), "p95-ms")
		})
	}
}
