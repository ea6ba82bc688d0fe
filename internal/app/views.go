package app

import (
	"context"
	"time"
)

// runViewFlush writes buffered view counts every --view-flush until ctx
// ends, then once more. It records each successful flush, even of nothing,
// so /metrics can report how far the database lags behind the counter.
func (s *Server) runViewFlush(ctx context.Context) {
	flush := func(ctx context.Context) {
		s.flushBookkeeping(ctx)
		if err := s.Views.Flush(ctx); err != nil {
			s.flushErrs.Add(1)
			s.Logger.Error("flush views", "err", err)
			return
		}
		s.flushOK.Store(time.Now().UnixNano())
	}
	t := time.NewTicker(s.Config.ViewFlush)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			flush(final)
			cancel()
			return
		case <-t.C:
			flush(ctx)
		}
	}
}
