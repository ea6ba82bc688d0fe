package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestFullDiskIsAnOutage: when the database cannot grow (SQLite's
// max_page_count fails exactly as a full disk does, with SQLITE_FULL), a
// write answers 503 with Retry-After instead of 500, /readyz reports not
// ready and why, and once there is room again the node is ready and takes
// writes without a restart, although no write reached it meanwhile.
func TestFullDiskIsAnOutage(t *testing.T) {
	n := startNode(t, nil, buildOptions{})
	fx := seed(t, n.srv)
	writer := n.srv.Store.Engine().Write
	pageLimit := func(pages int) {
		t.Helper()
		if _, err := writer.ExecContext(context.Background(), fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
			t.Fatal(err)
		}
	}
	pageLimit(1) // the current size: no room to grow
	defer pageLimit(1073741823)

	body, _ := json.Marshal(map[string]any{"body": strings.Repeat("The watchdog resets the board again. ", 800)})
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/threads/%d/replies", n.url, fx.threadID), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+fx.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("reply on a full disk: %d (Retry-After %q) %s, want 503 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"), out)
	}
	if strings.Contains(string(out), "disk is full") {
		t.Fatalf("the answer shows the database's error: %s", out)
	}
	for range 2 { // the readiness probe meets the full disk too
		if code, body, _ := fetch(t, n.url+"/readyz"); code != http.StatusServiceUnavailable ||
			body != "unavailable: database storage full or failing\n" {
			t.Fatalf("/readyz on a full disk: %d %q", code, body)
		}
	}
	// Reads still work: the page cache and the database serve them.
	if code, _, _ := fetch(t, n.url+"/latest"); code != http.StatusOK {
		t.Fatalf("/latest on a full disk: %d", code)
	}

	pageLimit(1073741823)
	if code, body, _ := fetch(t, n.url+"/readyz"); code != http.StatusOK || body != "ready\n" {
		t.Fatalf("/readyz once there is room again: %d %q", code, body)
	}
	postReply(t, n.url, fx, "The watchdog is fed again after freeing space.")
}
