package app

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/storetest"
	"github.com/parley-forum/parley/internal/testenv"
)

// TestTwoNodesShareSettings runs two nodes on one PostgreSQL database:
// settings saved through node A are in force on node B (its cached home
// page dropped) without a restart, by the bus event; and a change B never
// hears about (written to the database directly, as if the event were
// lost) reaches it by the periodic re-read within seconds.
func TestTwoNodesShareSettings(t *testing.T) {
	env := map[string]string{"PARLEY_DATABASE_URL": storetest.PostgresURL(t)}
	a := startNode(t, env, buildOptions{})
	b := startNode(t, env, buildOptions{})
	seed(t, a.srv)
	ctx := context.Background()
	admin, err := a.srv.Service.CreateUser(ctx, forum.SignUpInput{Username: "ada", Email: "ada@example.com",
		Password: "correct horse battery"}, forum.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	if home := get(t, b.url+"/"); !strings.Contains(home, "<title>Developer Forums · Parley</title>") {
		t.Fatalf("node B's home before: %.300s", home)
	}
	_, err = a.srv.Service.SaveSettings(ctx, admin, forum.Client{IP: "192.0.2.9"}, map[string]forum.SettingInput{
		"name": {Value: "Platform Forum", Version: 0}, "title_max": {Value: "90", Version: 0}})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "node B to show the new name", func() bool {
		return strings.Contains(get(t, b.url+"/"), "<title>Developer Forums · Platform Forum</title>")
	})
	if got := b.srv.Service.Limits().TitleMax; got != 90 {
		t.Fatalf("node B's title limit %d, want 90", got)
	}

	// A change without an event: only the re-read can bring it.
	if _, err := a.srv.Store.SaveSiteSettings(ctx, []forum.SettingChange{{Key: "tagline", Value: "Quietly changed", At: time.Now()}}, nil); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	waitFor(t, "node B to re-read the settings", func() bool {
		return strings.Contains(get(t, b.url+"/"), "<h1>Quietly changed</h1>")
	})
	t.Logf("node B applied a change it was never told about after %v", time.Since(start).Round(time.Millisecond))
}

// TestSetupCodeOnlyOnAnEmptyForum: serving an empty data folder without
// the demo prints a setup code and waits for setup; after `parley user
// create --role admin` it does not; the demo never does.
func TestSetupCodeOnlyOnAnEmptyForum(t *testing.T) {
	build := func(dir string, noDemo bool) (*Server, string) {
		t.Helper()
		vars := map[string]string{"PARLEY_DATA_DIR": dir, "PARLEY_NO_DEMO": fmt.Sprint(noDemo), "PARLEY_RATE_LIMITS": "off"}
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		cfg, _, err := config.Load(fs, nil, func(k string) string { return vars[k] })
		if err != nil {
			t.Fatal(err)
		}
		testenv.RanOnDatabase(t, cfg.DatabaseURL)
		var logged bytes.Buffer
		srv, err := Build(context.Background(), cfg, slog.New(slog.NewTextHandler(&logged, nil)))
		if err != nil {
			t.Fatal(err)
		}
		srv.Close()
		return srv, logged.String()
	}
	empty := t.TempDir()
	srv, log := build(empty, true)
	if !srv.Service.NeedsSetup() || !regexp.MustCompile(`setup_code=[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}`).MatchString(log) {
		t.Fatalf("empty forum: needs setup %v, log:\n%s", srv.Service.NeedsSetup(), log)
	}
	if code, out, errOut := run(t, empty, "a strong password\n", "user", "create", "oskar", "--email", "oskar@example.com", "--role", "admin", "--password-stdin"); code != 0 {
		t.Fatalf("user create: %d %q %q", code, out, errOut)
	}
	if srv, log := build(empty, true); srv.Service.NeedsSetup() || strings.Contains(log, "setup_code") {
		t.Fatalf("forum with an admin: needs setup %v, log:\n%s", srv.Service.NeedsSetup(), log)
	}
	if srv, log := build(t.TempDir(), false); srv.Service.NeedsSetup() || strings.Contains(log, "setup_code") {
		t.Fatalf("demo: needs setup %v, log:\n%s", srv.Service.NeedsSetup(), log)
	}
}

// TestViewWindowSettingApplies: saving the view window changes the
// counter's window on the node that saved it.
func TestViewWindowSettingApplies(t *testing.T) {
	n := startNode(t, nil, buildOptions{})
	ctx := context.Background()
	admin, err := n.srv.Service.CreateUser(ctx, forum.SignUpInput{Username: "ada", Email: "ada@example.com",
		Password: "correct horse battery"}, forum.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := n.srv.Views.Window(); got != 8*time.Hour {
		t.Fatalf("window %s before", got)
	}
	if _, err := n.srv.Service.SaveSettings(ctx, admin, forum.Client{}, map[string]forum.SettingInput{"view_window": {Value: "30m", Version: 0}}); err != nil {
		t.Fatal(err)
	}
	if got := n.srv.Views.Window(); got != 30*time.Minute {
		t.Fatalf("window %s after the save, want 30m", got)
	}
}

// TestSettingsCommand sets and lists settings from the command line,
// refusing a bad value with its field's message and auditing the change.
func TestSettingsCommand(t *testing.T) {
	dir := t.TempDir()
	if code, out, errOut := run(t, dir, "", "settings", "set", "name", "Acme Developers", "registration", "invite"); code != 0 || !strings.Contains(out, "set name") {
		t.Fatalf("settings set: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, dir, "", "settings", "set", "max_tags", "99"); code != 2 || !strings.Contains(errOut, "max_tags must be between 1 and 20") {
		t.Fatalf("bad value: %d %q", code, errOut)
	}
	code, out, _ := run(t, dir, "", "settings", "list")
	if code != 0 || !regexp.MustCompile(`name\s+Acme Developers\s+1`).MatchString(out) || !regexp.MustCompile(`registration\s+invite\s+1`).MatchString(out) {
		t.Fatalf("settings list: %d\n%s", code, out)
	}
}
