package jobs_test

import (
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/jobs"
)

// TestBackoffDoublesWithJitterUpToMax: the n-th retry waits between half
// and all of Base·2ⁿ⁻¹, capped at Max, and the waits are spread, not equal.
func TestBackoffDoublesWithJitterUpToMax(t *testing.T) {
	b := jobs.Backoff{Base: time.Second, Max: time.Minute}
	for failures, ceiling := range map[int]time.Duration{
		1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 6: 32 * time.Second,
		7: time.Minute, 30: time.Minute, 500: time.Minute,
	} {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := b.Delay(failures)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("retry after %d failures waits %v, want within [%v, %v]", failures, d, ceiling/2, ceiling)
			}
			seen[d] = true
		}
		if len(seen) < 2 {
			t.Errorf("retry after %d failures always waits the same: no jitter", failures)
		}
	}
	if d := (jobs.Backoff{}).Delay(1); d < 5*time.Second || d > 10*time.Second {
		t.Errorf("default first retry waits %v, want 5–10 s", d)
	}
}
