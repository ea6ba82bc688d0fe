package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// chromiumPath is where Debian's chromium package installs the browser;
// PARLEY_CHROMIUM overrides it for the Go and the JavaScript side alike.
func chromiumPath() string {
	if p := os.Getenv("PARLEY_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// TestBrowser runs the browser tests (`node --test` in this folder) and
// streams their output. A machine without node, Chromium or the npm
// packages skips them, so a fresh checkout's `go test ./...` still passes.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("browser tests skipped: node is not installed (Node 20 or later is needed)")
	}
	if _, err := os.Stat(chromiumPath()); err != nil {
		t.Skipf("browser tests skipped: no Chromium at %s (apt-get install chromium)", chromiumPath())
	}
	for _, pkg := range []string{"playwright-core", "axe-core"} {
		if _, err := os.Stat(filepath.Join("node_modules", pkg, "package.json")); err != nil {
			t.Skipf("browser tests skipped: e2e/node_modules/%s is missing (run `npm ci` in e2e/)", pkg)
		}
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("browser tests skipped: the go command is not on PATH, so parley cannot be built")
	}

	ctx := t.Context()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-30*time.Second))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, node, "--test", "--test-reporter=spec")
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	// Ask the runner to stop gracefully before the Go deadline kills it, so
	// its servers and browsers are cleaned up.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 20 * time.Second
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("browser tests failed (node --test exited with %d); the output above has the details", exit.ExitCode())
		}
		t.Fatalf("run node --test: %v", err)
	}
}
