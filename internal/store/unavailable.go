package store

import (
	"errors"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/postgres"
	"github.com/parley-forum/parley/internal/store/seam"
	"github.com/parley-forum/parley/internal/store/sqlite"
)

// Errors that mean "the database cannot serve right now" — as opposed to
// a wrong query or bad data — become forum.ErrUnavailable in classify, so
// the surfaces answer 503 with Retry-After instead of 500, and the request
// succeeds again once the pool reconnects or the storage recovers by
// itself. Each engine's Classify (store/sqlite/errors.go,
// store/postgres/errors.go) says which errors those are.

// IsUnavailable reports whether err, from either engine, means the
// database could not be reached, is too busy to answer now, or cannot
// store writes. Start-up uses it to tell "retry" from "give up" (a wrong
// password or a missing database does not get better by waiting).
func IsUnavailable(err error) bool {
	if errors.Is(err, forum.ErrUnavailable) {
		return true
	}
	for _, c := range []seam.Class{sqlite.Classify(err), postgres.Classify(err)} {
		if c == seam.Unavailable || c == seam.StorageFault {
			return true
		}
	}
	return false
}
