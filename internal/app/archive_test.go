package app

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/storetest"
	"github.com/parley-forum/parley/internal/testenv"
)

// runDB runs a command against the database at url (a SQLite path or a
// postgres:// URL) with no demo.
func runDB(t *testing.T, url, stdin string, args ...string) (int, string, string) {
	t.Helper()
	testenv.RanOnDatabase(t, url)
	var out, errOut bytes.Buffer
	env := Env{Args: append(args, "--database", url, "--data", t.TempDir()), Stdin: strings.NewReader(stdin),
		Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
			if k == "PARLEY_NO_DEMO" {
				return "true"
			}
			return ""
		}}
	code := Main(context.Background(), env)
	return code, out.String(), errOut.String()
}

// busyForum builds the demo community at url and then does what a live
// forum does to it: boosts and unboosts, edits, deletions of a reply and of
// a whole thread, an accepted and a recommended answer, pins, views, an
// account with an email, an API token and a session.
func busyForum(t *testing.T, url string) {
	t.Helper()
	ctx := context.Background()
	cfg, _, err := config.Load(flag.NewFlagSet("test", flag.ContinueOnError), []string{"--database", url, "--data", t.TempDir()},
		func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Build(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	st, svc := srv.Store, srv.Service
	db := st.Engine().Read
	var replies []struct{ id, thread, author int64 }
	rows, err := db.QueryContext(ctx, `SELECT p.id, p.thread_id, p.author_id FROM posts p JOIN threads t ON t.id = p.thread_id
		WHERE p.number > 1 AND p.deleted = 0 AND t.accepted_post_id = 0 ORDER BY p.id LIMIT 6`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r struct{ id, thread, author int64 }
		if err := rows.Scan(&r.id, &r.thread, &r.author); err != nil {
			t.Fatal(err)
		}
		replies = append(replies, r)
	}
	rows.Close()
	if len(replies) < 6 {
		t.Fatalf("demo has only %d replies to work with", len(replies))
	}
	u, err := svc.CreateUser(ctx, forum.SignUpInput{Username: "zoe_export", Email: "zoe@example.com", Password: "a strong password", DisplayName: "Zoë « Export »"}, forum.RoleStaff, "Support")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	// Rendered as the forum renders, since import renders posts again.
	src := "Edited: `go test` <b>now</b> — ünïcode"
	html, err := svc.Renderer().Render(src)
	if err != nil {
		t.Fatal(err)
	}
	body := forum.RenderedBody{Source: src, HTML: html, Text: svc.Renderer().PlainText(src)}
	steps := []struct {
		name string
		err  error
	}{
		{"boost", func() error { _, err := st.SetBoost(ctx, replies[0].id, u.ID, true, now); return err }()},
		{"boost and unboost", func() error {
			if _, err := st.SetBoost(ctx, replies[1].id, u.ID, true, now); err != nil {
				return err
			}
			_, err := st.SetBoost(ctx, replies[1].id, u.ID, false, now)
			return err
		}()},
		{"edit", st.EditPost(ctx, forum.EditPostRow{PostID: replies[2].id, EditorID: replies[2].author, Body: body, At: now.Add(time.Minute), FoldAfter: now.Add(time.Minute)})},
		{"hide a revision", st.SetRevisionHidden(ctx, replies[2].id, 1, true)},
		{"delete reply", st.DeletePost(ctx, replies[3].id, now)},
		{"accept", st.SetAccepted(ctx, replies[4].thread, replies[4].id, now)},
		{"recommend", st.SetRecommended(ctx, replies[5].id, u.ID, true, now)},
		{"pin and lock", st.SetThreadFlags(ctx, replies[0].thread, true, true)},
		{"views", st.AddViews(ctx, map[int64]int64{replies[0].thread: 7, replies[5].thread: 3})},
	}
	for _, s := range steps {
		if s.err != nil {
			t.Fatalf("%s: %v", s.name, s.err)
		}
	}
	var openingPost int64
	if err := db.QueryRowContext(ctx, `SELECT first_post_id FROM threads WHERE deleted = 0 AND id <> ? ORDER BY id DESC LIMIT 1`, replies[4].thread).Scan(&openingPost); err != nil {
		t.Fatal(err)
	}
	if err := st.DeletePost(ctx, openingPost, now); err != nil {
		t.Fatalf("delete thread: %v", err)
	}
	// Taxonomy administration and staff controls: every table and column
	// of migration 0007 gets rows (a rename, a restricted subtopic, a
	// synonym, a merge, a global pin, an unlisted thread, notices).
	admin := &forum.User{Username: "cli", Role: forum.RoleAdmin}
	tags, err := svc.Tags(ctx)
	if err != nil || len(tags) < 3 {
		t.Fatalf("demo tags: %v %v", len(tags), err)
	}
	topics, err := svc.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first := topics[0].Subtopics[0]
	for _, step := range []func() error{
		func() error {
			_, err := svc.SaveTag(ctx, admin, forum.Client{}, forum.TagInput{ID: tags[0].ID, Name: tags[0].Name + "-renamed",
				Description: tags[0].Description, Synonyms: []string{"export-synonym"}})
			return err
		},
		func() error { return svc.MergeTags(ctx, admin, forum.Client{}, tags[1].Name, tags[2].Name) },
		func() error {
			_, err := svc.SaveSubtopic(ctx, admin, forum.Client{}, forum.SubtopicInput{ID: first.ID, Topic: topics[0].Slug, Title: first.Title,
				Slug: first.Slug + "-renamed", Description: first.Description, StaffOnly: true, RequireTag: true, AllowedTags: []string{tags[2].Name}})
			return err
		},
		func() error {
			_, err := svc.SaveTopic(ctx, admin, forum.Client{}, forum.TopicInput{ID: topics[len(topics)-1].ID, Title: topics[len(topics)-1].Title,
				Slug: topics[len(topics)-1].Slug, Archived: true})
			return err
		},
		func() error {
			_, err := svc.ControlThread(ctx, admin, forum.Client{}, replies[5].thread, forum.ThreadControl{Action: forum.ControlPinGlobal})
			return err
		},
		func() error {
			_, err := svc.ControlThread(ctx, admin, forum.Client{}, replies[4].thread, forum.ThreadControl{Action: forum.ControlUnlist})
			return err
		},
	} {
		if err := step(); err != nil {
			t.Fatalf("taxonomy step: %v", err)
		}
	}
	if _, _, err := svc.CreateToken(ctx, u, "laptop"); err != nil {
		t.Fatal(err)
	}
	// Site settings (with versions) and their audit rows; a feed link.
	settingsAdmin, err := svc.CreateUser(ctx, forum.SignUpInput{Username: "ada_export", Email: "ada@example.com", Password: "a strong password"}, forum.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Exported Forum", "Exported Forum, renamed"} {
		states, err := svc.Settings(ctx, settingsAdmin)
		if err != nil {
			t.Fatal(err)
		}
		version := int64(0)
		for _, st := range states {
			if st.Def.Key == "name" {
				version = st.Version
			}
		}
		if _, err := svc.SaveSettings(ctx, settingsAdmin, forum.Client{IP: "192.0.2.4"}, map[string]forum.SettingInput{
			"name": {Value: name, Version: version}, "page_about": {Value: "# Über\n\nWir — ünïcode.", Version: -1}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.ResetFeedToken(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.OpenSession(ctx, u, "test agent", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
}

// archiveLines reads an export and returns its header and every record
// line: the canonical form two exports of the same forum must share.
func archiveLines(t *testing.T, path string) (map[string]any, []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	var head map[string]any
	var lines []string
	for sc.Scan() {
		if head == nil {
			if err := json.Unmarshal(sc.Bytes(), &head); err != nil {
				t.Fatal(err)
			}
			continue
		}
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return head, lines
}

func exportTo(t *testing.T, url string, secrets bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "forum.parley.gz")
	args := []string{"export", path}
	if secrets {
		args = append(args, "--with-secrets")
	}
	if code, out, errOut := runDB(t, url, "", args...); code != 0 || !strings.Contains(out, "exported") {
		t.Fatalf("export from %s: exit %d\n%s%s", url, code, out, errOut)
	}
	return path
}

func importInto(t *testing.T, url, path string) {
	t.Helper()
	code, out, errOut := runDB(t, url, "", "import", path)
	if code != 0 || !strings.Contains(out, "every counter equals its rows") {
		t.Fatalf("import into %s: exit %d\n%s%s", url, code, out, errOut)
	}
	// The search index is derived, not archived: the import rebuilds it.
	if strings.Contains(out, "indexed 0 posts") || !strings.Contains(out, "posts for search") {
		t.Fatalf("import into %s did not index posts for search: %s", url, out)
	}
	t.Log(strings.TrimSpace(out))
}

func sameLines(t *testing.T, what string, want, got []string) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%s: %d records, want %d", what, len(got), len(want))
	}
	for i := range want {
		if want[i] != got[i] {
			t.Fatalf("%s: record %d differs\nwant %s\n got %s", what, i+1, want[i], got[i])
		}
	}
}

// roundTrip exports a busy SQLite forum, imports it into each target in
// turn, exports again from each, and expects every archive's records to
// be byte-identical to the first.
func roundTrip(t *testing.T, targets ...string) {
	src := filepath.Join(t.TempDir(), "source.db")
	busyForum(t, src)
	first := exportTo(t, src, true)
	head, want := archiveLines(t, first)
	if head["format"] != "parley-export" || head["version"] != float64(1) || head["engine"] != "sqlite" {
		t.Fatalf("header %v", head)
	}
	for _, kind := range []string{`"kind":"boost"`, `"kind":"revision"`, `"kind":"api_token"`, `"kind":"session"`, `"deleted":true`, `"recommended":true`, `"pinned":true`, `"revision_count":2`, `"hidden":true`,
		`"kind":"audit"`, `"kind":"feed_token"`, `"key":"site.name","value":"Exported Forum, renamed","version":2`} {
		if !strings.Contains(strings.Join(want, "\n"), kind) {
			t.Fatalf("the source archive has no %s record", kind)
		}
	}
	path := first
	for _, target := range targets {
		importInto(t, target, path)
		path = exportTo(t, target, true)
		_, got := archiveLines(t, path)
		sameLines(t, "after import into "+target, want, got)
		if code, out, errOut := runDB(t, target, "", "check"); code != 0 {
			t.Fatalf("check %s: %d %s%s", target, code, out, errOut)
		}
	}
}

func TestExportImportSQLiteToSQLite(t *testing.T) {
	roundTrip(t, filepath.Join(t.TempDir(), "copy.db"), filepath.Join(t.TempDir(), "copy2.db"))
}

func TestExportImportSQLitePostgresSQLite(t *testing.T) {
	pg := storetest.PostgresURL(t)
	roundTrip(t, pg, filepath.Join(t.TempDir(), "back.db"))
	// PostgreSQL's id sequences moved past the imported ids: the next
	// account gets a new id instead of colliding.
	code, out, errOut := runDB(t, pg, "a strong password\n", "user", "create", "after_import", "--email", "after@example.com", "--password-stdin")
	if code != 0 {
		t.Fatalf("create a user after import: %d %s%s", code, out, errOut)
	}
}

// TestExportWithoutSecrets leaves out password hashes, tokens, sessions
// and the CSRF key; the archive still imports, and the accounts exist.
func TestExportWithoutSecrets(t *testing.T) {
	src := filepath.Join(t.TempDir(), "source.db")
	busyForum(t, src)
	path := exportTo(t, src, false)
	_, lines := archiveLines(t, path)
	all := strings.Join(lines, "\n")
	for _, secret := range []string{"password_hash", `"kind":"api_token"`, `"kind":"session"`, "csrf_key", "$argon2"} {
		if strings.Contains(all, secret) {
			t.Fatalf("an export without secrets contains %s", secret)
		}
	}
	dst := filepath.Join(t.TempDir(), "copy.db")
	importInto(t, dst, path)
	code, out, errOut := runDB(t, dst, "", "token", "create", "zoe_export", "--name", "new")
	if code != 0 || !strings.HasPrefix(out, "pat_") {
		t.Fatalf("token for an imported account: %d %s%s", code, out, errOut)
	}
}

// TestImportRefusals: a non-empty database, a file that is not an export,
// and a truncated export are each refused with a clear message.
func TestImportRefusals(t *testing.T) {
	src := filepath.Join(t.TempDir(), "source.db")
	busyForum(t, src)
	path := exportTo(t, src, false)
	if code, _, errOut := runDB(t, src, "", "import", path); code != 1 || !strings.Contains(errOut, "already holds a forum") {
		t.Fatalf("import into a non-empty database: %d %q", code, errOut)
	}
	notArchive := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notArchive, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runDB(t, filepath.Join(t.TempDir(), "a.db"), "", "import", notArchive); code != 1 || !strings.Contains(errOut, "not a parley export") {
		t.Fatalf("import of a text file: %d %q", code, errOut)
	}
	// Cut the archive short after its first records: the gzip stream or
	// the missing end record gives it away, and nothing half-loaded is
	// left looking complete.
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zr, err := gzip.NewReader(bytes.NewReader(whole))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(&buf)
	zw.Write(plain[:len(plain)/2]) //nolint:errcheck // bytes.Buffer
	zw.Close()
	cut := filepath.Join(t.TempDir(), "cut.parley.gz")
	if err := os.WriteFile(cut, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runDB(t, filepath.Join(t.TempDir(), "b.db"), "", "import", cut); code != 1 || !strings.Contains(errOut, "archive:") {
		t.Fatalf("import of a truncated archive: %d %q", code, errOut)
	}
	if code, _, errOut := runDB(t, filepath.Join(t.TempDir(), "c.db"), "", "export", path); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Fatalf("export over an existing file: %d %q", code, errOut)
	}
}
