package app

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// outageWriters is the ledger half of TestDatabaseOutage: a few API
// clients post replies before, during and after the outage, each retrying
// a 503 with the same Idempotency-Key until it is answered 201, as the API
// document tells clients to. Afterwards every acknowledged reply must be
// in the database exactly once under the id it was answered with, and no
// request may have been answered 500.
type outageWriters struct {
	base, token, prefix string
	threadID            int64
	client              *http.Client

	stop chan struct{}
	wg   sync.WaitGroup

	mu       sync.Mutex
	acks     map[string]int64 // key → acknowledged post id
	ackTimes []time.Time      // when each 201 arrived
	statuses map[int]int      // every status seen; 0 counts lost answers
	errs     []string
	acked    []int // per writer: 201s since the last reset
	refused  []int // per writer: 503s since the last reset
}

func startOutageWriters(t *testing.T, base, token string, threadID int64, writers int) *outageWriters {
	t.Helper()
	w := &outageWriters{
		base: base, token: token, threadID: threadID, prefix: fmt.Sprintf("outage-%d", time.Now().UnixNano()),
		client: &http.Client{Timeout: 30 * time.Second},
		stop:   make(chan struct{}),
		acks:   map[string]int64{}, statuses: map[int]int{},
		acked: make([]int, writers), refused: make([]int, writers),
	}
	for n := range writers {
		w.wg.Add(1)
		go w.run(n)
	}
	t.Cleanup(w.finish) // in case the test stops early
	return w
}

// run writes one logical reply after another until stop is closed; the
// reply under way when it closes is still retried until acknowledged, so
// every key a writer starts ends in the ledger.
func (w *outageWriters) run(n int) {
	defer w.wg.Done()
	deadline := time.Now().Add(2 * time.Minute)
	for i := 0; ; i++ {
		select {
		case <-w.stop:
			return
		default:
		}
		key := fmt.Sprintf("%s-%d-%d", w.prefix, n, i)
		for attempt := 0; ; attempt++ {
			if time.Now().After(deadline) {
				w.fail("%s: still unanswered after 2 minutes", key)
				return
			}
			status, id, err := w.post(key)
			w.mu.Lock()
			w.statuses[status]++
			switch {
			case status == http.StatusCreated:
				w.acks[key] = id
				w.ackTimes = append(w.ackTimes, time.Now())
				w.acked[n]++
			case status == http.StatusServiceUnavailable:
				w.refused[n]++
			case err != nil && status == 0:
				// The answer was lost: retry with the key.
			default:
				w.errs = append(w.errs, fmt.Sprintf("%s: status %d: %v", key, status, err))
			}
			w.mu.Unlock()
			if status == http.StatusCreated {
				break
			}
			if status != 0 && status != http.StatusServiceUnavailable {
				return
			}
			// A short pause between retries, as a client backs off.
			time.Sleep(time.Duration(20+10*min(attempt, 8)) * time.Millisecond)
		}
	}
}

func (w *outageWriters) post(key string) (int, int64, error) {
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/threads/%d/replies", w.base, w.threadID),
		strings.NewReader(fmt.Sprintf(`{"body":"Logical write %s."}`, key)))
	req.Header.Set("Authorization", "Bearer "+w.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	res, err := w.client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		return res.StatusCode, 0, fmt.Errorf("%.200s", body)
	}
	var out struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.ID == 0 {
		return 500, 0, fmt.Errorf("201 with a bad answer: %.200s", body)
	}
	return res.StatusCode, out.ID, nil
}

func (w *outageWriters) fail(format string, args ...any) {
	w.mu.Lock()
	w.errs = append(w.errs, fmt.Sprintf(format, args...))
	w.mu.Unlock()
}

// reset zeroes the per-writer counters, so waitEach can wait for what
// happens from now on.
func (w *outageWriters) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	clear(w.acked)
	clear(w.refused)
}

// waitEach waits until every writer has had at least one 201 (acked) or
// one 503 (refused) since the last reset.
func (w *outageWriters) waitEach(t *testing.T, what string, acked bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		w.mu.Lock()
		counts := w.refused
		if acked {
			counts = w.acked
		}
		all := true
		for _, c := range counts {
			all = all && c > 0
		}
		errs := len(w.errs)
		w.mu.Unlock()
		if all {
			return
		}
		if errs > 0 || time.Now().After(deadline) {
			t.Fatalf("writers: not every one %s within 30 s (%v)", what, w.errs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// firstAckAfter is the first 201 that arrived at or after since.
func (w *outageWriters) firstAckAfter(since time.Time) (time.Duration, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	times := append([]time.Time(nil), w.ackTimes...)
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for _, at := range times {
		if !at.Before(since) {
			return at.Sub(since), true
		}
	}
	return 0, false
}

func (w *outageWriters) finish() {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	w.wg.Wait()
}

// check stops the writers and compares the ledger with the database:
// every acknowledged key is present exactly once, under its id, and
// nothing is present that was not acknowledged. It returns the counts
// for the test's report.
func (w *outageWriters) check(t *testing.T, db *sql.DB) (acked, present int, statuses map[int]int) {
	t.Helper()
	w.finish()
	for _, e := range w.errs {
		t.Error(e)
	}
	found := loggedWrites(t, db, w.threadID, w.prefix)
	for key, id := range w.acks {
		if ids := found[key]; len(ids) != 1 || ids[0] != id {
			t.Errorf("%s acknowledged as post %d; the database has %v", key, id, ids)
		}
	}
	for key, ids := range found {
		if _, ok := w.acks[key]; !ok {
			t.Errorf("%s is in the database (%v) but was never acknowledged", key, ids)
		}
	}
	for status, n := range w.statuses {
		if status != 0 && status != http.StatusCreated && status != http.StatusServiceUnavailable {
			t.Errorf("writers saw status %d × %d (want only 201 and 503)", status, n)
		}
	}
	return len(w.acks), len(found), w.statuses
}

// loggedWrites reads the "Logical write PREFIX-…" replies of a thread
// into a map from each write's key to the ids of the posts holding it,
// so a test can check every acknowledged write is there exactly once.
func loggedWrites(t *testing.T, db *sql.DB, threadID int64, prefix string) map[string][]int64 {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT id, body_source FROM posts WHERE thread_id = $1 AND body_source LIKE $2`,
		threadID, "Logical write "+prefix+"-%")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	found := map[string][]int64{}
	for rows.Next() {
		var id int64
		var src string
		if err := rows.Scan(&id, &src); err != nil {
			t.Fatal(err)
		}
		key := strings.TrimSuffix(strings.TrimPrefix(src, "Logical write "), ".")
		found[key] = append(found[key], id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return found
}
