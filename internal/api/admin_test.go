package api

import (
	"context"
	"net/http"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

// TestAdminAPIAuthorization is the authorization matrix of the admin
// API: every route as every role (signed out, member, suspended member,
// staff, moderator, admin). Forbidden cells answer 401 or 403 and change nothing.
func TestAdminAPIAuthorization(t *testing.T) {
	h := peopleHarness(t) // with sid, a suspended member whose token no longer works
	setUp, err := h.svc.AuditLog(context.Background(), h.users["ada"].user, forum.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	put := map[string]any{"settings": map[string]any{"tagline": map[string]any{"value": "Changed"}}}
	cases := []struct {
		method, path string
		body         any
		want         map[string]int
	}{
		{"GET", "/api/admin/settings", nil, map[string]int{"": 401, "alice": 403, "sid": 401, "carol": 403, "maria": 403, "ada": 200}},
		{"PUT", "/api/admin/settings", put, map[string]int{"": 401, "alice": 403, "sid": 401, "carol": 403, "maria": 403, "ada": 200}},
		{"GET", "/api/admin/log", nil, map[string]int{"": 401, "alice": 403, "sid": 401, "carol": 403, "maria": 200, "ada": 200}},
	}
	for _, tc := range cases {
		for _, as := range []string{"", "alice", "sid", "carol", "maria", "ada"} {
			res := h.do(req{method: tc.method, path: tc.path, body: tc.body, as: as})
			if res.status != tc.want[as] {
				t.Errorf("%s %s as %q: %d, want %d\n%s", tc.method, tc.path, as, res.status, tc.want[as], res.body)
			}
		}
	}
	log, err := h.svc.AuditLog(context.Background(), h.users["ada"].user, forum.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != len(setUp)+1 || log[0].ActorName != "ada" || log[0].Action != "setting.change" {
		t.Fatalf("audit log after the matrix: %+v", log)
	}
}

// TestAdminSettingsAPI reads, saves, refuses bad values field by field
// and answers a stale version with 409 and the current value.
func TestAdminSettingsAPI(t *testing.T) {
	h := newHarness(t)
	h.addUser("ada", forum.RoleAdmin)
	var got struct {
		Settings []struct {
			Key, Value string
			Version    int64
		}
	}
	h.do(req{method: "GET", path: "/api/admin/settings", as: "ada"}).decode(t, &got)
	if len(got.Settings) != len(forum.SettingDefs()) {
		t.Fatalf("%d settings, want %d", len(got.Settings), len(forum.SettingDefs()))
	}
	set := func(body map[string]any) *response {
		return h.do(req{method: "PUT", path: "/api/admin/settings", as: "ada", body: map[string]any{"settings": body}})
	}
	res := set(map[string]any{"max_tags": map[string]any{"value": "99"}, "contact_email": map[string]any{"value": "nope"}, "bogus": map[string]any{"value": "x"}})
	if code, fields := res.errorCode(t); res.status != http.StatusUnprocessableEntity || code != CodeInvalid ||
		fields["max_tags"] != "must be between 1 and 20" || fields["contact_email"] == "" || fields["bogus"] != "is not a setting" {
		t.Fatalf("bad values: %d %s", res.status, res.body)
	}
	if res := set(map[string]any{"name": map[string]any{"value": "Platform", "version": 0}}); res.status != http.StatusOK {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	if h.svc.Site().Name != "Platform" {
		t.Fatal("the name is not in force")
	}
	res = set(map[string]any{"name": map[string]any{"value": "Stale", "version": 0}, "tagline": map[string]any{"value": "Hi", "version": 0}})
	var conflict struct {
		Error   errorDTO
		Current map[string]currentSetting
	}
	res.decode(t, &conflict)
	if res.status != http.StatusConflict || conflict.Current["name"].Value != "Platform" || conflict.Current["name"].Version != 1 {
		t.Fatalf("stale save: %d %s", res.status, res.body)
	}
	if h.svc.Site().Tagline != "Developer Forums" {
		t.Fatal("a refused save changed another setting")
	}
	// Without a version the write wins.
	if res := set(map[string]any{"name": map[string]any{"value": "Latest"}}); res.status != http.StatusOK {
		t.Fatalf("unversioned save: %d %s", res.status, res.body)
	}
	var log struct {
		Entries []struct {
			Action      string
			TargetLabel string `json:"target_label"`
		}
	}
	h.do(req{method: "GET", path: "/api/admin/log?target=setting&limit=1", as: "ada"}).decode(t, &log)
	if len(log.Entries) != 1 || log.Entries[0].TargetLabel != "name" {
		t.Fatalf("audit log: %+v", log)
	}
	if res := h.do(req{method: "GET", path: "/api/admin/log?to=soon", as: "ada"}); res.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad filter: %d", res.status)
	}
}
