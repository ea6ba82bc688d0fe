package storetest

import (
	"errors"
	"strings"
	"sync"

	"github.com/parley-forum/parley/internal/forum"
)

// taxonomyAdminCases cover forum.TaxonomyAdmin and forum.ThreadControls.
func taxonomyAdminCases() []contractCase {
	return []contractCase{
		{"TaxonomyAdminTopics", testAdminTopics},
		{"TaxonomyAdminSubtopics", testAdminSubtopics},
		{"TaxonomyAdminSubtopicConcurrentEdits", testAdminSubtopicConcurrent},
		{"TaxonomyAdminDeleteSubtopic", testAdminDeleteSubtopic},
		{"TaxonomyAdminTags", testAdminTags},
		{"TaxonomyAdminMergeAndDeleteTags", testAdminMergeTags},
		{"ThreadControlsPinLockUnlist", testThreadControlsFlags},
		{"ThreadControlsMoveAndRetag", testThreadControlsMove},
	}
}

func (f *fixture) entry(action string) *forum.AuditEntry {
	e := forum.AuditActor(f.staff, "192.0.2.7")
	e.At, e.Action = f.tick(), action
	return &e
}

// taxonomyAuditActions lists the log's actions, oldest first.
func (f *fixture) taxonomyAuditActions() []string {
	rows, err := f.st.AuditLog(f.ctx, forum.AuditFilter{Limit: 100})
	f.must(err)
	var out []string
	for i := len(rows) - 1; i >= 0; i-- {
		out = append(out, rows[i].Action)
	}
	return out
}

func wantField(f *fixture, what string, err error, field, contains string) {
	f.t.Helper()
	var ve *forum.ValidationError
	if !errors.As(err, &ve) {
		f.t.Fatalf("%s: err = %v, want a field error on %s", what, err, field)
	}
	if msg := ve.Fields[field]; !strings.Contains(msg, contains) {
		f.t.Errorf("%s: %s = %q, want it to mention %q", what, field, msg, contains)
	}
}

func testAdminTopics(f *fixture) {
	t := f.t
	tp := &forum.Topic{Title: "Networking", Slug: "networking", Description: "Sockets", Position: -1}
	f.must(f.st.AddTopic(f.ctx, tp, f.entry("topic.create")))
	eq(t, "new topic position (last)", tp.Position, 1)
	eq(t, "new topic version", tp.Version, 1)
	got, err := f.st.TopicByID(f.ctx, tp.ID)
	f.must(err)
	eqDeep(t, "TopicByID", *got, *tp)

	dup := &forum.Topic{Title: "Other", Slug: "networking", Position: -1}
	wantField(f, "duplicate topic slug", f.st.AddTopic(f.ctx, dup, f.entry("topic.create")), "slug", `slug already used by "Networking"`)

	edit := *tp
	edit.Title, edit.Slug, edit.Position, edit.Archived = "Networks", "networks", 0, true
	f.must(f.st.UpdateTopic(f.ctx, &edit, f.entry("topic.rename")))
	eq(t, "version after edit", edit.Version, 2)
	got, err = f.st.TopicByID(f.ctx, tp.ID)
	f.must(err)
	eq(t, "renamed slug", got.Slug, "networks")
	eq(t, "archived", got.Archived, true)
	redirect, err := f.st.SlugRedirect(f.ctx, "topic", "networking")
	f.must(err)
	eq(t, "old topic slug redirects", redirect, "networks")

	stale := *tp // still version 1
	stale.Description = "lost update"
	err = f.st.UpdateTopic(f.ctx, &stale, f.entry("topic.edit"))
	var se *forum.StaleRowError
	if !errors.As(err, &se) || !errors.Is(err, forum.ErrConflict) {
		t.Fatalf("stale topic edit: err = %v, want a StaleRowError", err)
	}
	if cur, ok := se.Current.(*forum.Topic); !ok || cur.Version != 2 || cur.Slug != "networks" {
		t.Errorf("stale error carries %+v, want the current topic", se.Current)
	}
	topics, err := f.st.Topics(f.ctx)
	f.must(err)
	eq(t, "reordered: networks first", topics[0].Slug, "networks")
	_, err = f.st.TopicByID(f.ctx, 9999)
	wantErr(t, "TopicByID(unknown)", err, forum.ErrNotFound)
	eq(t, "audit", strings.Join(f.taxonomyAuditActions(), " "), "topic.create topic.rename")
}

