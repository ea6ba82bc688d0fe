package app

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/testenv"
)

func run(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	testenv.Ran(t, testenv.SQLite) // the data folder's parley.db
	var out, errOut bytes.Buffer
	env := Env{Args: args, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string {
			switch k {
			case "PARLEY_DATA_DIR":
				return dir
			case "PARLEY_NO_DEMO":
				return "true"
			}
			return ""
		}}
	code := Main(context.Background(), env)
	return code, out.String(), errOut.String()
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	if code, out, _ := run(t, dir, "", "version"); code != 0 || !strings.HasPrefix(out, "parley ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, out, errOut := run(t, dir, "", "migrate"); code != 0 || !strings.Contains(out, "schema version") {
		t.Fatalf("migrate: %d %q %q", code, out, errOut)
	}
	code, out, errOut := run(t, dir, "a strong password\n", "user", "create", "quinn", "--email", "quinn@example.com", "--role", "staff", "--title", "Support Engineer", "--password-stdin")
	if code != 0 || !strings.Contains(out, `created staff "quinn"`) {
		t.Fatalf("user create: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, dir, "a strong password\n", "user", "create", "quinn", "--email", "other@example.com", "--password-stdin"); code != 2 || !strings.Contains(errOut, "already taken") {
		t.Fatalf("duplicate user: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, dir, "", "user", "create", "nopass", "--email", "n@example.com"); code != 2 || !strings.Contains(errOut, "--password-stdin") {
		t.Fatalf("user without password: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, dir, "pw\n", "user", "create", "x", "--email", "bad", "--role", "king", "--password-stdin"); code != 2 || !strings.Contains(errOut, "role") {
		t.Fatalf("bad role: %d %q", code, errOut)
	}
	code, out, errOut = run(t, dir, "", "token", "create", "quinn", "--name", "laptop")
	if code != 0 || !strings.HasPrefix(out, "pat_") {
		t.Fatalf("token create: %d %q %q", code, out, errOut)
	}
	if code, _, _ := run(t, dir, "", "token", "create", "nobody", "--name", "x"); code != 1 {
		t.Fatalf("token for an unknown user: exit %d, want 1", code)
	}
	if code, out, _ := run(t, dir, "", "check"); code != 0 || !strings.Contains(out, "every counter equals its rows") {
		t.Fatalf("check: %d %q", code, out)
	}
	backup := filepath.Join(t.TempDir(), "snapshot.db")
	if code, out, errOut := run(t, dir, "", "backup", backup); code != 0 || !strings.Contains(out, "snapshot") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	// The snapshot is a complete database: restoring it into a fresh data
	// folder keeps the account and its token.
	restored := t.TempDir()
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, "parley.db"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := run(t, restored, "", "token", "create", "quinn", "--name", "after-restore"); code != 0 || !strings.HasPrefix(out, "pat_") {
		t.Fatalf("restored database: %d %q %q", code, out, errOut)
	}
	if code, _, _ := run(t, dir, "", "frobnicate"); code != 2 {
		t.Fatalf("unknown command: exit %d, want 2", code)
	}
}

// TestServeDemoAndShutdown starts the real server with the demo, fetches
// a page, then cancels and expects a clean exit.
func TestServeDemoAndShutdown(t *testing.T) {
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, Env{Args: []string{"serve", "--addr", addr, "--data", dir}, Stdin: strings.NewReader(""),
			Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }})
	}()
	var res *http.Response
	for i := 0; i < 100; i++ {
		res, err = http.Get("http://" + addr + "/c/networking")
		if err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("server did not answer: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Contains(body, []byte("Networking")) {
		t.Fatalf("GET /c/networking: %d", res.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited with %d", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
}
