package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

// TestTaxonomyAuthorizationMatrix sends every taxonomy and thread-control
// route as every role: the forbidden cells are 401 (signed out, or
// suspended) or 403,
// and after them nothing has changed (no topic, tag or audit row).
func TestTaxonomyAuthorizationMatrix(t *testing.T) {
	h := peopleHarness(t) // with sid, a suspended member whose token no longer works
	ctx := context.Background()
	w, err := h.svc.CreateThread(ctx, h.users["alice"].user, forum.Client{}, forum.ThreadInput{
		Title: "Where do sockets go?", Subtopic: "networking", Body: "A question in the wrong place."})
	if err != nil {
		t.Fatal(err)
	}
	thread := "/api/threads/" + itoa(w.ThreadID) + "/control"
	sub := "/api/subtopics/" + itoa(h.other.ID)
	routes := []struct {
		name, method, path string
		body               any
		allowed            []string // roles that may
	}{
		{"create topic", "POST", "/api/topics", map[string]any{"title": "Hardware"}, []string{"ada"}},
		{"edit topic", "PATCH", "/api/topics/1", map[string]any{"description": "changed"}, []string{"ada"}},
		{"create subtopic", "POST", "/api/subtopics", map[string]any{"topic": "app-services", "title": "Storage"}, []string{"ada"}},
		{"edit subtopic", "PATCH", sub, map[string]any{"description": "changed"}, []string{"ada"}},
		{"delete subtopic", "DELETE", sub + "?move_to=networking", nil, []string{"ada"}},
		{"create tag", "POST", "/api/tags", map[string]any{"name": "sockets"}, []string{"maria", "ada"}},
		{"edit tag", "PATCH", "/api/tags/sockets", map[string]any{"description": "changed"}, []string{"maria", "ada"}},
		{"merge tag", "POST", "/api/tags/sockets/merge", map[string]any{"into": "swift"}, []string{"maria", "ada"}},
		{"delete tag", "DELETE", "/api/tags/swift", nil, []string{"maria", "ada"}},
		{"lock thread", "POST", thread, map[string]any{"action": "lock"}, []string{"carol", "maria", "ada"}},
		{"unlist thread", "POST", thread, map[string]any{"action": "unlist"}, []string{"maria", "ada"}},
	}
	roles := []string{"", "alice", "sid", "carol", "maria", "ada"} // anonymous, member, suspended, staff, moderator, admin
	audit := func() int {
		rows, err := h.st.AuditLog(ctx, forum.AuditFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return len(rows)
	}
	for _, rt := range routes {
		for _, role := range roles {
			allowed := false
			for _, a := range rt.allowed {
				allowed = allowed || a == role
			}
			if allowed {
				continue // run once below, by the first allowed role
			}
			want := http.StatusForbidden
			if role == "" || role == "sid" {
				want = http.StatusUnauthorized
			}
			before := audit()
			h.must(want, req{method: rt.method, path: rt.path, as: role, body: rt.body})
			if after := audit(); after != before {
				t.Errorf("%s as %q (refused) wrote %d audit rows", rt.name, role, after-before)
			}
		}
		want := http.StatusOK
		switch rt.method {
		case "POST":
			if !strings.HasSuffix(rt.path, "/merge") && !strings.HasSuffix(rt.path, "/control") {
				want = http.StatusCreated
			}
		case "DELETE":
			want = http.StatusNoContent
		}
		before := audit()
		h.must(want, req{method: rt.method, path: rt.path, as: rt.allowed[0], body: rt.body})
		if audit() != before+1 {
			t.Errorf("%s as %s: want one audit row", rt.name, rt.allowed[0])
		}
	}
	if problems, err := h.st.CheckCounters(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("counters: %v %v", problems, err)
	}
}

// TestTaxonomyBadInput: field errors are 422 naming the field, a stale
// version is 409 with the current row, and neither changes anything.
func TestTaxonomyBadInput(t *testing.T) {
	h := newHarness(t)
	h.addUser("ada", forum.RoleAdmin)
	res := h.must(http.StatusUnprocessableEntity, req{method: "POST", path: "/api/subtopics", as: "ada",
		body: map[string]any{"topic": "app-services", "title": "Another", "slug": "networking", "position": -1}})
	var e errorBody
	res.decode(t, &e)
	if got := e.Error.Fields["position"]; got != "must be ≥ 0" {
		t.Errorf("position error %q", got)
	}
	res = h.must(http.StatusUnprocessableEntity, req{method: "POST", path: "/api/subtopics", as: "ada",
		body: map[string]any{"topic": "app-services", "title": "Another", "slug": "networking"}})
	res.decode(t, &e)
	if got := e.Error.Fields["slug"]; got != `slug already used by "Networking"` {
		t.Errorf("slug error %q", got)
	}
	path := "/api/subtopics/" + itoa(h.sub.ID)
	var s AdminSubtopicDTO
	h.must(http.StatusOK, req{method: "PATCH", path: path, as: "ada", body: map[string]any{"description": "first", "version": 1}}).decode(t, &s)
	if s.Version != 2 || s.Description != "first" || s.Title != "Networking" {
		t.Fatalf("after edit: %+v", s)
	}
	res = h.must(http.StatusConflict, req{method: "PATCH", path: path, as: "ada", body: map[string]any{"docs_title": "lost?", "version": 1}})
	var stale struct {
		Current AdminSubtopicDTO `json:"current"`
	}
	res.decode(t, &stale)
	if stale.Current.Version != 2 || stale.Current.Description != "first" {
		t.Errorf("409 carries %+v, want the current row", stale.Current)
	}
	h.thread("alice", "A thread that keeps its subtopic")
	h.must(http.StatusUnprocessableEntity, req{method: "DELETE", path: path, as: "ada"})
	h.must(http.StatusUnprocessableEntity, req{method: "POST", path: "/api/threads/" + itoa(h.thread("alice", "A thread to move nowhere").ThreadID) + "/control", as: "carol",
		body: map[string]any{"action": "move", "subtopic": "nowhere"}})
	h.must(http.StatusUnprocessableEntity, req{method: "POST", path: "/api/tags", as: "maria", body: map[string]any{"name": "Bad Name!"}})
}

// TestRenamedSubtopicTwinRedirects: the JSON twin of an old subtopic
// address answers 301 to the new one; /tags.json lists every tag.
func TestRenamedSubtopicTwinRedirects(t *testing.T) {
	h := newHarness(t)
	h.addUser("ada", forum.RoleAdmin)
	h.must(http.StatusOK, req{method: "PATCH", path: "/api/subtopics/" + itoa(h.sub.ID), as: "ada", body: map[string]any{"slug": "net"}})
	// The client follows the 301 to the new address.
	var list SubtopicListDTO
	h.must(http.StatusOK, req{method: "GET", path: "/c/networking"}).decode(t, &list)
	if list.Subtopic.Slug != "net" {
		t.Errorf("followed the old address to %q", list.Subtopic.Slug)
	}
	var idx TagIndexDTO
	h.must(http.StatusOK, req{method: "GET", path: "/tags"}).decode(t, &idx)
	if len(idx.Tags) == 0 {
		t.Error("no tags in the index")
	}
}

// TestControlThreadTagRulesAPI: a move or retag that breaks the target
// subtopic's tag rules is a 422 naming the rule on its field, and the
// thread stays as it was.
func TestControlThreadTagRulesAPI(t *testing.T) {
	h := newHarness(t)
	h.addUser("ada", forum.RoleAdmin)
	h.must(http.StatusOK, req{method: "PATCH", path: "/api/subtopics/" + itoa(h.other.ID), as: "ada",
		body: map[string]any{"require_tag": true, "allowed_tags": []string{"swift"}}})
	h.must(http.StatusOK, req{method: "PATCH", path: "/api/subtopics/" + itoa(h.sub.ID), as: "ada",
		body: map[string]any{"require_tag": true}})
	w := h.thread("alice", "A thread tagged urlsession") // in networking
	control := "/api/threads/" + itoa(w.ThreadID) + "/control"
	res := h.must(http.StatusUnprocessableEntity, req{method: "POST", path: control, as: "carol",
		body: map[string]any{"action": "move", "subtopic": "notifications"}})
	if code, fields := res.errorCode(t); code != CodeInvalid || !strings.Contains(fields["subtopic"], `"urlsession" is not used in Notifications (allowed: swift)`) {
		t.Errorf("move against the allowed list: %s %v", code, fields)
	}
	res = h.must(http.StatusUnprocessableEntity, req{method: "POST", path: control, as: "carol",
		body: map[string]any{"action": "tags", "tags": []string{}}})
	if code, fields := res.errorCode(t); code != CodeInvalid || fields["tags"] != "Networking needs at least one tag" {
		t.Errorf("retag to none where a tag is required: %s %v", code, fields)
	}
	th, err := h.st.Thread(context.Background(), w.ThreadID)
	if err != nil || th.Subtopic.Slug != "networking" || strings.Join(th.Tags, ",") != "urlsession" {
		t.Fatalf("a refused control changed the thread: %+v %v", th, err)
	}
	// Within the rules both go through.
	h.must(http.StatusOK, req{method: "POST", path: control, as: "carol", body: map[string]any{"action": "tags", "tags": []string{"swift"}}})
	h.must(http.StatusOK, req{method: "POST", path: control, as: "carol", body: map[string]any{"action": "move", "subtopic": "notifications"}})
}