func testAdminSubtopics(f *fixture) {
	t := f.t
	sub := &forum.Subtopic{TopicID: f.topic.ID, Title: "Networking", Slug: "networking", Description: "**Sockets**",
		DocsTitle: "Net docs", DocsURL: "https://docs.example/net", Position: -1, StaffOnly: true, RequireTag: true,
		AllowedTags: []string{f.tagGo.Name}}
	f.must(f.st.AddSubtopic(f.ctx, sub, f.entry("subtopic.create")))
	eq(t, "position last in topic", sub.Position, 2)
	got, err := f.st.SubtopicByID(f.ctx, sub.ID)
	f.must(err)
	eq(t, "staff only", got.StaffOnly, true)
	eq(t, "require tag", got.RequireTag, true)
	eq(t, "allowed tags", strings.Join(got.AllowedTags, ","), "goroutines")
	eq(t, "topic title", got.TopicTitle, f.topic.Title)
	bySlug, err := f.st.SubtopicBySlug(f.ctx, "networking")
	f.must(err)
	eqDeep(t, "SubtopicBySlug = SubtopicByID", *bySlug, *got)

	dup := &forum.Subtopic{TopicID: f.topic.ID, Title: "Go again", Slug: "go", Position: -1}
	wantField(f, "duplicate subtopic slug", f.st.AddSubtopic(f.ctx, dup, f.entry("subtopic.create")), "slug", `slug already used by "Go"`)
	bad := &forum.Subtopic{TopicID: f.topic.ID, Title: "Bad tags", Slug: "bad-tags", Position: -1, AllowedTags: []string{"nope"}}
	wantField(f, "unknown allowed tag", f.st.AddSubtopic(f.ctx, bad, f.entry("subtopic.create")), "allowed_tags", "nope")
	_, err = f.st.SubtopicBySlug(f.ctx, "bad-tags")
	wantErr(t, "a refused subtopic leaves nothing", err, forum.ErrNotFound)

	th, _ := f.thread(sub, f.alice, "A socket question", f.tick(), f.tagGo)
	edit := *got
	edit.Slug, edit.Title, edit.AllowedTags, edit.StaffOnly, edit.Archived = "net", "Net", nil, false, true
	f.must(f.st.UpdateSubtopic(f.ctx, &edit, f.entry("subtopic.rename")))
	eq(t, "version", edit.Version, 2)
	again, err := f.st.SubtopicBySlug(f.ctx, "net")
	f.must(err)
	eq(t, "allowed list cleared", len(again.AllowedTags), 0)
	eq(t, "archived", again.Archived, true)
	eq(t, "thread count kept", again.ThreadCount, 1)
	eq(t, "thread's subtopic follows the rename", f.getThread(th).Subtopic.Slug, "net")
	redirect, err := f.st.SlugRedirect(f.ctx, "subtopic", "networking")
	f.must(err)
	eq(t, "old slug redirects", redirect, "net")

	// Renaming back takes the slug out of the history; a chain of renames
	// redirects every old slug to the newest.
	edit.Slug = "sockets"
	f.must(f.st.UpdateSubtopic(f.ctx, &edit, f.entry("subtopic.rename")))
	for _, old := range []string{"networking", "net"} {
		redirect, err := f.st.SlugRedirect(f.ctx, "subtopic", old)
		f.must(err)
		eq(t, "redirect of "+old, redirect, "sockets")
	}
	edit.Slug = "net"
	f.must(f.st.UpdateSubtopic(f.ctx, &edit, f.entry("subtopic.rename")))
	_, err = f.st.SlugRedirect(f.ctx, "subtopic", "net")
	wantErr(t, "a live slug is no redirect", err, forum.ErrNotFound)
	_, err = f.st.SlugRedirect(f.ctx, "subtopic", "never")
	wantErr(t, "SlugRedirect(unknown)", err, forum.ErrNotFound)

	// A slug used by another subtopic is refused and changes nothing.
	clash := edit
	clash.Slug, clash.Description = "sql", "changed"
	wantField(f, "slug of another", f.st.UpdateSubtopic(f.ctx, &clash, f.entry("subtopic.rename")), "slug", `slug already used by "SQL"`)
	cur, err := f.st.SubtopicByID(f.ctx, sub.ID)
	f.must(err)
	eq(t, "refused edit kept description", cur.Description, "**Sockets**")
	eq(t, "refused edit kept version", cur.Version, edit.Version)
}

