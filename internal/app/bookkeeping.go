package app

import (
	"context"
	"time"
)

// sweepEvery is how often expired idempotency keys are deleted.
const sweepEvery = time.Hour

// flushBookkeeping runs with the view flush: it writes the batched last
// use of tokens and sessions and, once an hour, sweeps idempotency keys
// older than a day. Failures are logged and retried on the next round;
// reads never wait for any of it.
func (s *Server) flushBookkeeping(ctx context.Context) {
	if err := s.Service.Usage().Flush(ctx); err != nil {
		s.Logger.Warn("record token and session use", "err", err)
	}
	if time.Since(s.lastSweep) < sweepEvery {
		return
	}
	n, err := s.Service.SweepKeys(ctx)
	if err != nil {
		s.Logger.Warn("sweep idempotency keys", "err", err)
		return
	}
	s.lastSweep = time.Now()
	if n > 0 {
		s.Logger.Info("swept idempotency keys", "deleted", n)
	}
}
