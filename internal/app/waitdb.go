package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/store"
)

// Backoff between start-up attempts: doubling from the first wait up to
// the cap, so a database that comes up quickly is found quickly and one
// that takes a minute is not hammered.
const (
	waitFirst = 250 * time.Millisecond
	waitCap   = 5 * time.Second
)

// openDatabase opens the configured database. When it cannot be reached
// and --wait-for-db is set, it retries with exponential backoff until
// that much time has passed, logging each attempt; errors that waiting
// cannot fix (a wrong password, a missing database, a bad path) end it at
// once. The error names the database without its password and fits on
// one line.
func openDatabase(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*store.Store, error) {
	deadline := time.Now().Add(cfg.WaitForDB)
	wait := waitFirst
	for attempt := 1; ; attempt++ {
		st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{MaxOpenConns: cfg.DBPool, Logger: logger})
		if err == nil {
			if attempt > 1 {
				logger.Info("database reachable", "attempt", attempt)
			}
			return st, nil
		}
		if !store.IsUnavailable(err) {
			return nil, fmt.Errorf("open database %s: %s", redactURL(cfg.DatabaseURL), oneLine(err))
		}
		left := time.Until(deadline)
		if cfg.WaitForDB == 0 || left <= 0 {
			hint := "start it or fix --database, or set --wait-for-db to wait for it"
			if cfg.WaitForDB > 0 {
				hint = "gave up after --wait-for-db " + cfg.WaitForDB.String()
			}
			return nil, fmt.Errorf("cannot reach the database %s (%s): %s", redactURL(cfg.DatabaseURL), hint, oneLine(err))
		}
		wait = min(wait, left)
		logger.Warn("database not reachable yet; retrying", "attempt", attempt, "retry_in", wait.Round(time.Millisecond),
			"gives_up_in", left.Round(time.Second), "err", oneLine(err))
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the database: %w", errors.Join(ctx.Err(), err))
		case <-time.After(wait):
		}
		wait = min(2*wait, waitCap)
	}
}

// redactURL hides a database URL's password; SQLite paths pass through.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// oneLine flattens a driver error, some of which span lines, so start-up
// failures stay one log line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