// testAdminSubtopicConcurrent has two editors start from the same version:
// exactly one write lands, the other is refused, and no field of the
// winner is lost.
func testAdminSubtopicConcurrent(f *fixture) {
	t := f.t
	base := *f.getSubtopic("go")
	a, b := base, base
	a.Description = "edited by a"
	b.DocsTitle = "edited by b"
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, s := range []*forum.Subtopic{&a, &b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f.st.UpdateSubtopic(f.ctx, s, f.entry("subtopic.edit"))
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, forum.ErrConflict):
			t.Fatalf("concurrent edit: %v", err)
		}
	}
	eq(t, "writes that landed", won, 1)
	cur := f.getSubtopic("go")
	eq(t, "version", cur.Version, base.Version+1)
	if (cur.Description == "edited by a") == (cur.DocsTitle == "edited by b") {
		t.Errorf("after concurrent edits description %q docs title %q: want exactly one editor's change", cur.Description, cur.DocsTitle)
	}
}

func testAdminDeleteSubtopic(f *fixture) {
	t := f.t
	th1, _ := f.thread(f.sub, f.alice, "First go question", f.tick(), f.tagGo)
	th2, p2 := f.thread(f.sub, f.bob, "Second go question", f.tick())
	f.must(f.st.DeletePost(f.ctx, p2, f.tick()))
	err := f.st.DeleteSubtopic(f.ctx, f.sub.ID, 0, f.entry("subtopic.delete"))
	wantField(f, "delete with threads", err, "move_to", "still has 1 threads")
	eq(t, "refused delete keeps the subtopic", f.getSubtopic("go").ThreadCount, 1)
	err = f.st.DeleteSubtopic(f.ctx, f.sub.ID, f.sub.ID, f.entry("subtopic.delete"))
	wantField(f, "move into itself", err, "move_to", "another")

	f.must(f.st.DeleteSubtopic(f.ctx, f.sub.ID, f.sub2.ID, f.entry("subtopic.delete")))
	_, err = f.st.SubtopicBySlug(f.ctx, "go")
	wantErr(t, "deleted subtopic", err, forum.ErrNotFound)
	eq(t, "threads moved with their count", f.getSubtopic("sql").ThreadCount, 1)
	eq(t, "moved thread", f.getThread(th1).Subtopic.Slug, "sql")
	_ = th2
	// An empty subtopic goes without a target.
	empty := f.subtopic(f.topic, "empty", "Empty")
	f.must(f.st.DeleteSubtopic(f.ctx, empty.ID, 0, f.entry("subtopic.delete")))
	wantErr(t, "delete unknown", f.st.DeleteSubtopic(f.ctx, empty.ID, 0, nil), forum.ErrNotFound)
	eq(t, "audit", strings.Join(f.taxonomyAuditActions(), " "), "subtopic.delete subtopic.delete")
}

