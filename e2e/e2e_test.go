package e2e

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/testenv"
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
// packages skips them, so a fresh checkout's `go test ./...` still passes;
// under CI=true each of those fails the test instead (internal/testenv).
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	node, err := exec.LookPath("node")
	testenv.Require(t, "node", err == nil, "node is not installed (Node 20 or later is needed)")
	_, err = os.Stat(chromiumPath())
	testenv.Require(t, "Chromium", err == nil, "no Chromium at "+chromiumPath()+" (apt-get install chromium)")
	for _, pkg := range []string{"playwright-core", "axe-core"} {
		_, err := os.Stat(filepath.Join("node_modules", pkg, "package.json"))
		testenv.Require(t, "e2e/node_modules/"+pkg, err == nil, "run `npm ci` in e2e/")
	}
	_, err = exec.LookPath("go")
	testenv.Require(t, "the go command", err == nil, "go is not on PATH, so parley cannot be built")

	ctx := t.Context()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-30*time.Second))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, node, "--test", "--test-reporter=spec")
	var summary nodeSummary
	cmd.Stdout = io.MultiWriter(os.Stdout, &summary)
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
	testenv.RanN(t, testenv.Browser, summary.passed())
}
