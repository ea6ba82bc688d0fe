package app

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/store/storetest"
)

func serveArgs(t *testing.T, database string, extra ...string) []string {
	return append([]string{"serve", "--addr", freeLoopback(t), "--data", t.TempDir(), "--database", database}, extra...)
}

func runServe(t *testing.T, args []string) (int, string) {
	t.Helper()
	var errOut bytes.Buffer
	code := Main(context.Background(), Env{Args: args, Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut,
		Getenv: func(string) string { return "" }})
	return code, errOut.String()
}

// TestUnreachableDatabaseAtStartup: one clear line on standard error, no
// password in it, and a non-zero exit.
func TestUnreachableDatabaseAtStartup(t *testing.T) {
	db := "postgres://parley:hunter2@" + freeLoopback(t) + "/forum?sslmode=disable&connect_timeout=2"
	code, stderr := runServe(t, serveArgs(t, db))
	if code == 0 {
		t.Fatal("serve started without a database")
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one error line, got %d:\n%s", len(lines), stderr)
	}
	for _, want := range []string{"cannot reach the database", "--wait-for-db", "127.0.0.1"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("error line lacks %q: %s", want, lines[0])
		}
	}
	if strings.Contains(stderr, "hunter2") {
		t.Errorf("the error shows the password: %s", stderr)
	}
}

// TestWaitForDBGivesUp retries with growing waits, logs each attempt and
// still exits non-zero when the database never appears.
func TestWaitForDBGivesUp(t *testing.T) {
	db := "postgres://parley@" + freeLoopback(t) + "/forum?sslmode=disable&connect_timeout=2"
	code, stderr := runServe(t, serveArgs(t, db, "--wait-for-db", "2s"))
	if code == 0 {
		t.Fatal("serve started without a database")
	}
	attempts := strings.Count(stderr, "database not reachable yet; retrying")
	if attempts < 2 {
		t.Fatalf("want at least 2 logged retries, got %d:\n%s", attempts, stderr)
	}
	if !strings.Contains(stderr, "gave up after --wait-for-db 2s") {
		t.Fatalf("final error does not say it gave up:\n%s", stderr)
	}
}

// TestWaitForDBFindsLateDatabase: the database's port opens only after
// start-up began (a proxy to the test server starts late); serve keeps
// retrying and then comes up.
func TestWaitForDBFindsLateDatabase(t *testing.T) {
	pg, err := url.Parse(storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	target := pg.Host
	late := freeLoopback(t)
	pg.Host = late
	stopProxy := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(1500 * time.Millisecond)
		tcpProxy(t, late, target, stopProxy)
	}()
	defer func() { close(stopProxy); wg.Wait() }()

	addr := freeLoopback(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errOut lockedLog
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, Env{Args: []string{"serve", "--addr", addr, "--data", t.TempDir(), "--database", pg.String(),
			"--wait-for-db", "60s", "--no-demo"}, Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut,
			Getenv: func(string) string { return "" }})
	}()
	waitServing(t, &errOut, done, 30*time.Second)
	out := errOut.String()
	if !strings.Contains(out, "database not reachable yet; retrying") || !strings.Contains(out, "database reachable") {
		t.Fatalf("no retry was logged:\n%s", out)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited with %d:\n%s", code, errOut.String())
	}
}

// tcpProxy forwards connections from listen to target until stop closes.
func tcpProxy(t *testing.T, listen, target string, stop <-chan struct{}) {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		t.Errorf("proxy: %v", err)
		return
	}
	go func() { <-stop; ln.Close() }()
	var conns sync.WaitGroup
	defer conns.Wait()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		conns.Add(1)
		go func() {
			defer conns.Done()
			defer c.Close()
			up, err := net.Dial("tcp", target)
			if err != nil {
				return
			}
			defer up.Close()
			go func() { io.Copy(up, c); up.Close() }() //nolint:errcheck // ends with either side
			go func() { <-stop; c.Close(); up.Close() }()
			io.Copy(c, up) //nolint:errcheck // ends with either side
		}()
	}
}

// lockedLog is a bytes.Buffer safe for a writer and a polling reader.
type lockedLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedLog) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedLog) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitServing waits until a serve command running in the background logs
// that it is serving, failing the test if it exits or takes longer than
// limit (a bound on a hang, not a speed requirement).
func waitServing(t *testing.T, log *lockedLog, done <-chan int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !strings.Contains(log.String(), "parley is serving") {
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d:\n%s", code, log.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not come up:\n%s", log.String())
		}
	}
}