func testAdminTags(f *fixture) {
	t := f.t
	tag := &forum.Tag{Name: "networking", Description: "Sockets and such", Synonyms: []string{"net", "sockets"}}
	f.must(f.st.AddTag(f.ctx, tag, f.entry("tag.create")))
	got := f.getTag("networking")
	eq(t, "synonyms", strings.Join(got.Synonyms, ","), "net,sockets")
	for _, name := range []string{"networking", "net", "sockets"} {
		r, err := f.st.ResolveTag(f.ctx, name)
		f.must(err)
		eq(t, "ResolveTag("+name+")", r.ID, tag.ID)
	}
	_, err := f.st.ResolveTag(f.ctx, "nothing")
	wantErr(t, "ResolveTag(unknown)", err, forum.ErrNotFound)
	wantField(f, "tag named like a synonym", f.st.AddTag(f.ctx, &forum.Tag{Name: "net"}, nil), "name", `synonym of the tag "networking"`)
	wantField(f, "synonym named like a tag", f.st.AddTag(f.ctx, &forum.Tag{Name: "x", Synonyms: []string{"indexes"}}, nil), "synonyms", "already a tag")
	wantField(f, "duplicate tag", f.st.AddTag(f.ctx, &forum.Tag{Name: "indexes"}, nil), "name", `already used by the tag "indexes"`)

	th, _ := f.thread(f.sub, f.alice, "Tagged thread", f.tick(), f.tagGo)
	edit := *f.getTag("goroutines")
	edit.Name, edit.Description, edit.Synonyms = "concurrency", "Goroutines and channels", []string{"goroutine"}
	f.must(f.st.UpdateTag(f.ctx, &edit, f.entry("tag.rename")))
	redirect, err := f.st.SlugRedirect(f.ctx, "tag", "goroutines")
	f.must(err)
	eq(t, "old tag name redirects", redirect, "concurrency")
	eq(t, "thread shows the new name", strings.Join(f.getThread(th).Tags, ","), "concurrency")
	eq(t, "count kept", f.getTag("concurrency").ThreadCount, 1)
	stale := edit
	stale.Version = 1
	wantErr(t, "stale tag edit", f.st.UpdateTag(f.ctx, &stale, nil), forum.ErrConflict)
	clash := edit
	clash.Name = "indexes"
	wantField(f, "rename onto another tag", f.st.UpdateTag(f.ctx, &clash, nil), "name", "already used")
}

func testAdminMergeTags(f *fixture) {
	t := f.t
	thBoth, _ := f.thread(f.sub, f.alice, "Both tags", f.tick(), f.tagGo, f.tagSQL)
	thGo, _ := f.thread(f.sub, f.bob, "Only go", f.tick(), f.tagGo)
	thGone, pGone := f.thread(f.sub, f.bob, "Deleted with go", f.tick(), f.tagGo)
	f.must(f.st.DeletePost(f.ctx, pGone, f.tick()))
	restricted := &forum.Subtopic{TopicID: f.topic.ID, Title: "Restricted", Slug: "restricted", Position: -1, AllowedTags: []string{"goroutines"}}
	f.must(f.st.AddSubtopic(f.ctx, restricted, nil))

	f.must(f.st.MergeTags(f.ctx, f.tagGo.ID, f.tagSQL.ID, f.entry("tag.merge")))
	_, err := f.st.TagByName(f.ctx, "goroutines")
	wantErr(t, "merged tag is gone", err, forum.ErrNotFound)
	into := f.getTag("indexes")
	eq(t, "merged count: two live threads, one carrying both", into.ThreadCount, 2)
	eq(t, "merged name becomes a synonym", strings.Join(into.Synonyms, ","), "goroutines")
	r, err := f.st.ResolveTag(f.ctx, "goroutines")
	f.must(err)
	eq(t, "typing the old name", r.Name, "indexes")
	redirect, err := f.st.SlugRedirect(f.ctx, "tag", "goroutines")
	f.must(err)
	eq(t, "old tag URL", redirect, "indexes")
	eq(t, "thread with both keeps one", strings.Join(f.getThread(thBoth).Tags, ","), "indexes")
	eq(t, "thread moved", strings.Join(f.getThread(thGo).Tags, ","), "indexes")
	eq(t, "allowed list follows", strings.Join(f.getSubtopic("restricted").AllowedTags, ","), "indexes")
	_ = thGone
	wantField(f, "merge into itself", f.st.MergeTags(f.ctx, into.ID, into.ID, nil), "into", "another")

	f.must(f.st.DeleteTag(f.ctx, into.ID, f.entry("tag.delete")))
	eq(t, "tags after delete", len(f.getThread(thBoth).Tags), 0)
	_, err = f.st.ResolveTag(f.ctx, "goroutines")
	wantErr(t, "synonym of a deleted tag", err, forum.ErrNotFound)
	_, err = f.st.SlugRedirect(f.ctx, "tag", "goroutines")
	wantErr(t, "redirect of a deleted tag", err, forum.ErrNotFound)
	wantErr(t, "delete again", f.st.DeleteTag(f.ctx, into.ID, nil), forum.ErrNotFound)
	eq(t, "audit", strings.Join(f.taxonomyAuditActions(), " "), "tag.merge tag.delete")
}

