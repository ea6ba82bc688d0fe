package app

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// bigForum is busyForum with enough replies that an import takes more
// than one of the batched importer's transactions (2,000 records).
func bigForum(t *testing.T, path string) {
	t.Helper()
	busyForum(t, path)
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var threadID, authorID int64
	if err := st.Engine().Read.QueryRowContext(ctx, `SELECT id, author_id FROM threads WHERE deleted = 0 ORDER BY id LIMIT 1`).Scan(&threadID, &authorID); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1500; i++ { // a post and a revision each
		src := fmt.Sprintf("Filler reply %d.", i)
		if _, err := st.CreateReply(ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: authorID, CreatedAt: time.Now(),
			Body: forum.RenderedBody{Source: src, HTML: "<p>" + src + "</p>\n", Text: src}}); err != nil {
			t.Fatal(err)
		}
	}
}

// rewriteArchive applies edit to an archive's JSON lines and writes the
// result, gzip'd, to a new file.
func rewriteArchive(t *testing.T, path string, edit func(lines []string) []string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	lines := edit(strings.Split(strings.TrimSuffix(string(plain), "\n"), "\n"))
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(strings.Join(lines, "\n") + "\n")) //nolint:errcheck // bytes.Buffer
	zw.Close()
	out := filepath.Join(t.TempDir(), "edited.parley.gz")
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

// expectEmpty checks that a failed import left the target with no forum:
// no users, topics, threads or posts.
func expectEmpty(t *testing.T, url string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, table := range []string{"users", "topics", "threads", "posts", "revisions", "boosts"} {
		var n int
		if err := st.Engine().Read.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: %d rows of %s left behind by a failed import", url, n, table)
		}
	}
}

// TestTruncatedImportLeavesNothing cuts an archive of more than one
// batch short near its end: the import is refused and the target, on
// both engines, holds no forum afterwards, and no temporary file is left.
func TestTruncatedImportLeavesNothing(t *testing.T) {
	src := filepath.Join(t.TempDir(), "source.db")
	bigForum(t, src)
	path := exportTo(t, src, true)
	cut := rewriteArchive(t, path, func(lines []string) []string {
		if len(lines) < 3000 {
			t.Fatalf("the archive has only %d lines", len(lines))
		}
		return lines[:len(lines)*9/10]
	})
	dir := t.TempDir()
	targets := map[string]string{"sqlite": filepath.Join(dir, "target.db")}
	if os.Getenv(storetest.PostgresEnv) != "" {
		targets["postgres"] = storetest.PostgresURL(t)
	}
	for name, url := range targets {
		code, out, errOut := runDB(t, url, "", "import", cut)
		if code != 1 || !strings.Contains(errOut, "archive") || !strings.Contains(errOut, "nothing was imported") {
			t.Errorf("%s: import of a truncated archive: exit %d\n%s%s", name, code, out, errOut)
		}
		expectEmpty(t, url)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".parley-import") {
			t.Errorf("a failed import left %s behind", e.Name())
		}
	}
	// The same target takes the whole archive afterwards.
	for name, url := range targets {
		if code, out, errOut := runDB(t, url, "", "import", path); code != 0 {
			t.Errorf("%s: import after the failed one: exit %d\n%s%s", name, code, out, errOut)
		}
	}
}

// TestImportRendersPostsAgain tampers with an archive's stored HTML: the
// import renders every post from its Markdown source, so the script and
// the event handler never reach the database, on either engine.
func TestImportRendersPostsAgain(t *testing.T) {
	src := filepath.Join(t.TempDir(), "source.db")
	busyForum(t, src)
	path := exportTo(t, src, false)
	const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>`
	tampered := 0
	edited := rewriteArchive(t, path, func(lines []string) []string {
		for i, l := range lines {
			if strings.HasPrefix(l, `{"kind":"post"`) {
				at := strings.Index(l, `"body_html":"`) + len(`"body_html":"`)
				lines[i] = l[:at] + strings.ReplaceAll(evil, `"`, `\"`) + l[at:]
				tampered++
			}
		}
		return lines
	})
	if tampered == 0 {
		t.Fatal("no post records to tamper with")
	}
	targets := []string{filepath.Join(t.TempDir(), "copy.db")}
	if os.Getenv(storetest.PostgresEnv) != "" {
		targets = append(targets, storetest.PostgresURL(t))
	}
	for _, url := range targets {
		importInto(t, url, edited)
		ctx := context.Background()
		st, err := store.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var bad, total int
		if err := st.Engine().Read.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN body_html LIKE '%<script%' OR body_html LIKE '%onerror%' THEN 1 ELSE 0 END), 0), COUNT(*) FROM posts`).Scan(&bad, &total); err != nil {
			t.Fatal(err)
		}
		st.Close()
		if bad != 0 || total != tampered {
			t.Errorf("%s: %d of %d imported posts carry the archive's script (want 0 of %d)", url, bad, total, tampered)
		}
	}
}
