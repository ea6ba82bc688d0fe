//go:build faults

package crashtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/store"
)

// mountTmpfs mounts a small tmpfs for the test, or skips with the reason
// where mounting is not allowed (not root, not Linux, a sandbox); in CI
// (CI=true) it fails instead, so the fault is never silently untested.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	refuse := t.Skipf
	if os.Getenv("CI") == "true" {
		refuse = t.Fatalf
	}
	if runtime.GOOS != "linux" {
		refuse("disk-full test needs Linux tmpfs; this is %s", runtime.GOOS)
	}
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		refuse("cannot mount a tmpfs here (%v: %s); the disk-full test needs root", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file until the file system is full, then gives back
// leave bytes, so the next writes of the forum run out of space quickly.
func fill(t *testing.T, path string, leave int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	var n int64
	for {
		w, err := f.Write(chunk)
		n += int64(w)
		if errors.Is(err, syscall.ENOSPC) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Truncate(max(0, n-leave)); err != nil {
		t.Fatal(err)
	}
}

// TestFaultDiskFull runs parley on SQLite on a small tmpfs, fills the
// disk under four writers, and expects every refused write to answer 503
// (never 500), every acknowledged write to be in the database, and
// writes to succeed again, without a restart, once space returns.
func TestFaultDiskFull(t *testing.T) {
	mnt := mountTmpfs(t, "64m")
	db := filepath.Join(mnt, "parley.db")
	tokens := []string{account(t, mnt, db, "full_0"), account(t, mnt, db, "full_1"), account(t, mnt, db, "full_2"), account(t, mnt, db, "full_3")}
	n := serveBinary(t, mnt, db)
	threads, _ := targets(t, db)
	fill(t, filepath.Join(mnt, "filler"), 512<<10)

	client := &http.Client{Timeout: 15 * time.Second}
	var tally statusTally
	var mu sync.Mutex
	acked := map[int64]bool{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	body := strings.Repeat("Log line that fills the disk. ", 120)
	for w, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id, code := reply(client, n.base, tok, threads[(w+i)%len(threads)], fmt.Sprintf("%s %d/%d", body, w, i))
				tally.add(code)
				if code == http.StatusCreated {
					mu.Lock()
					acked[id] = true
					mu.Unlock()
				}
			}
		}()
	}
	deadline := time.Now().Add(60 * time.Second)
	for tally.get(http.StatusServiceUnavailable)+tally.get(http.StatusInternalServerError) < 50 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	full := tally.String()
	if err := os.Remove(filepath.Join(mnt, "filler")); err != nil {
		t.Fatal(err)
	}
	freed := time.Now()
	before := tally.get(http.StatusCreated)
	for tally.get(http.StatusCreated) < before+20 && time.Since(freed) < 30*time.Second {
		time.Sleep(20 * time.Millisecond)
	}
	recovery := time.Since(freed)
	close(stop)
	wg.Wait()
	t.Logf("disk full: statuses while filling %s; all %s; recovered in %s after space returned; %d acknowledged",
		full, tally.String(), recovery.Round(time.Millisecond), len(acked))
	if tally.get(http.StatusServiceUnavailable) < 50 {
		t.Errorf("the disk never filled: %s", tally.String())
	}
	if tally.get(http.StatusInternalServerError) > 0 {
		t.Errorf("%d writes answered 500 on a full disk, want 503", tally.get(http.StatusInternalServerError))
	}
	if tally.get(http.StatusCreated) < before+20 {
		t.Errorf("writes did not recover within 30s of space returning: %s", tally.String())
	}
	n.kill()
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ids := make([]int64, 0, len(acked))
	for id := range acked {
		ids = append(ids, id)
	}
	posts, err := st.PostsByID(ctx, ids)
	if err != nil || len(posts) != len(ids) {
		t.Errorf("%d of %d acknowledged replies are in the database (%v)", len(posts), len(ids), err)
	}
	if probs, err := st.CheckCounters(ctx); err != nil || len(probs) > 0 {
		t.Errorf("counters after the disk filled: %v %v", probs, err)
	}
	var ok string
	if err := st.Engine().Read.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity check: %q %v", ok, err)
	}
}

// reply posts one reply and returns its id and the status.
func reply(client *http.Client, base, token string, thread int64, text string) (int64, int) {
	req, err := http.NewRequest("POST", fmt.Sprintf("%s/api/threads/%d/replies", base, thread),
		strings.NewReader(fmt.Sprintf(`{"body":%q}`, text)))
	if err != nil {
		return 0, 0
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return 0, 0
	}
	defer res.Body.Close()
	var out struct {
		ID int64 `json:"id"`
	}
	if res.StatusCode == http.StatusCreated {
		_ = decodeJSON(res, &out)
	}
	return out.ID, res.StatusCode
}
