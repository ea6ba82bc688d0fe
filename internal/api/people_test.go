package api

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// peopleActors maps the matrix's roles to the harness's accounts.
var peopleActors = map[string]string{"anonymous": "", "member": "alice", "suspended": "sid", "staff": "carol", "moderator": "maria", "admin": "ada"}

func peopleHarness(t *testing.T) *harness {
	h := newHarness(t)
	h.addUser("ada", forum.RoleAdmin)
	h.addUser("sid", forum.RoleMember)
	if _, err := h.svc.Suspend(context.Background(), h.users["ada"].user, "", "sid", forum.SuspendInput{Reason: "matrix"}); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestPeopleAPIAuthorization tries every people route as every role: the
// forbidden cells answer 403 (401 when signed out; a suspended account's
// token no longer works) and change nothing.
func TestPeopleAPIAuthorization(t *testing.T) {
	h := peopleHarness(t)
	ctx := context.Background()
	n := 0
	target := func(state forum.UserState) *forum.User {
		n++
		u := &forum.User{Username: fmt.Sprintf("target%d", n), DisplayName: "T", Email: fmt.Sprintf("t%d@example.com", n),
			Role: forum.RoleMember, CreatedAt: time.Now(), State: forum.StateActive}
		if state == forum.StatePending {
			u.State = state
		}
		if err := h.st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if state == forum.StateSuspended {
			if _, err := h.svc.Suspend(ctx, h.users["ada"].user, "", u.Username, forum.SuspendInput{Reason: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		return u
	}
	snapshot := func(u *forum.User) string {
		got, err := h.st.UserByID(ctx, u.ID)
		if err != nil {
			return "gone"
		}
		log, _ := h.st.AuditLog(ctx, forum.AuditFilter{})
		return fmt.Sprint(got.Role, got.State, got.Title, len(log))
	}
	deny := func(staff, mod, admin int) map[string]int {
		return map[string]int{"anonymous": 401, "member": 403, "suspended": 401, "staff": staff, "moderator": mod, "admin": admin}
	}
	type route struct {
		name, method, path string // path may hold {name} and {invite}
		body               any
		state              forum.UserState
		want               map[string]int
	}
	routes := []route{
		{"list", "GET", "/api/admin/users?filter=staff", nil, "", deny(200, 200, 200)},
		{"account", "GET", "/api/admin/users/{name}", nil, "", deny(200, 200, 200)},
		{"role", "PUT", "/api/admin/users/{name}/role", map[string]any{"role": "staff", "title": "Docs"}, "", deny(403, 403, 200)},
		{"suspend", "PUT", "/api/admin/users/{name}/suspension", map[string]any{"reason": "spam"}, "", deny(403, 200, 200)},
		{"unsuspend", "DELETE", "/api/admin/users/{name}/suspension", nil, forum.StateSuspended, deny(403, 200, 200)},
		{"approve", "POST", "/api/admin/users/{name}/approval", nil, forum.StatePending, deny(200, 200, 200)},
		{"reject", "POST", "/api/admin/users/{name}/rejection", nil, forum.StatePending, deny(204, 204, 204)},
		{"delete", "DELETE", "/api/admin/users/{name}?content=true", nil, "", deny(403, 403, 204)},
		{"invites", "GET", "/api/admin/invites", nil, "", deny(200, 200, 200)},
		{"create invite", "POST", "/api/admin/invites", map[string]any{"days": 3, "uses": 2}, "", deny(201, 201, 201)},
		{"revoke invite", "DELETE", "/api/admin/invites/{invite}", nil, "", deny(204, 204, 204)},
	}
	for _, rt := range routes {
		for actor, as := range peopleActors {
			t.Run(rt.name+" as "+actor, func(t *testing.T) {
				state := rt.state
				if state == "" {
					state = forum.StateActive
				}
				u := target(state)
				inv, _, err := h.svc.CreateInvite(ctx, h.users["ada"].user, "", forum.InviteInput{Days: 1, Uses: 1})
				if err != nil {
					t.Fatal(err)
				}
				path := strings.ReplaceAll(rt.path, "{name}", u.Username)
				path = strings.ReplaceAll(path, "{invite}", itoa(inv.ID))
				before := snapshot(u)
				res := h.do(req{method: rt.method, path: path, body: rt.body, as: as})
				if want := rt.want[actor]; res.status != want {
					t.Fatalf("status %d, want %d: %s", res.status, want, res.body)
				}
				if res.status >= 400 && snapshot(u) != before {
					t.Errorf("a refused request changed something: %s → %s", before, snapshot(u))
				}
			})
		}
	}
	for actor, as := range peopleActors {
		want := 200
		if as == "" || as == "sid" {
			want = 401
		}
		if res := h.do(req{method: "GET", path: "/api/me/data", as: as}); res.status != want {
			t.Errorf("%s: GET /api/me/data = %d, want %d", actor, res.status, want)
		}
	}
}

// TestPeopleAPIBadInputAndConflicts: field errors are 4xx naming the
// field, a stale role change is 409 with the current value, the last
// admin keeps the role, and a suspension ends the account's token.
func TestPeopleAPIBadInputAndConflicts(t *testing.T) {
	h := peopleHarness(t)
	for _, tc := range []struct {
		path  string
		body  any
		field string
		want  int
	}{
		{"/api/admin/users/bob/role", map[string]any{"role": "king"}, "role", 422},
		{"/api/admin/users/bob/role", map[string]any{"role": "member", "title": "Chief"}, "title", 422},
		{"/api/admin/users/bob/role", map[string]any{"role": 5}, "role", 400},
		{"/api/admin/users/bob/suspension", map[string]any{"reason": ""}, "reason", 422},
		{"/api/admin/users/bob/suspension", map[string]any{"reason": "x", "until": "tomorrow"}, "until", 422},
		{"/api/admin/users/bob/suspension", map[string]any{"reason": "x", "until": "2001-01-01T00:00:00Z"}, "until", 422},
		{"/api/admin/invites", map[string]any{"days": 0, "uses": 5000}, "days", 422},
		{"/api/admin/invites", map[string]any{"days": 1, "uses": 2, "email": "a@example.com"}, "uses", 422},
	} {
		method := "PUT"
		if strings.HasSuffix(tc.path, "invites") {
			method = "POST"
		}
		res := h.do(req{method: method, path: tc.path, body: tc.body, as: "ada"})
		_, fields := res.errorCode(t)
		if res.status != tc.want || fields[tc.field] == "" {
			t.Errorf("%s %v: %d %s", tc.path, tc.body, res.status, res.body)
		}
	}
	long := strings.Repeat("x", 501)
	if res := h.do(req{method: "DELETE", path: "/api/admin/users/bob?reason=" + long, as: "ada"}); res.status != 422 {
		t.Errorf("an over-long reason: %d %s", res.status, res.body)
	}
	if res := h.do(req{method: "DELETE", path: "/api/admin/users/bob?content=maybe", as: "ada"}); res.status != 400 {
		t.Errorf("content=maybe: %d", res.status)
	}
	if res := h.do(req{method: "GET", path: "/api/admin/users?filter=odd", as: "ada"}); res.status != 422 {
		t.Errorf("unknown filter: %d", res.status)
	}
	if res := h.do(req{method: "GET", path: "/api/admin/users/nobody", as: "ada"}); res.status != 404 {
		t.Errorf("unknown account: %d", res.status)
	}

	h.must(200, req{method: "PUT", path: "/api/admin/users/bob/role", body: map[string]any{"role": "staff", "from_role": "member"}, as: "ada"})
	res := h.do(req{method: "PUT", path: "/api/admin/users/bob/role", body: map[string]any{"role": "moderator", "from_role": "member"}, as: "ada"})
	if code, fields := res.errorCode(t); res.status != 409 || code != CodeConflict || fields["role"] != `is now "staff"` {
		t.Errorf("stale role change: %d %s", res.status, res.body)
	}
	res = h.do(req{method: "PUT", path: "/api/admin/users/ada/role", body: map[string]any{"role": "member"}, as: "ada"})
	if res.status != 403 || !strings.Contains(string(res.body), "last administrator") {
		t.Errorf("last admin: %d %s", res.status, res.body)
	}

	var u AdminUserDTO
	h.must(200, req{method: "PUT", path: "/api/admin/users/alice/suspension", body: map[string]any{"reason": "Spam", "until": "2099-01-01T00:00:00Z"}, as: "maria"}).decode(t, &u)
	if u.State != "suspended" || u.SuspendedUntil == nil || *u.SuspendedUntil != "2099-01-01T00:00:00.000Z" || u.SuspendReason != "Spam" {
		t.Errorf("suspended: %+v", u)
	}
	if res := h.do(req{method: "GET", path: "/api/me", as: "alice"}); res.status != 401 {
		t.Errorf("the suspended account's token: %d", res.status)
	}
	res = h.do(req{method: "PUT", path: "/api/admin/users/ada/suspension", body: map[string]any{"reason": "x"}, as: "maria"})
	if res.status != 403 {
		t.Errorf("a moderator suspending an admin: %d", res.status)
	}
	var list AdminUserListDTO
	h.must(200, req{method: "GET", path: "/api/admin/users?filter=suspended&per_page=1", as: "carol"}).decode(t, &list)
	if list.Total != 2 || len(list.Users) != 1 || list.Next == nil {
		t.Errorf("suspended list: %+v", list)
	}

	var created NewInviteDTO
	h.must(201, req{method: "POST", path: "/api/admin/invites", body: map[string]any{"days": 7, "uses": 1, "email": "Zed@Example.com"}, as: "carol"}).decode(t, &created)
	if created.Code == "" || !strings.Contains(created.URL, "/signup?invite=") || created.Invite.Email != "zed@example.com" {
		t.Errorf("invite: %+v", created)
	}
	h.must(204, req{method: "DELETE", path: "/api/admin/invites/" + itoa(created.Invite.ID), as: "carol"})
	h.must(404, req{method: "DELETE", path: "/api/admin/invites/" + itoa(created.Invite.ID), as: "carol"})

	var page AdminUserPageDTO
	h.must(200, req{method: "GET", path: "/api/admin/users/bob", as: "carol"}).decode(t, &page)
	if len(page.Audit) != 1 || page.Audit[0].Action != "user.role" || page.Audit[0].Actor != "ada" {
		t.Errorf("bob's audit: %+v", page.Audit)
	}

	// Own data and deletion.
	h.thread("bob", "A thread bob writes before leaving")
	var data MyDataDTO
	h.must(200, req{method: "GET", path: "/api/me/data", as: "bob"}).decode(t, &data)
	if data.Account.Username != "bob" || len(data.Threads) != 1 || len(data.Audit) != 1 {
		t.Errorf("bob's data: %+v", data)
	}
	res = h.do(req{method: "POST", path: "/api/me/deletion", body: map[string]any{"password": "nope"}, as: "bob"})
	if _, f := res.errorCode(t); res.status != 422 || f["password"] == "" {
		t.Errorf("wrong password: %d %s", res.status, res.body)
	}
	h.must(204, req{method: "POST", path: "/api/me/deletion", body: map[string]any{"password": testPassword}, as: "bob"})
	h.must(401, req{method: "GET", path: "/api/me", as: "bob"})
	res = h.do(req{method: "PUT", path: "/api/me/display_name", body: map[string]any{"display_name": "Carol"}, as: "alice"})
	if res.status != 401 {
		t.Errorf("display name from a suspended account: %d", res.status)
	}
	res = h.do(req{method: "PUT", path: "/api/me/display_name", body: map[string]any{"display_name": "Маriа"}, as: "sid"})
	if res.status != 401 {
		t.Errorf("suspended: %d", res.status)
	}
}
