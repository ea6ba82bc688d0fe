// Command parley runs the parley forum server. All wiring lives in
// internal/app.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/parley-forum/parley/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Run(ctx)
	stop()
	os.Exit(code)
}
