package app

import (
	"context"
	"log/slog"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
)

// BuildWrapped is Build with the Service's store wrapped, for tests that
// inject database faults (internal/faults) behind a fully wired instance.
func BuildWrapped(ctx context.Context, cfg *config.Config, logger *slog.Logger, wrap func(forum.Store) forum.Store) (*Server, error) {
	return buildWith(ctx, cfg, logger, buildOptions{open: openBus, wrap: wrap})
}
