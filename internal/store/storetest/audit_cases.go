package storetest

import (
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

func auditCases() []contractCase {
	return []contractCase{
		{"AuditLogFilters", testAuditLog},
	}
}

// testAuditLog appends entries and reads them back newest first through
// every filter, including paging by ID and an action prefix whose
// characters would be wildcards in LIKE.
func testAuditLog(f *fixture) {
	t := f.t
	base := f.tick()
	add := func(actor *forum.User, action, kind string, target int64, at time.Time) forum.AuditEntry {
		e := forum.AuditActor(actor, "192.0.2.7")
		e.Action, e.TargetKind, e.TargetID, e.At = action, kind, target, at
		e.TargetLabel, e.Reason, e.Detail = "label", "because", `{"old":1,"new":2}`
		f.must(f.st.AppendAudit(f.ctx, &e))
		if e.ID == 0 {
			t.Fatalf("AppendAudit %s set no ID", action)
		}
		return e
	}
	e1 := add(f.alice, "user.suspend", "user", f.bob.ID, base)
	e2 := add(f.bob, "subtopic.rename", "subtopic", 7, base.Add(time.Second))
	e3 := add(f.alice, "user_x.odd", "user", f.bob.ID, base.Add(2*time.Second))
	e4 := add(nil, "user.approve", "user", 99, base.Add(3*time.Second))

	ids := func(what string, flt forum.AuditFilter, want ...forum.AuditEntry) {
		t.Helper()
		got, err := f.st.AuditLog(f.ctx, flt)
		f.must(err)
		var g, w []int64
		for _, e := range got {
			g = append(g, e.ID)
		}
		for _, e := range want {
			w = append(w, e.ID)
		}
		eq(t, what, fmt.Sprint(g), fmt.Sprint(w))
	}
	ids("all, newest first", forum.AuditFilter{}, e4, e3, e2, e1)
	ids("by actor", forum.AuditFilter{ActorID: f.alice.ID}, e3, e1)
	ids("exact action", forum.AuditFilter{Action: "user.suspend"}, e1)
	ids("action prefix", forum.AuditFilter{Action: "user."}, e4, e1)
	ids("target", forum.AuditFilter{TargetKind: "user", TargetID: f.bob.ID}, e3, e1)
	ids("date range", forum.AuditFilter{From: base.Add(time.Second), To: base.Add(3 * time.Second)}, e3, e2)
	ids("page", forum.AuditFilter{Before: e3.ID, Limit: 1}, e2)

	got, err := f.st.AuditLog(f.ctx, forum.AuditFilter{Action: "user.suspend"})
	f.must(err)
	r := got[0]
	eqTime(t, "entry at", r.At, e1.At)
	r.At = e1.At
	eq(t, "entry read back", r, e1)
	if err := f.st.AppendAudit(f.ctx, &forum.AuditEntry{At: base}); err == nil {
		t.Error("an entry without an action was stored")
	}
}
