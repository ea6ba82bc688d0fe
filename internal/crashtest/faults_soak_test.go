//go:build faults

package crashtest

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/store"
)

// TestFaultSoak runs eight writers (replies and boosts) and eight readers
// against parley on SQLite for -soak (30 s by default, as in CI; -soak=5m
// on request) and samples the process every second: resident memory,
// goroutines and the WAL's size. The WAL must stay bounded (the
// checkpointer truncates it past store.WALLimit), no request may answer
// 500, and goroutines must return to their idle count once the load stops.
func TestFaultSoak(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "parley.db")
	const writers, readers = 8, 8
	tokens := make([]string, writers)
	for i := range tokens {
		tokens[i] = account(t, dir, db, fmt.Sprintf("soak_%d", i))
	}
	n := serveBinary(t, dir, db)
	threads, posts := targets(t, db)
	idleGoroutines := metric(n.base, "parley_goroutines")

	client := &http.Client{Timeout: 15 * time.Second}
	var writes, reads statusTally
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			on := map[int64]bool{}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				_, code := reply(client, n.base, tokens[w], threads[(w*5+i)%len(threads)],
					fmt.Sprintf("Soak reply %d from writer %d with a `code span` and some words.", i, w))
				writes.add(code)
				pw := posts[w%len(posts)]
				p := pw[i%len(pw)]
				method := "PUT"
				if on[p] {
					method = "DELETE"
				}
				code = post(client, method, fmt.Sprintf("%s/api/posts/%d/boost", n.base, p), tokens[w], "", "")
				if code == http.StatusOK {
					on[p] = !on[p]
				}
				writes.add(code)
			}
		}()
	}
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				path := "/latest"
				if i%2 == 0 {
					path = fmt.Sprintf("/t/x/%d", threads[(r+i)%len(threads)])
				}
				res, err := client.Get(n.base + path)
				if err != nil {
					reads.add(0)
					continue
				}
				res.Body.Close()
				reads.add(res.StatusCode)
			}
		}()
	}
	var maxWAL, maxRSS, maxG float64
	var samples []string
	started := time.Now()
	for time.Since(started) < *soak {
		time.Sleep(time.Second)
		wal, g, rss := metric(n.base, "parley_sqlite_wal_bytes"), metric(n.base, "parley_goroutines"), float64(rssKB(n.cmd.Process.Pid))
		maxWAL, maxRSS, maxG = max(maxWAL, wal), max(maxRSS, rss), max(maxG, g)
		samples = append(samples, fmt.Sprintf("%.0fs wal=%.1fMB rss=%.0fMB g=%.0f", time.Since(started).Seconds(), wal/1e6, rss/1024, g))
	}
	close(stop)
	wg.Wait()
	// Idle again: goroutines fall back (keep-alive connections close).
	client.CloseIdleConnections()
	http.DefaultClient.CloseIdleConnections()
	settled := metric(n.base, "parley_goroutines")
	for wait := time.Now(); settled > idleGoroutines+10 && time.Since(wait) < 20*time.Second; {
		time.Sleep(200 * time.Millisecond)
		http.DefaultClient.CloseIdleConnections()
		settled = metric(n.base, "parley_goroutines")
	}
	size := func(p string) float64 {
		st, err := store.Open(t.Context(), p, store.Options{})
		if err != nil {
			return -1
		}
		defer st.Close()
		var pages, pageSize float64
		_ = st.Engine().Read.QueryRow(`PRAGMA page_count`).Scan(&pages)
		_ = st.Engine().Read.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
		return pages * pageSize
	}
	t.Logf("soak %s: writes %s; reads %s", *soak, writes.String(), reads.String())
	t.Logf("max WAL %.1f MB (limit %.1f MB), database %.1f MB; max RSS %.0f MB; goroutines idle %.0f, max %.0f, after %.0f",
		maxWAL/1e6, float64(store.WALLimit)/1e6, size(db)/1e6, maxRSS/1024, idleGoroutines, maxG, settled)
	t.Logf("samples: %s", strings.Join(samples, "; "))
	if writes.get(http.StatusInternalServerError)+reads.get(http.StatusInternalServerError) > 0 {
		t.Errorf("500s during the soak: writes %s reads %s", writes.String(), reads.String())
	}
	if writes.get(http.StatusCreated) < 100 {
		t.Errorf("the soak wrote only %d replies", writes.get(http.StatusCreated))
	}
	if maxWAL > 3*store.WALLimit {
		t.Errorf("the WAL reached %.1f MB, want at most %.1f MB", maxWAL/1e6, 3*float64(store.WALLimit)/1e6)
	}
	if settled > idleGoroutines+10 {
		t.Errorf("goroutines: %.0f idle before, %.0f after the load stopped", idleGoroutines, settled)
	}
}
