package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/archive"
)

// exportCommand runs "parley export FILE": the whole forum as an archive
// any engine can import. The file appears only once complete.
func exportCommand(ctx context.Context, env Env, args []string) error {
	var withSecrets bool
	st, _, rest, err := openStore(ctx, env, "export", archiveArgs(args, "with-secrets"), func(fs *flag.FlagSet) {
		fs.BoolVar(&withSecrets, "with-secrets", false, "include password hashes, API tokens, sessions and secret settings")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) != 1 {
		return usageError{"usage: parley export FILE [--with-secrets]   (FILE - writes to standard output)"}
	}
	head, err := st.ExportHeader(ctx, withSecrets, time.Now())
	if err != nil {
		return err
	}
	head.Application = "parley " + Version
	write := func(w io.Writer) (map[string]int64, error) {
		aw, err := archive.NewWriter(w, head)
		if err != nil {
			return nil, err
		}
		if err := st.Export(ctx, aw, withSecrets); err != nil {
			return nil, err
		}
		counts := maps.Clone(aw.Counts()) // before Close adds the end record
		return counts, aw.Close()
	}
	if rest[0] == "-" {
		_, err := write(env.Stdout)
		return err
	}
	counts, err := writeNewFile(rest[0], write)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "exported %s from %s to %s\n", describeCounts(counts), st.EngineName(), rest[0])
	if !withSecrets {
		fmt.Fprintln(env.Stdout, "password hashes, API tokens and sessions were left out (--with-secrets keeps them)")
	}
	return nil
}

// writeNewFile writes through a temporary file in the same folder and
// renames it into place, so a failed export never leaves a half archive
// that looks whole. An existing file is never replaced.
func writeNewFile(path string, write func(io.Writer) (map[string]int64, error)) (map[string]int64, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%s already exists", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".parley-export-*")
	if err != nil {
		return nil, fmt.Errorf("create export file: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	counts, err := write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, fmt.Errorf("move export into place: %w", err)
	}
	return counts, nil
}

// importCommand runs "parley import FILE" into an empty database of
// either engine, then rebuilds the search index, which archives do not
// carry because it is derived from the posts.
func importCommand(ctx context.Context, env Env, args []string) error {
	st, cfg, rest, err := openStore(ctx, env, "import", archiveArgs(args), nil)
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			st.Close()
		}
	}()
	if len(rest) != 1 {
		return usageError{"usage: parley import FILE   (FILE - reads standard input)"}
	}
	var src io.Reader = env.Stdin
	if rest[0] != "-" {
		f, err := os.Open(rest[0])
		if err != nil {
			return fmt.Errorf("open archive: %w", err)
		}
		defer f.Close()
		src = f
	}
	ar, err := archive.NewReader(src)
	if err != nil {
		return err
	}
	defer ar.Close()
	engine := st.EngineName()
	started := time.Now()
	var res importResult
	if engine == "sqlite" {
		closed = true // importSQLite closes st before it moves the new file into place
		res, err = importSQLite(ctx, st, sqlitePath(cfg.DatabaseURL), ar)
	} else {
		res, err = importPostgres(ctx, st, ar)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported %s from a %s export into %s in %s; indexed %d posts for search in %s; every counter equals its rows\n",
		describeCounts(res.counts), ar.Header.Engine, engine, res.loaded.Sub(started).Round(time.Millisecond),
		res.indexed, time.Since(res.loaded).Round(time.Millisecond))
	if !ar.Header.WithSecrets {
		fmt.Fprintln(env.Stdout, "the archive has no password hashes: its accounts cannot sign in (export with --with-secrets to keep them)")
	}
	return nil
}

// describeCounts lists record counts by kind, e.g. "12 posts, 3 users".
func describeCounts(counts map[string]int64) string {
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", counts[k], k)
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// archiveArgs prepares arguments for interleave: the named boolean flags
// become --name=true so the argument after them is not taken for their
// value, and a lone "-" (standard input or output) goes last, where the
// flag parser treats it as the file name.
func archiveArgs(args []string, boolFlags ...string) []string {
	out := make([]string, 0, len(args))
	dash := false
	for _, a := range args {
		if a == "-" {
			dash = true
			continue
		}
		for _, n := range boolFlags {
			if a == "-"+n || a == "--"+n {
				a = "--" + n + "=true"
			}
		}
		out = append(out, a)
	}
	out = interleave(out)
	if dash {
		out = append(out, "-")
	}
	return out
}
