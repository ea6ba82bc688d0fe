package app

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestDatabaseOutage runs parley on PostgreSQL, then takes the database
// away while it serves — every backend terminated and new connections
// refused — and expects clear 503s (HTML and JSON, with Retry-After, no
// internals), then full service again once the database is back, without
// a restart, and no 503 left in the page cache. Meanwhile API writers post
// replies throughout, retrying each 503 with its Idempotency-Key: every
// acknowledged reply is in the database exactly once, none is answered
// 500, and the test reports how long the first write after the database's
// return took (docs/RELIABILITY.md has the figures).
func TestDatabaseOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the database outage test")
	}
	pgURL := storetest.PostgresURL(t)
	u, _ := url.Parse(pgURL)
	dbName := strings.TrimPrefix(u.Path, "/")
	admin, err := sql.Open("pgx", os.Getenv(storetest.PostgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	ctx := context.Background()
	allow := func(on bool) {
		t.Helper()
		if _, err := admin.ExecContext(ctx, fmt.Sprintf("ALTER DATABASE %s ALLOW_CONNECTIONS %t", dbName, on)); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { _, _ = admin.ExecContext(ctx, "ALTER DATABASE "+dbName+" ALLOW_CONNECTIONS true") }()

	if code, out, errOut := runDB(t, pgURL, "a strong password\n", "user", "create", "outage_probe", "--email", "probe@example.com", "--password-stdin"); code != 0 {
		t.Fatalf("user create: %s%s", out, errOut)
	}
	code, token, errOut := runDB(t, pgURL, "", "token", "create", "outage_probe", "--name", "probe")
	if code != 0 {
		t.Fatalf("token create: %s", errOut)
	}
	token = strings.TrimSpace(token)

	base := serveDemo(t, "--database", pgURL, "--rate-limits", "off")
	var threadPaths []string
	var postID, threadID int64
	{
		db, err := sql.Open("pgx", pgURL)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.QueryContext(ctx, `SELECT id, slug, first_post_id FROM threads WHERE deleted = 0 ORDER BY id LIMIT 3`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var slug string
			if err := rows.Scan(&threadID, &slug, &postID); err != nil {
				t.Fatal(err)
			}
			threadPaths = append(threadPaths, fmt.Sprintf("/t/%s/%d", slug, threadID))
		}
		rows.Close()
		db.Close()
	}
	if len(threadPaths) < 3 {
		t.Fatalf("the demo has %d threads", len(threadPaths))
	}
	reply := func() *http.Request {
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/threads/%d/replies", base, threadID),
			strings.NewReader(`{"body":"Written while the database came back."}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		return req
	}
	get := func(path string, accept string) *http.Request {
		req, _ := http.NewRequest("GET", base+path, nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		return req
	}
	// Healthy: a page is served and cached, the API answers.
	if res := httpDo(t, get(threadPaths[0], "")); res.status != 200 {
		t.Fatalf("before the outage: %d", res.status)
	}
	const nWriters = 4
	writers := startOutageWriters(t, base, token, threadID, nWriters)
	writers.waitEach(t, "had a reply acknowledged before the outage", true)

	outageAt := time.Now()
	allow(false)
	if _, err := admin.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = $1 AND pid <> pg_backend_pid()`, dbName); err != nil {
		t.Fatal(err)
	}
	// Each request during the outage: 503, Retry-After, a clear message,
	// no internals. Pages not yet cached are asked for, twice each, so the
	// dead pooled connections and the refused new ones are both met.
	html := []string{threadPaths[1], threadPaths[2], "/latest", "/u/outage_probe", threadPaths[1]}
	for _, p := range html {
		res := httpDo(t, get(p, ""))
		expectUnavailable(t, "GET "+p, res, "text/html", "cannot reach its database")
	}
	res := httpDo(t, get(fmt.Sprintf("/api/posts/%d", postID), "application/json"))
	expectUnavailable(t, "GET /api/posts", res, "application/json", "")
	if res.errorCode != "unavailable" {
		t.Errorf("API read during the outage: code %q, want unavailable", res.errorCode)
	}
	res = httpDo(t, reply())
	expectUnavailable(t, "POST reply", res, "application/json", "")
	if res.errorCode != "unavailable" {
		t.Errorf("API write during the outage: code %q, want unavailable", res.errorCode)
	}
	if res := httpDo(t, get("/readyz", "")); res.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the outage: %d, want 503", res.status)
	}
	// Every writer meets the outage before the database returns.
	writers.reset()
	writers.waitEach(t, "was answered 503 during the outage", false)

	allow(true)
	restoredAt := time.Now()
	writers.reset()
	// The pool reconnects by itself: wait for the first success, then
	// every page that failed must be served fresh (no cached 503).
	deadline := time.Now().Add(20 * time.Second)
	for httpDo(t, get("/latest", "")).status != 200 {
		if time.Now().After(deadline) {
			t.Fatal("parley did not recover within 20s of the database returning")
		}
		time.Sleep(10 * time.Millisecond)
	}
	pageBack := time.Since(restoredAt)
	for _, p := range html {
		if res := httpDo(t, get(p, "")); res.status != 200 {
			t.Errorf("GET %s after recovery: %d", p, res.status)
		}
	}
	if res := httpDo(t, reply()); res.status != http.StatusCreated && res.status != http.StatusOK {
		t.Errorf("reply after recovery: %d %s", res.status, res.body)
	}
	if res := httpDo(t, get("/readyz", "")); res.status != 200 {
		t.Errorf("/readyz after recovery: %d", res.status)
	}

	// Each writer has a reply acknowledged after the return; then the
	// ledger is compared with the database.
	writers.waitEach(t, "had a reply acknowledged after the database returned", true)
	writeBack, ok := writers.firstAckAfter(restoredAt)
	if !ok {
		t.Fatal("no write acknowledged after the database returned")
	}
	db, err := sql.Open("pgx", pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	acked, present, statuses := writers.check(t, db)
	if statuses[http.StatusServiceUnavailable] == 0 {
		t.Error("the writers never met the outage")
	}
	t.Logf("outage of %v; %d writers: %d replies acknowledged, %d present; statuses %v (0 = answer lost); "+
		"first page 200 %v and first write 201 %v after the database returned",
		restoredAt.Sub(outageAt).Round(time.Millisecond), nWriters, acked, present, statuses,
		pageBack.Round(time.Millisecond), writeBack.Round(time.Millisecond))
}

type httpResult struct {
	status    int
	header    http.Header
	body      string
	errorCode string
}

func httpDo(t *testing.T, req *http.Request) httpResult {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	out := httpResult{status: res.StatusCode, header: res.Header, body: string(b)}
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	if json.Unmarshal(b, &e) == nil {
		out.errorCode = e.Error.Code
	}
	return out
}

func expectUnavailable(t *testing.T, what string, res httpResult, contentType, message string) {
	t.Helper()
	if res.status != http.StatusServiceUnavailable {
		t.Errorf("%s during the outage: %d, want 503\n%.300s", what, res.status, res.body)
		return
	}
	if res.header.Get("Retry-After") == "" {
		t.Errorf("%s: 503 without Retry-After", what)
	}
	if !strings.HasPrefix(res.header.Get("Content-Type"), contentType) {
		t.Errorf("%s: Content-Type %q, want %s", what, res.header.Get("Content-Type"), contentType)
	}
	if !strings.Contains(res.body, message) {
		t.Errorf("%s: body lacks %q", what, message)
	}
	for _, leak := range []string{"SQLSTATE", "pgx", "pg_", "terminating connection", "127.0.0.1"} {
		if strings.Contains(res.body, leak) {
			t.Errorf("%s: the response shows internals (%q)", what, leak)
		}
	}
}

// serveDemo runs "parley serve" with the demo on a free port until the
// test ends and returns its base URL.
func serveDemo(t *testing.T, args ...string) string {
	t.Helper()
	addr := freeLoopback(t)
	ctx, cancel := context.WithCancel(context.Background())
	var errOut lockedLog
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, Env{Args: append([]string{"serve", "--addr", addr, "--data", t.TempDir()}, args...),
			Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut, Getenv: func(string) string { return "" }})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not shut down")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", errOut.String())
		}
	})
	waitServing(t, &errOut, done, 60*time.Second)
	return "http://" + addr
}
