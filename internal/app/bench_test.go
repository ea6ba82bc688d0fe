package app

import (
	"strings"
	"testing"
)

// TestBenchSeedCommand seeds a small community through the command line
// and checks the rules of its flags.
func TestBenchSeedCommand(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string // in stdout for success, stderr otherwise
	}{
		{"no subcommand", []string{"bench"}, 2, "usage: parley bench"},
		{"unknown subcommand", []string{"bench", "fly"}, 2, "usage: parley bench"},
		{"unknown scale", []string{"bench", "seed", "--scale", "huge"}, 2, `unknown --scale "huge"`},
		{"small custom size", []string{"bench", "seed", "--users", "30", "--threads", "40", "--replies", "200"}, 0, "seeded 30 users, 40 threads, 240 posts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := run(t, t.TempDir(), "", c.args...)
			got := out
			if c.code != 0 {
				got = errOut
			}
			if code != c.code || !strings.Contains(got, c.want) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d with %q", code, out, errOut, c.code, c.want)
			}
		})
	}
}
