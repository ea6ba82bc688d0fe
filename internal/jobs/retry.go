package jobs

import (
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river/rivertype"
)

// Backoff is the retry policy: the n-th retry waits Base·2ⁿ⁻¹, at most
// Max, of which a random half is jitter ("equal jitter"), so jobs that
// failed together (a mail server down) do not all return together. Zero
// fields mean Base 10 s and Max 1 h: with 8 attempts a job is retried for
// 10 to 21 minutes before it is discarded.
type Backoff struct {
	Base, Max time.Duration
}

// Delay is the wait before the retry that follows the given number of
// failed attempts (1 for the first failure).
func (b Backoff) Delay(failures int) time.Duration {
	base, most := or(b.Base, 10*time.Second), or(b.Max, time.Hour)
	d := most
	if failures < 1 {
		failures = 1
	}
	if failures <= 40 { // past 2^40 every sane Base exceeds Max anyway
		if e := base << (failures - 1); e > 0 && e < most {
			d = e
		}
	}
	half := d / 2
	return half + rand.N(half+1)
}

// NextRetry implements River's ClientRetryPolicy.
func (b Backoff) NextRetry(job *rivertype.JobRow) time.Time {
	// Errors, not Attempt, count the failures: a snoozed job has attempts
	// without errors.
	return time.Now().Add(b.Delay(len(job.Errors) + 1))
}