func (f *fixture) notice(kind, text string) *forum.ThreadNotice {
	return &forum.ThreadNotice{Kind: kind, ActorID: f.staff.ID, ActorName: f.staff.Username, Text: text, AfterPost: 1, CreatedAt: f.tick()}
}

func testThreadControlsFlags(f *fixture) {
	t := f.t
	thA, _ := f.thread(f.sub, f.alice, "Plain question about channels", f.tick())
	thB, _ := f.thread(f.sub, f.bob, "Announcement about channels", f.tick())
	thOther, _ := f.thread(f.sub2, f.bob, "Other subtopic", f.tick())

	f.must(f.st.SetPin(f.ctx, thB, forum.PinGlobal, f.notice("pin-global", "Pinned globally"), f.entry("thread.pin-global")))
	b := f.getThread(thB)
	eq(t, "pinned", b.Pinned, true)
	eq(t, "pinned globally", b.PinnedGlobal, true)
	global, err := f.st.GlobalPins(f.ctx)
	f.must(err)
	eqIDs(t, "global pins", threadIDs(global), []int64{thB})
	pinned, err := f.st.PinnedThreads(f.ctx, f.sub.ID)
	f.must(err)
	eqIDs(t, "a global pin is pinned in its subtopic too", threadIDs(pinned), []int64{thB})
	f.must(f.st.SetPin(f.ctx, thB, forum.PinSubtopic, nil, nil))
	global, err = f.st.GlobalPins(f.ctx)
	f.must(err)
	eq(t, "no global pins", len(global), 0)
	f.must(f.st.SetPin(f.ctx, thB, forum.PinNone, nil, nil))
	eq(t, "unpinned", f.getThread(thB).Pinned, false)

	f.must(f.st.SetLocked(f.ctx, thA, true, f.notice("lock", "Locked"), f.entry("thread.lock")))
	eq(t, "locked", f.getThread(thA).Locked, true)
	f.must(f.st.SetLocked(f.ctx, thA, false, nil, nil))
	eq(t, "unlocked", f.getThread(thA).Locked, false)

	f.must(f.st.SetUnlisted(f.ctx, thA, true, f.notice("unlist", "Unlisted"), f.entry("thread.unlist")))
	a := f.getThread(thA)
	eq(t, "unlisted, still readable by link", a.Unlisted, true)
	eqIDs(t, "unlisted thread left out of the latest list", threadIDs(f.list(forum.ListQuery{Sort: forum.SortNewest, Desc: true})), []int64{thOther, thB})
	eqIDs(t, "and of its subtopic", threadIDs(f.list(forum.ListQuery{Scope: forum.Scope{SubtopicID: f.sub.ID}, Sort: forum.SortNewest, Desc: true})), []int64{thB})
	eqIDs(t, "and of its author's", threadIDs(f.list(forum.ListQuery{Scope: forum.Scope{AuthorID: f.alice.ID}, Sort: forum.SortNewest, Desc: true})), nil)
	hits := f.searchPage("channels", 0, 10)
	for _, h := range hits {
		if h.Thread.ID == thA {
			t.Errorf("search found the unlisted thread")
		}
	}
	f.must(f.st.SetUnlisted(f.ctx, thA, false, f.notice("relist", "Listed again"), nil))
	hits = f.searchPage("channels", 0, 10)
	found := false
	for _, h := range hits {
		found = found || h.Thread.ID == thA
	}
	eq(t, "relisted thread found by search", found, true)

	notices, err := f.st.ThreadNotices(f.ctx, thA)
	f.must(err)
	var texts []string
	for _, n := range notices {
		texts = append(texts, n.Text+" by "+n.ActorName)
		eq(t, "notice thread", n.ThreadID, thA)
	}
	eq(t, "notices, oldest first", strings.Join(texts, "; "), "Locked by sam; Unlisted by sam; Listed again by sam")
	none, err := f.st.ThreadNotices(f.ctx, thOther)
	f.must(err)
	eq(t, "no notices", len(none), 0)

	wantErr(t, "pin unknown thread", f.st.SetPin(f.ctx, 9999, forum.PinSubtopic, f.notice("pin", "Pinned"), f.entry("thread.pin")), forum.ErrNotFound)
	eq(t, "audit (the refused pin wrote nothing)", strings.Join(f.taxonomyAuditActions(), " "), "thread.pin-global thread.lock thread.unlist")
}

