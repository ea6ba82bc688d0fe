package forum

import (
	"context"
	"fmt"
	"testing"
	"time"
)

type nopViews struct{ added int64 }

func (n *nopViews) AddViews(_ context.Context, counts map[int64]int64) error {
	for _, c := range counts {
		n.added += c
	}
	return nil
}

// TestViewSweepCostsWhatExpired checks that a flush looks at the entries
// that expired (plus one live one) instead of every entry it keeps, and
// that a visitor seen again after expiry stays deduplicated.
func TestViewSweepCostsWhatExpired(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	c := NewViewCounter(&nopViews{}, time.Hour, clock)
	for i := range 5000 {
		c.Record(1, fmt.Sprint("old-", i), "Mozilla/5.0")
	}
	now = now.Add(30 * time.Minute)
	for i := range 100 {
		c.Record(1, fmt.Sprint("new-", i), "Mozilla/5.0")
	}
	ctx := context.Background()
	for range 10 { // flushes while nothing expired look at one entry each
		if err := c.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, visited := c.tracked(); visited != 10 {
		t.Fatalf("ten flushes with nothing expired visited %d entries, want 10", visited)
	}
	now = now.Add(31 * time.Minute) // the old entries expire, the new do not
	c.Record(1, "old-7", "Mozilla/5.0")
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	seen, queued, visited := c.tracked()
	if seen != 101 || queued != 101 {
		t.Errorf("after the sweep: %d seen, %d queued; want 101 and 101", seen, queued)
	}
	if visited != 10+5001 {
		t.Errorf("the sweep visited %d entries, want the 5000 expired and one live", visited-10)
	}
	if c.Record(1, "old-7", "Mozilla/5.0") {
		t.Errorf("a visitor recorded again after expiry was counted twice")
	}
}
