package app

import (
	"context"
	"fmt"
	"time"
)

// searchCommand runs "parley search rebuild": it indexes every live post
// again, for databases migrated from before the index existed or loaded
// by means other than parley's own writes (archive imports, restores).
// The forum can keep serving meanwhile; searches find only what has been
// indexed again until the rebuild ends.
func searchCommand(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "rebuild" {
		return usageError{"usage: parley search rebuild"}
	}
	st, _, rest, err := openStore(ctx, env, "search rebuild", args[1:], nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) != 0 {
		return usageError{"search rebuild takes no arguments"}
	}
	start := time.Now()
	last := start
	n, err := st.RebuildSearchIndex(ctx, func(done int64) {
		if time.Since(last) >= 5*time.Second {
			last = time.Now()
			fmt.Fprintf(env.Stderr, "indexed %d posts…\n", done)
		}
	})
	if err != nil {
		return fmt.Errorf("after %d posts: %w", n, err)
	}
	fmt.Fprintf(env.Stdout, "indexed %d posts in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