func testThreadControlsMove(f *fixture) {
	t := f.t
	th, _ := f.thread(f.sub, f.alice, "Wrong place for indexes talk", f.tick(), f.tagGo)
	f.reply(th, f.bob, f.tick())
	f.must(f.st.MoveThread(f.ctx, th, f.sub2.ID, f.notice("move", "Moved from Go"), f.entry("thread.move")))
	got := f.getThread(th)
	eq(t, "moved", got.Subtopic.Slug, "sql")
	eq(t, "source count", f.getSubtopic("go").ThreadCount, 0)
	eq(t, "target count", f.getSubtopic("sql").ThreadCount, 1)
	wantField(f, "move to where it is", f.st.MoveThread(f.ctx, th, f.sub2.ID, nil, nil), "subtopic", "already")
	wantField(f, "move to nowhere", f.st.MoveThread(f.ctx, th, 9999, nil, nil), "subtopic", "does not exist")
	hits := f.searchPage("indexes subtopic:sql", 0, 10)
	eq(t, "search finds it in its new subtopic", len(hits) > 0 && hits[0].Thread.ID == th, true)

	f.must(f.st.SetThreadTags(f.ctx, th, []int64{f.tagSQL.ID, f.tagSQL.ID}, f.notice("tags", "Tags changed"), f.entry("thread.tags")))
	eq(t, "tags replaced", strings.Join(f.getThread(th).Tags, ","), "indexes")
	eq(t, "old tag count", f.getTag("goroutines").ThreadCount, 0)
	eq(t, "new tag count", f.getTag("indexes").ThreadCount, 1)
	hits = f.searchPage("indexes tag:indexes", 0, 10)
	eq(t, "search by its new tag", len(hits) > 0 && hits[0].Thread.ID == th, true)
	wantField(f, "unknown tag id", f.st.SetThreadTags(f.ctx, th, []int64{9999}, nil, nil), "tags", "does not exist")
	eq(t, "refused retag kept tags", strings.Join(f.getThread(th).Tags, ","), "indexes")
	f.must(f.st.SetThreadTags(f.ctx, th, nil, nil, nil))
	eq(t, "no tags", len(f.getThread(th).Tags), 0)
	eq(t, "audit", strings.Join(f.taxonomyAuditActions(), " "), "thread.move thread.tags")
}
