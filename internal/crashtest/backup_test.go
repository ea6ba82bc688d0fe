package crashtest

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBackupWhileServing takes "parley backup" of a SQLite database while
// parley serves parallel writes, restores it the documented way (copy it
// over parley.db in a stopped data folder) and expects a consistent
// forum: every counter equals its rows, and every reply acknowledged
// before the backup began is in it.
func TestBackupWhileServing(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the live backup test")
	}
	dir := t.TempDir()
	r := startRig(t, dir, filepath.Join(dir, "parley.db"))
	time.Sleep(between)
	r.led.mu.Lock()
	before := &ledger{replies: maps.Clone(r.led.replies), boosts: map[[2]int64]boostState{}}
	r.led.mu.Unlock()
	snapshot := filepath.Join(t.TempDir(), "snapshot.db")
	if out := r.cli("", "backup", snapshot); !strings.Contains(out, "snapshot") {
		t.Fatalf("backup: %s", out)
	}
	time.Sleep(between / 3)
	r.stopLoad()
	r.led.mu.Lock()
	after := len(r.led.replies)
	r.led.mu.Unlock()
	if len(before.replies) == 0 || after <= len(before.replies) {
		t.Fatalf("replies acknowledged: %d before the backup, %d in all: the backup did not run under load", len(before.replies), after)
	}

	restored := t.TempDir()
	data, err := os.ReadFile(snapshot)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(restored, "parley.db")
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
	verify(t, context.Background(), db, before)
	out, err := runParley(t, "check", "--data", restored)
	if err != nil || !strings.Contains(out, "every counter equals its rows") {
		t.Fatalf("check of the restored snapshot: %v\n%s", err, out)
	}
	t.Logf("backup under load: %d replies acknowledged before it, %d in all", len(before.replies), after)
}
