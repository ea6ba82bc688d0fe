package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records how a test ended instead of
// ending it.
type recorder struct {
	testing.TB
	failed, skipped string
}

func (r *recorder) Helper()                        {}
func (r *recorder) Name() string                   { return r.TB.Name() }
func (r *recorder) Fatalf(format string, a ...any) { r.failed = fmt.Sprintf(format, a...) }
func (r *recorder) Skipf(format string, a ...any)  { r.skipped = fmt.Sprintf(format, a...) }

// TestRequireFailsUnderCI: a missing service skips a developer's test and
// fails a CI test, both naming what is missing.
func TestRequireFailsUnderCI(t *testing.T) {
	for _, c := range []struct {
		ci         string
		ok         bool
		fail, skip bool
	}{
		{"", false, false, true},
		{"false", false, false, true},
		{"true", false, true, false},
		{"1", false, true, false},
		{"true", true, false, false},
		{"", true, false, false},
	} {
		t.Run(fmt.Sprintf("CI=%q ok=%v", c.ci, c.ok), func(t *testing.T) {
			t.Setenv("CI", c.ci)
			r := &recorder{TB: t}
			Require(r, "Chromium", c.ok, "no browser at /usr/bin/chromium")
			if (r.failed != "") != c.fail || (r.skipped != "") != c.skip {
				t.Fatalf("failed %q, skipped %q; want fail %v, skip %v", r.failed, r.skipped, c.fail, c.skip)
			}
			for _, msg := range []string{r.failed, r.skipped} {
				if msg != "" && (!strings.Contains(msg, "Chromium") || !strings.Contains(msg, "/usr/bin/chromium")) {
					t.Errorf("message %q does not name what is missing", msg)
				}
			}
		})
	}
}

// TestEnvNamesTheVariable: an unset variable under CI fails with its name.
func TestEnvNamesTheVariable(t *testing.T) {
	t.Setenv("CI", "true")
	t.Setenv("PARLEY_TEST_NOTHING", "")
	r := &recorder{TB: t}
	Env(r, "PARLEY_TEST_NOTHING", "the nothing service")
	if !strings.Contains(r.failed, "PARLEY_TEST_NOTHING") || !strings.Contains(r.failed, "the nothing service") {
		t.Fatalf("failure %q names neither the variable nor the service", r.failed)
	}
	t.Setenv("PARLEY_TEST_NOTHING", "nothing://here")
	r = &recorder{TB: t}
	if got := Env(r, "PARLEY_TEST_NOTHING", "the nothing service"); got != "nothing://here" || r.failed != "" {
		t.Fatalf("Env = %q (failed %q), want the variable's value", got, r.failed)
	}
}

// TestTallyCountsEachTestOnce: a test recorded twice for one kind is one
// line per call, and the lines name kind, folder, test and count so
// .ci/run can count each test once.
func TestTallyCountsEachTestOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tally")
	t.Setenv(TallyEnv, path)
	Ran(t, SQLite)
	Ran(t, SQLite)
	RanN(t, Browser, 7)
	RanN(t, Browser, 0) // nothing ran: not recorded
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := os.Getwd()
	want := strings.Join([]string{
		SQLite + "\t" + dir + "\t" + t.Name() + "\t1",
		SQLite + "\t" + dir + "\t" + t.Name() + "\t1",
		Browser + "\t" + dir + "\t" + t.Name() + "\t7",
	}, "\n") + "\n"
	if string(b) != want {
		t.Fatalf("tally:\n%s\nwant:\n%s", b, want)
	}
	t.Setenv(TallyEnv, "")
	Ran(t, NATS) // no file named: nothing happens
}

// TestRanOnDatabase names the engine from the database URL.
func TestRanOnDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tally")
	t.Setenv(TallyEnv, path)
	for _, url := range []string{"postgres://h/db", "postgresql://h/db", "/tmp/x/parley.db", "sqlite:/tmp/y.db"} {
		RanOnDatabase(t, url)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		kinds = append(kinds, strings.SplitN(line, "\t", 2)[0])
	}
	if got, want := strings.Join(kinds, " "), "postgres postgres sqlite sqlite"; got != want {
		t.Fatalf("kinds %q, want %q", got, want)
	}
}
