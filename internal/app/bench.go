package app

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/bench"
)

// benchCommand runs "parley bench seed" and "parley bench load".
func benchCommand(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "seed" && args[0] != "load" && args[0] != "run") {
		return usageError{"usage: parley bench seed|load|run [flags]  (run = seed an empty database, then load)"}
	}
	sub := args[0]
	opt := bench.DefaultSeed()
	var conns int
	var dur time.Duration
	st, cfg, _, err := openStore(ctx, env, "bench "+sub, interleave(args[1:]), func(fs *flag.FlagSet) {
		fs.IntVar(&opt.Users, "users", opt.Users, "accounts to create")
		fs.IntVar(&opt.Threads, "threads", opt.Threads, "threads to create")
		fs.IntVar(&opt.Replies, "replies", opt.Replies, "replies to spread over the threads")
		fs.Uint64Var(&opt.Seed, "seed", opt.Seed, "random seed (same seed, same community)")
		fs.IntVar(&conns, "connections", 64, "concurrent connections of the load run")
		fs.DurationVar(&dur, "duration", 10*time.Second, "length of each load scenario")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if sub == "seed" || sub == "run" {
		rep, err := bench.Seed(ctx, st, opt, func(s string) { fmt.Fprintln(env.Stderr, "seed:", s) })
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "seeded %d users, %d threads, %d posts in %s\n", rep.Users, rep.Threads, rep.Posts, rep.Took.Round(time.Second))
	}
	if sub == "load" || sub == "run" {
		fx, err := bench.PrepareFixtures(ctx, st)
		if err != nil {
			return err
		}
		st.Close()
		return bench.Load(ctx, fx, bench.LoadOptions{DatabaseURL: cfg.DatabaseURL, Connections: conns, Duration: dur, Out: env.Stdout})
	}
	return nil
}
