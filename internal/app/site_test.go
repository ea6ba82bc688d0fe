package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/storetest"
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

