package app

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/bench"
)

// benchScales are the community sizes of the benchmark: "peer" matches the
// forums parley is compared with, "1m" is the million-post target and "10m"
// the next size up.
var benchScales = map[string]bench.SeedOptions{
	"peer": {Users: 1000, Threads: 2000, Replies: 20000},
	"1m":   {Users: 10000, Threads: 100000, Replies: 1000000},
	"10m":  {Users: 100000, Threads: 1000000, Replies: 10000000},
}

// benchCommand runs "parley bench seed", "parley bench load" and "parley
// bench run" (seed an empty database, then load it).
func benchCommand(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "seed" && args[0] != "load" && args[0] != "run") {
		return usageError{"usage: parley bench seed|load|run [--scale peer|1m|10m] [flags]  (run = seed an empty database, then load)"}
	}
	sub := args[0]
	opt := bench.DefaultSeed()
	var conns int
	var dur time.Duration
	var openRate, signedInRate float64
	var scale string
	var sseClients, twoNodeClients int
	var fanoutOnly bool
	st, cfg, _, err := openStore(ctx, env, "bench "+sub, interleave(args[1:]), func(fs *flag.FlagSet) {
		fs.StringVar(&scale, "scale", "", "community size: peer (2,000 threads, 22,000 posts) 1m (100,000 threads, 1.1M posts) or 10m (1M threads, 11M posts; about 23 GB on SQLite); overrides --users, --threads, --replies")
		fs.IntVar(&opt.Users, "users", opt.Users, "accounts to create")
		fs.IntVar(&opt.Threads, "threads", opt.Threads, "threads to create")
		fs.IntVar(&opt.Replies, "replies", opt.Replies, "replies to spread over the threads")
		fs.Uint64Var(&opt.Seed, "seed", opt.Seed, "random seed (same seed, same community)")
		fs.IntVar(&conns, "connections", 64, "concurrent connections of the load run")
		fs.DurationVar(&dur, "duration", 10*time.Second, "length of each load scenario")
		fs.IntVar(&sseClients, "sse-clients", 10000, "live update streams of the SSE fan-out scenario (0: skip it); the open-file hard limit must exceed it by 1,024")
		fs.IntVar(&twoNodeClients, "two-node-clients", 5000, "streams on a second node in the two-node fan-out, run with --nats on PostgreSQL (0: skip it)")
		fs.BoolVar(&fanoutOnly, "fanout-only", false, "load: run only the SSE fan-out scenarios")
		fs.Float64Var(&openRate, "open-rate", 0, "requests/s of the open-loop runs of the read scenarios (0: half each scenario's closed-loop throughput)")
		fs.Float64Var(&signedInRate, "signed-in-rate", bench.DefaultSignedInRate, "requests/s of the open-loop runs of the signed-in scenarios")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if scale != "" {
		size, ok := benchScales[strings.ToLower(scale)]
		if !ok {
			return usageError{fmt.Sprintf("bench: unknown --scale %q (want peer, 1m or 10m)", scale)}
		}
		opt.Users, opt.Threads, opt.Replies = size.Users, size.Threads, size.Replies
	}
	if sub == "seed" || sub == "run" {
		rep, err := bench.Seed(ctx, st, opt, func(s string) { fmt.Fprintln(env.Stderr, "seed:", s) })
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "seeded %d users, %d threads, %d posts in %s%s\n", rep.Users, rep.Threads, rep.Posts,
			rep.Took.Round(100*time.Millisecond), dbSize(st.EngineName(), cfg.DatabaseURL))
	}
	if sub == "load" || sub == "run" {
		fx, err := bench.PrepareFixtures(ctx, st)
		if err != nil {
			return err
		}
		st.Close()
		return bench.Load(ctx, fx, bench.LoadOptions{DatabaseURL: cfg.DatabaseURL, Connections: conns, Duration: dur, OpenRate: openRate,
			SignedInRate: signedInRate, SSEClients: sseClients, NATSURL: cfg.NATSURL, TwoNodeClients: twoNodeClients,
			FanoutOnly: fanoutOnly, Out: env.Stdout})
	}
	return nil
}

// dbSize describes the size of a SQLite database file (with its WAL).
func dbSize(engine, path string) string {
	if engine != "sqlite" {
		return ""
	}
	path = strings.TrimPrefix(path, "sqlite:")
	var total int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	return fmt.Sprintf("; database %.2f GB", float64(total)/1e9)
}
