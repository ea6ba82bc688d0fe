package app

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestBackendKillsWriteExactlyOnce runs eight writers against parley on
// PostgreSQL while another connection terminates the database's backends
// over and over. Each writer retries every 503 with the request's
// Idempotency-Key, as the API document tells clients to. Afterwards every
// logical write exists exactly once, under the id its writer was given:
// a write that committed was never answered as failed without its retry
// finding it, and a retry never wrote a second row.
func TestBackendKillsWriteExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the backend-kill test")
	}
	pgURL := storetest.PostgresURL(t)
	u, _ := url.Parse(pgURL)
	dbName := strings.TrimPrefix(u.Path, "/")
	if code, out, errOut := runDB(t, pgURL, "a strong password\n", "user", "create", "kill_writer", "--email", "kw@example.com", "--password-stdin"); code != 0 {
		t.Fatalf("user create: %s%s", out, errOut)
	}
	code, token, errOut := runDB(t, pgURL, "", "token", "create", "kill_writer", "--name", "writer")
	if code != 0 {
		t.Fatalf("token create: %s", errOut)
	}
	token = strings.TrimSpace(token)
	base := serveDemo(t, "--database", pgURL, "--rate-limits", "off")
	db, err := sql.Open("pgx", pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var threadID int64
	if err := db.QueryRow(`SELECT id FROM threads WHERE deleted = 0 AND locked = 0 ORDER BY id LIMIT 1`).Scan(&threadID); err != nil {
		t.Fatal(err)
	}

	admin, err := sql.Open("pgx", os.Getenv(storetest.PostgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	stop := make(chan struct{})
	killed := make(chan int)
	go func() {
		n := 0
		defer func() { killed <- n }()
		tick := time.NewTicker(120 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				var k int
				if err := admin.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
					WHERE datname = $1 AND pid <> pg_backend_pid()`, dbName).Scan(&k); err == nil {
					n += k
				}
			}
		}
	}()

	const writers, perWriter = 8, 12
	type ack struct {
		key string
		id  int64
	}
	var mu sync.Mutex
	var acks []ack
	statuses := map[int]int{}
	deadline := time.Now().Add(90 * time.Second)
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				key := fmt.Sprintf("killtest-%d-%d", w, i)
				for attempt := 0; ; attempt++ {
					if time.Now().After(deadline) {
						t.Errorf("%s: no answer but 503 before the deadline", key)
						return
					}
					req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/threads/%d/replies", base, threadID),
						strings.NewReader(fmt.Sprintf(`{"body":"Logical write %s."}`, key)))
					req.Header.Set("Authorization", "Bearer "+token)
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Idempotency-Key", key)
					res, err := http.DefaultClient.Do(req)
					if err != nil {
						continue // the answer was lost: retry with the key
					}
					body, _ := io.ReadAll(res.Body)
					res.Body.Close()
					mu.Lock()
					statuses[res.StatusCode]++
					mu.Unlock()
					if res.StatusCode == http.StatusServiceUnavailable {
						time.Sleep(time.Duration(20+10*attempt%100) * time.Millisecond)
						continue
					}
					if res.StatusCode != http.StatusCreated {
						t.Errorf("%s: status %d: %s", key, res.StatusCode, body)
						return
					}
					var out struct {
						ID int64 `json:"id"`
					}
					if err := json.Unmarshal(body, &out); err != nil || out.ID == 0 {
						t.Errorf("%s: bad answer %s", key, body)
						return
					}
					mu.Lock()
					acks = append(acks, ack{key, out.ID})
					mu.Unlock()
					break
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	nKilled := <-killed

	present := loggedWrites(t, db, threadID, "killtest")
	for _, a := range acks {
		if ids := present[a.key]; len(ids) != 1 || ids[0] != a.id {
			t.Errorf("%s acknowledged as post %d; the database has %v", a.key, a.id, ids)
		}
	}
	if len(acks) != writers*perWriter || len(present) != writers*perWriter {
		t.Errorf("%d writes acknowledged, %d present, want %d", len(acks), len(present), writers*perWriter)
	}
	t.Logf("backends killed %d; statuses %v; acknowledged %d; present %d", nKilled, statuses, len(acks), len(present))
	if nKilled == 0 || statuses[http.StatusServiceUnavailable] == 0 {
		t.Errorf("the test injected no fault that showed (killed %d, 503s %d)", nKilled, statuses[http.StatusServiceUnavailable])
	}
}
