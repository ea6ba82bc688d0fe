package storetest

import (
	"errors"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

func siteCases() []contractCase {
	return []contractCase{
		{"SiteSettingsVersions", testSiteSettings},
		{"SetupSpendsItsCode", testSetup},
		{"FeedTokens", testFeedTokens},
	}
}

// testSiteSettings saves settings, refuses a save from a stale version
// (naming what is stored, writing nothing of the save, its audit rows
// included) and keeps the instance's own settings out of the list.
func testSiteSettings(f *fixture) {
	t := f.t
	_, err := f.st.SetSettingIfAbsent(f.ctx, "csrf_key", "k")
	f.must(err)
	got, err := f.st.SiteSettings(f.ctx)
	f.must(err)
	eq(t, "settings before any save", len(got), 0)

	at := f.tick()
	audit := func(key string) forum.AuditEntry {
		e := forum.AuditActor(f.staff, "192.0.2.1")
		e.At, e.Action, e.TargetKind, e.TargetLabel = at, "setting.change", "setting", key
		return e
	}
	saved, err := f.st.SaveSiteSettings(f.ctx, []forum.SettingChange{
		{Key: "name", Value: "Ours", At: at, By: f.staff.ID},
		{Key: "tagline", Value: "Hello", At: at, By: f.staff.ID},
	}, []forum.AuditEntry{audit("name"), audit("tagline")})
	f.must(err)
	eq(t, "saved", len(saved), 2)
	eq(t, "first version", saved[0].Version, int64(1))

	// A second save from version 1 of name wins; one from version 0 of
	// tagline (never seen the first save) is refused whole.
	at = f.tick()
	_, err = f.st.SaveSiteSettings(f.ctx, []forum.SettingChange{{Key: "name", Value: "Ours 2", Version: 1, At: at, By: f.alice.ID}},
		[]forum.AuditEntry{audit("name")})
	f.must(err)
	_, err = f.st.SaveSiteSettings(f.ctx, []forum.SettingChange{
		{Key: "description", Value: "new", At: at},
		{Key: "tagline", Value: "Stale", Version: 0, At: at},
	}, []forum.AuditEntry{audit("description"), audit("tagline")})
	var ce *forum.SettingsConflictError
	if !errors.As(err, &ce) || !errors.Is(err, forum.ErrConflict) {
		t.Fatalf("stale save: %v, want a SettingsConflictError", err)
	}
	eq(t, "conflict names the stored tagline", ce.Current["tagline"].Value, "Hello")
	eq(t, "conflict names its version", ce.Current["tagline"].Version, int64(1))

	got, err = f.st.SiteSettings(f.ctx)
	f.must(err)
	byKey := map[string]forum.StoredSetting{}
	for _, s := range got {
		byKey[s.Key] = s
	}
	eq(t, "stored settings", len(got), 2)
	eq(t, "name", byKey["name"].Value, "Ours 2")
	eq(t, "name version", byKey["name"].Version, int64(2))
	eq(t, "name saved by", byKey["name"].UpdatedBy, f.alice.ID)
	eqTime(t, "name saved at", byKey["name"].UpdatedAt, at)
	if _, ok := byKey["description"]; ok {
		t.Error("a refused save stored part of its changes")
	}
	log, err := f.st.AuditLog(f.ctx, forum.AuditFilter{Action: "setting.change"})
	f.must(err)
	eq(t, "audit rows of the two saves that committed", len(log), 3)
}

// testSetup spends a setup code once: the first administrator and the
// settings commit together, a second use and a use once an admin exists
// are refused without writing.
func testSetup(f *fixture) {
	t := f.t
	exists, err := f.st.AdminExists(f.ctx)
	f.must(err)
	eq(t, "admin before setup", exists, false)
	f.must(f.st.AddSetupCode(f.ctx, "h1", f.tick()))
	f.must(f.st.AddSetupCode(f.ctx, "h2", f.tick()))
	admin := func(name string) *forum.User {
		return &forum.User{Username: name, DisplayName: name, Email: name + "@example.com", PasswordHash: "x", Role: forum.RoleAdmin, CreatedAt: f.tick()}
	}
	at := f.tick()
	change := []forum.SettingChange{{Key: "name", Value: "Team forum", At: at}}
	entry := func() []forum.AuditEntry {
		return []forum.AuditEntry{{At: at, Action: "setup.complete", TargetKind: "setting", TargetLabel: "name"}}
	}
	if err := f.st.CompleteSetup(f.ctx, "wrong", admin("eve"), change, entry()); !errors.Is(err, forum.ErrSetupRefused) {
		t.Fatalf("unknown code: %v", err)
	}
	a := admin("root")
	f.must(f.st.CompleteSetup(f.ctx, "h1", a, change, entry()))
	if a.ID == 0 {
		t.Fatal("CompleteSetup set no id")
	}
	u, err := f.st.UserByUsername(f.ctx, "root")
	f.must(err)
	eq(t, "role", u.Role, forum.RoleAdmin)
	// The other node's code is spent with it, and an admin now exists.
	if err := f.st.CompleteSetup(f.ctx, "h2", admin("mallory"), change, entry()); !errors.Is(err, forum.ErrSetupRefused) {
		t.Fatalf("second setup: %v", err)
	}
	if _, err := f.st.UserByUsername(f.ctx, "mallory"); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("the refused setup created its admin: %v", err)
	}
	exists, err = f.st.AdminExists(f.ctx)
	f.must(err)
	eq(t, "admin after setup", exists, true)
	got, err := f.st.SiteSettings(f.ctx)
	f.must(err)
	eq(t, "settings of the setup", fmt.Sprint(len(got), got[0].Key, got[0].Value, got[0].UpdatedBy), fmt.Sprint(1, "name", "Team forum", a.ID))
	log, err := f.st.AuditLog(f.ctx, forum.AuditFilter{Action: "setup.complete"})
	f.must(err)
	eq(t, "setup audited once", len(log), 1)
	eq(t, "setup audit actor", log[0].ActorID, a.ID)
}

// testFeedTokens replaces a member's token: the old one stops working.
func testFeedTokens(f *fixture) {
	t := f.t
	if _, err := f.st.FeedTokenCreated(f.ctx, f.alice.ID); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("token before any: %v", err)
	}
	at := f.tick()
	f.must(f.st.SetFeedToken(f.ctx, f.alice.ID, "one", at))
	u, err := f.st.FeedTokenUser(f.ctx, "one")
	f.must(err)
	eq(t, "owner", u.ID, f.alice.ID)
	f.must(f.st.SetFeedToken(f.ctx, f.alice.ID, "two", f.tick()))
	if _, err := f.st.FeedTokenUser(f.ctx, "one"); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("replaced token still works: %v", err)
	}
	created, err := f.st.FeedTokenCreated(f.ctx, f.alice.ID)
	f.must(err)
	eqTime(t, "created", created, at.Add(time.Second))
}
