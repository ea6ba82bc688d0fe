package crashtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
	"github.com/parley-forum/parley/internal/testenv"
)

const (
	workers = 6                       // concurrent clients, one account each
	kills   = 3                       // SIGKILLs per run
	between = 1500 * time.Millisecond // load between kills
)

func TestCrashSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the crash test")
	}
	dir := t.TempDir()
	crashRun(t, dir, filepath.Join(dir, "parley.db"))
}

func TestCrashPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the crash test")
	}
	crashRun(t, t.TempDir(), storetest.PostgresURL(t))
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// parleyBinary builds cmd/parley once per test binary run.
func parleyBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "parley-crashtest-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "parley")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/parley-forum/parley/cmd/parley").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// runParley runs one parley command to completion.
func runParley(t *testing.T, args ...string) (string, error) {
	t.Helper()
	out, err := exec.Command(parleyBinary(t), args...).CombinedOutput()
	return string(out), err
}

// node is one parley process; restart replaces it on the same address.
type node struct {
	t        *testing.T
	bin      string
	args     []string
	base     string
	cmd      *exec.Cmd
	log      *bytes.Buffer
	restarts int
}

func (n *node) start() {
	n.t.Helper()
	n.cmd = exec.Command(n.bin, n.args...)
	n.log = &bytes.Buffer{}
	n.cmd.Stdout, n.cmd.Stderr = n.log, n.log
	if err := n.cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(n.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("parley did not come up:\n%s", n.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (n *node) kill() {
	n.t.Helper()
	if err := n.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		n.t.Fatal(err)
	}
	_ = n.cmd.Wait() // "signal: killed"
}

// ledger records what the server acknowledged.
type ledger struct {
	mu      sync.Mutex
	replies map[int64]string // post id -> body
	// Per (post, user) boost pair: the last state sent and whether that
	// last request was acknowledged. Only acknowledged final states are
	// checked: an unanswered request may or may not have committed.
	boosts map[[2]int64]boostState
	acked  int
	failed int
	// inFlight counts requests cut off mid-way (the process died with
	// them open), as opposed to refused while it was down.
	inFlight int
}

type boostState struct {
	on, acked bool
}

// rig is a parley process under load: its accounts' tokens, the node,
// and the workers driving it.
type rig struct {
	cli  func(stdin string, args ...string) string
	node *node
	led  *ledger
	stop chan struct{}
	wg   sync.WaitGroup
}

// startRig creates one account per worker, starts parley (which loads the
// demo community) and starts the workers.
func startRig(t *testing.T, dataDir, dbURL string) *rig {
	testenv.RanOnDatabase(t, dbURL)
	bin := parleyBinary(t)
	r := &rig{led: &ledger{replies: map[int64]string{}, boosts: map[[2]int64]boostState{}}, stop: make(chan struct{})}
	r.cli = func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append(args, "--data", dataDir, "--database", dbURL)...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("parley %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	tokens := make([]string, workers)
	for i := range tokens {
		name := fmt.Sprintf("crash_%d", i)
		r.cli("a strong password\n", "user", "create", name, "--email", name+"@example.com", "--password-stdin")
		tokens[i] = strings.TrimSpace(r.cli("", "token", "create", name, "--name", "crash"))
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r.node = &node{t: t, bin: bin, base: "http://" + addr,
		args: []string{"serve", "--addr", addr, "--data", dataDir, "--database", dbURL, "--rate-limits", "off", "--view-flush", "1s"}}
	r.node.start()
	t.Cleanup(func() {
		if r.node.cmd.ProcessState == nil {
			r.node.kill()
		}
	})

	threads, posts := targets(t, dbURL)
	client := &http.Client{Timeout: 15 * time.Second}
	for w := 0; w < workers; w++ {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			drive(client, r.node.base, w, tokens[w], threads, posts[w], r.led, r.stop)
		}()
	}
	return r
}

// stopLoad stops the workers and kills parley.
func (r *rig) stopLoad() {
	close(r.stop)
	r.wg.Wait()
	r.node.kill()
}

func crashRun(t *testing.T, dataDir, dbURL string) {
	ctx := context.Background()
	r := startRig(t, dataDir, dbURL)
	n, led, cli := r.node, r.led, r.cli
	for k := 0; k < kills; k++ {
		time.Sleep(between)
		n.kill()
		n.start()
	}
	time.Sleep(between)
	r.stopLoad()

	led.mu.Lock()
	defer led.mu.Unlock()
	t.Logf("%d acknowledged writes (%d replies, %d boost pairs), %d failed (%d cut off in flight), %d kills",
		led.acked, len(led.replies), len(led.boosts), led.failed, led.inFlight, kills)
	if len(led.replies) < 20 {
		t.Fatalf("only %d replies were acknowledged: the load did not run", len(led.replies))
	}
	if led.inFlight == 0 {
		t.Fatalf("no request was cut off: the kills did not land mid-load")
	}
	verify(t, ctx, dbURL, led)
	if out := cli("", "check"); !strings.Contains(out, "every counter equals its rows") {
		t.Fatalf("parley check: %s", out)
	}
}

// targets lists live threads to reply to and live posts to boost, split
// so that each worker boosts its own posts: every (post, user) pair is
// written by one worker only, in order, so its final state is known.
func targets(t *testing.T, dbURL string) ([]int64, [][]int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db := st.Engine().Read
	var threads []int64
	rows, err := db.QueryContext(ctx, `SELECT id FROM threads WHERE deleted = 0 AND locked = 0 ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		threads = append(threads, id)
	}
	rows.Close()
	posts := make([][]int64, workers)
	rows, err = db.QueryContext(ctx, `SELECT p.id FROM posts p JOIN threads t ON t.id = p.thread_id
		WHERE p.deleted = 0 AND t.deleted = 0 ORDER BY p.id`)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		posts[i%workers] = append(posts[i%workers], id)
		i++
	}
	rows.Close()
	if len(threads) < 5 || i < 5*workers {
		t.Fatalf("the demo has %d open threads and %d posts", len(threads), i)
	}
	return threads, posts
}

// drive alternates replies and boost toggles until stop, recording every
// acknowledged write. A request that fails or gets no answer (the server
// is down or was killed mid-request) is not retried: its effect is
// unknown, and the check asks nothing of it.
func drive(client *http.Client, base string, w int, token string, threads, posts []int64, led *ledger, stop <-chan struct{}) {
	send := func(method, path, body string) (int, []byte) {
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			return 0, nil
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := client.Do(req)
		if err != nil {
			if !errors.Is(err, syscall.ECONNREFUSED) {
				led.mu.Lock()
				led.inFlight++
				led.mu.Unlock()
			}
			time.Sleep(20 * time.Millisecond) // down: do not spin
			return 0, nil
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	on := map[int64]bool{}
	for seq := 0; ; seq++ {
		select {
		case <-stop:
			return
		default:
		}
		thread := threads[(w*7+seq)%len(threads)]
		text := fmt.Sprintf("Crash test reply %d from worker %d: `go test` output attached below.", seq, w)
		body, _ := json.Marshal(map[string]string{"body": text})
		status, resp := send("POST", fmt.Sprintf("/api/threads/%d/replies", thread), string(body))
		var created struct {
			ID int64 `json:"id"`
		}
		led.mu.Lock()
		if status == http.StatusCreated && json.Unmarshal(resp, &created) == nil && created.ID > 0 {
			led.replies[created.ID] = text
			led.acked++
		} else {
			led.failed++
		}
		led.mu.Unlock()

		post := posts[seq%len(posts)]
		want := !on[post]
		method := "PUT"
		if !want {
			method = "DELETE"
		}
		status, _ = send(method, fmt.Sprintf("/api/posts/%d/boost", post), "")
		ok := status == http.StatusOK
		if ok {
			on[post] = want
		}
		led.mu.Lock()
		led.boosts[[2]int64{post, int64(w)}] = boostState{on: want, acked: ok}
		if ok {
			led.acked++
		} else {
			led.failed++
		}
		led.mu.Unlock()
	}
}

// verify reads the database directly: every acknowledged reply is there
// with its body, and every boost pair whose last request was acknowledged
// is in that state.
func verify(t *testing.T, ctx context.Context, dbURL string, led *ledger) {
	t.Helper()
	st, err := store.Open(ctx, dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db := st.Engine().Read
	q := func(query string) string {
		if st.EngineName() == "postgres" {
			for i := 1; strings.Contains(query, "?"); i++ {
				query = strings.Replace(query, "?", fmt.Sprintf("$%d", i), 1)
			}
		}
		return query
	}
	lost := 0
	for id, text := range led.replies {
		var body string
		var deleted int
		err := db.QueryRowContext(ctx, q(`SELECT body_source, deleted FROM posts WHERE id = ?`), id).Scan(&body, &deleted)
		if err != nil || body != text || deleted != 0 {
			lost++
			if lost <= 5 {
				t.Errorf("acknowledged reply %d: err %v, deleted %d, body %q, want %q", id, err, deleted, body, text)
			}
		}
	}
	users := make([]int64, workers)
	for w := range users {
		if err := db.QueryRowContext(ctx, q(`SELECT id FROM users WHERE username = ?`), fmt.Sprintf("crash_%d", w)).Scan(&users[w]); err != nil {
			t.Fatal(err)
		}
	}
	checked := 0
	for pair, b := range led.boosts {
		if !b.acked {
			continue
		}
		checked++
		var n int
		if err := db.QueryRowContext(ctx, q(`SELECT COUNT(*) FROM boosts WHERE post_id = ? AND user_id = ?`), pair[0], users[pair[1]]).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if (n == 1) != b.on {
			lost++
			if lost <= 10 {
				t.Errorf("boost of post %d by worker %d: stored %v, acknowledged %v", pair[0], pair[1], n == 1, b.on)
			}
		}
	}
	if lost > 0 {
		t.Fatalf("%d acknowledged writes were lost", lost)
	}
	t.Logf("all %d acknowledged replies and %d acknowledged boost states are stored", len(led.replies), checked)
}
