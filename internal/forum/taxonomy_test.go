package forum_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

// TestSubtopicRules: a subtopic's own rules apply to new threads (staff
// only, archived, a required tag, an allowed list), a synonym stores its
// main tag, and every taxonomy change emits one event.
func TestSubtopicRules(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	admin, err := f.svc.CreateUser(ctx, forum.SignUpInput{Username: "ada", Email: "ada@example.com", Password: "a long enough password"}, forum.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	var events []forum.EventKind
	f.svc.Subscribe(func(e forum.Event) { events = append(events, e.Kind) })
	if _, err := f.svc.SaveTag(ctx, f.alice, forum.Client{}, forum.TagInput{Name: "tcp"}); !errors.Is(err, forum.ErrForbidden) {
		t.Fatalf("a member creates a tag: %v", err)
	}
	if _, err := f.svc.SaveTag(ctx, admin, forum.Client{}, forum.TagInput{Name: "tcp", Synonyms: []string{"tcp-ip, transmission"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SaveTag(ctx, admin, forum.Client{}, forum.TagInput{Name: "udp"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SaveSubtopic(ctx, f.alice, forum.Client{}, forum.SubtopicInput{Topic: "t", Title: "News"}); !errors.Is(err, forum.ErrForbidden) {
		t.Fatalf("a member creates a subtopic: %v", err)
	}
	news, err := f.svc.SaveSubtopic(ctx, admin, forum.Client{}, forum.SubtopicInput{Topic: "t", Title: "News", StaffOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if news.Slug != "news" {
		t.Errorf("slug from title: %q", news.Slug)
	}
	ask := func(who *forum.User, sub string, tags ...string) (*forum.Written, error) {
		return f.svc.CreateThread(ctx, who, forum.Client{}, forum.ThreadInput{Title: "Segments lost over the VPN", Subtopic: sub, Tags: tags, Body: "Packets vanish past the tunnel."})
	}
	if _, err := ask(f.alice, "news"); forum.ForbiddenReason(err) != "only staff may start threads in News" {
		t.Errorf("member in a staff-only subtopic: %v", err)
	}
	if _, err := ask(admin, "news"); err != nil {
		t.Errorf("admin in a staff-only subtopic: %v", err)
	}
	tagged, err := f.svc.SaveSubtopic(ctx, admin, forum.Client{}, forum.SubtopicInput{Topic: "t", Title: "Transport", RequireTag: true, AllowedTags: []string{"tcp"}})
	if err != nil {
		t.Fatal(err)
	}
	var ve *forum.ValidationError
	if _, err := ask(f.alice, "transport"); !errors.As(err, &ve) || !strings.Contains(ve.Fields["tags"], "needs at least one tag") {
		t.Errorf("no tag: %v", err)
	}
	if _, err := ask(f.alice, "transport", "udp"); !errors.As(err, &ve) || !strings.Contains(ve.Fields["tags"], `"udp" is not used in Transport`) {
		t.Errorf("tag not allowed: %v", err)
	}
	w, err := ask(f.alice, "transport", "tcp-ip")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(w.Thread.Tags, ",") != "tcp" {
		t.Errorf("a synonym stored %v, want the main tag", w.Thread.Tags)
	}
	in := forum.SubtopicInput{ID: tagged.ID, Topic: "t", Title: tagged.Title, Slug: tagged.Slug, Archived: true, Version: tagged.Version}
	if _, err := f.svc.SaveSubtopic(ctx, admin, forum.Client{}, in); err != nil {
		t.Fatal(err)
	}
	if _, err := ask(f.alice, "transport", "tcp"); !errors.Is(err, forum.ErrForbidden) {
		t.Errorf("archived subtopic took a thread: %v", err)
	}
	in.Archived = false // the version is now stale
	var se *forum.StaleRowError
	if _, err := f.svc.SaveSubtopic(ctx, admin, forum.Client{}, in); !errors.As(err, &se) || se.Current.(*forum.Subtopic).Version != tagged.Version+1 {
		t.Errorf("stale edit: %v", err)
	}
	taxonomy := 0
	for _, k := range events {
		if k == forum.EventTaxonomy {
			taxonomy++
		}
	}
	if taxonomy != 5 { // two tags, two subtopics, one edit
		t.Errorf("%d taxonomy events, want 5", taxonomy)
	}
}

// TestControlThread: who may do which action, what the notice says, and
// that a move tells both subtopics' lists.
func TestControlThread(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	staff, err := f.svc.CreateUser(ctx, forum.SignUpInput{Username: "oskar", Email: "oskar@example.com", Password: "a long enough password"}, forum.RoleStaff, "Support")
	if err != nil {
		t.Fatal(err)
	}
	admin, err := f.svc.CreateUser(ctx, forum.SignUpInput{Username: "ada", Email: "ada@example.com", Password: "a long enough password"}, forum.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SaveSubtopic(ctx, admin, forum.Client{}, forum.SubtopicInput{Topic: "t", Title: "Networking"}); err != nil {
		t.Fatal(err)
	}
	w := f.thread(t, f.alice)
	var events []forum.Event
	f.svc.Subscribe(func(e forum.Event) { events = append(events, e) })
	if _, err := f.svc.ControlThread(ctx, nil, forum.Client{}, w.ThreadID, forum.ThreadControl{Action: "lock"}); !errors.Is(err, forum.ErrUnauthorized) {
		t.Errorf("signed out: %v", err)
	}
	if _, err := f.svc.ControlThread(ctx, f.alice, forum.Client{}, w.ThreadID, forum.ThreadControl{Action: "lock"}); !errors.Is(err, forum.ErrForbidden) {
		t.Errorf("member: %v", err)
	}
	if _, err := f.svc.ControlThread(ctx, staff, forum.Client{}, w.ThreadID, forum.ThreadControl{Action: "unlist"}); !errors.Is(err, forum.ErrForbidden) {
		t.Errorf("staff unlisting: %v", err)
	}
	if _, err := f.svc.ControlThread(ctx, staff, forum.Client{}, w.ThreadID, forum.ThreadControl{Action: "spin"}); err == nil {
		t.Error("an unknown action passed")
	}
	th, err := f.svc.ControlThread(ctx, staff, forum.Client{}, w.ThreadID, forum.ThreadControl{Action: "move", Subtopic: "networking", Reason: "belongs there"})
	if err != nil {
		t.Fatal(err)
	}
	if th.Subtopic.Slug != "networking" {
		t.Errorf("moved to %q", th.Subtopic.Slug)
	}
	if len(events) != 2 || events[0].Subtopic != "networking" || events[1].Subtopic != "general" {
		t.Errorf("a move emits an event for each subtopic: %+v", events)
	}
	notices, err := f.svc.ThreadNotices(ctx, w.ThreadID)
	if err != nil || len(notices) != 1 || notices[0].Text != "Moved from General" || notices[0].ActorName != "oskar" {
		t.Fatalf("notices %+v %v", notices, err)
	}
	rows, err := f.st.AuditLog(ctx, forum.AuditFilter{Action: "thread.move"})
	if err != nil || len(rows) != 1 || rows[0].Reason != "belongs there" || rows[0].ActorName != "oskar" {
		t.Errorf("audit %+v %v", rows, err)
	}
}

// TestControlThreadTagRules: staff moving or retagging a thread are held
// to the target subtopic's tag rules as a new thread is, field by field.
func TestControlThreadTagRules(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	admin, err := f.svc.CreateUser(ctx, forum.SignUpInput{Username: "ada", Email: "ada@example.com", Password: "a long enough password"}, forum.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"tcp", "udp"} {
		if _, err := f.svc.SaveTag(ctx, admin, forum.Client{}, forum.TagInput{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.SaveSubtopic(ctx, admin, forum.Client{}, forum.SubtopicInput{Topic: "t", Title: "Transport", RequireTag: true, AllowedTags: []string{"tcp"}}); err != nil {
		t.Fatal(err)
	}
	w := f.thread(t, f.alice) // in General, no tags
	control := func(c forum.ThreadControl) (string, string) {
		_, err := f.svc.ControlThread(ctx, admin, forum.Client{}, w.ThreadID, c)
		var ve *forum.ValidationError
		if !errors.As(err, &ve) {
			return "", "no validation error: " + errString(err)
		}
		for field, msg := range ve.Fields {
			return field, msg
		}
		return "", ""
	}
	if field, msg := control(forum.ThreadControl{Action: "move", Subtopic: "transport"}); field != "subtopic" || !strings.Contains(msg, "Transport needs at least one tag") {
		t.Errorf("move of an untagged thread into a subtopic requiring a tag: %s %s", field, msg)
	}
	if _, err := f.svc.ControlThread(ctx, admin, forum.Client{}, w.ThreadID, forum.ThreadControl{Action: "tags", Tags: []string{"udp"}}); err != nil {
		t.Fatal(err)
	}
	if field, msg := control(forum.ThreadControl{Action: "move", Subtopic: "transport"}); field != "subtopic" || !strings.Contains(msg, `"udp" is not used in Transport (allowed: tcp)`) {
		t.Errorf("move of a thread with a tag the target does not allow: %s %s", field, msg)
	}
	if _, err := f.svc.ControlThread(ctx, admin, forum.Client{}, w.ThreadID, forum.ThreadControl{Action: "tags", Tags: []string{"tcp"}}); err != nil {
		t.Fatal(err)
	}
	th, err := f.svc.ControlThread(ctx, admin, forum.Client{}, w.ThreadID, forum.ThreadControl{Action: "move", Subtopic: "transport"})
	if err != nil || th.Subtopic.Slug != "transport" {
		t.Fatalf("move of a thread within the rules: %v", err)
	}
	// Now in Transport: retagging keeps to its rules too.
	if field, msg := control(forum.ThreadControl{Action: "tags", Tags: []string{"udp"}}); field != "tags" || !strings.Contains(msg, `"udp" is not used in Transport`) {
		t.Errorf("retag with a tag the subtopic does not allow: %s %s", field, msg)
	}
	if field, msg := control(forum.ThreadControl{Action: "tags"}); field != "tags" || !strings.Contains(msg, "Transport needs at least one tag") {
		t.Errorf("retag to no tags in a subtopic requiring one: %s %s", field, msg)
	}
	got, err := f.st.Thread(ctx, w.ThreadID)
	if err != nil || strings.Join(got.Tags, ",") != "tcp" || got.Subtopic.Slug != "transport" {
		t.Errorf("a refused control changed the thread: %+v %v", got, err)
	}
}

func errString(err error) string {
	if err == nil {
		return "nil"
	}
	return err.Error()
}
