package storetest

import (
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// testTopics checks display order (topics, then subtopics, in creation
// order), the thread counts and the latest activity each subtopic reports.
func testTopics(f *fixture) {
	t := f.t
	platforms := &forum.Topic{Title: "Platforms", Slug: "platforms"}
	f.must(f.st.CreateTopic(f.ctx, platforms))
	empty := &forum.Topic{Title: "Empty", Slug: "empty", Description: "Nothing yet"}
	f.must(f.st.CreateTopic(f.ctx, empty))
	linux := f.subtopic(platforms, "linux", "Linux")
	rust := f.subtopic(f.topic, "rust", "Rust") // created later, still listed under its topic
	alpha := f.tag("alpha")

	t1, t2, t3, t5 := f.tick(), f.tick(), f.tick(), f.clock.Add(time.Minute)
	th1, _ := f.thread(f.sub, f.alice, "First question", t1, f.tagGo, f.tagSQL)
	f.thread(f.sub, f.bob, "Second question", t2, f.tagGo)
	f.thread(linux, f.bob, "Kernel question", t3)
	f.reply(th1, f.carol, t5)

	topics, err := f.st.Topics(f.ctx)
	f.must(err)
	want := []struct {
		slug string
		subs []string
	}{{"languages", []string{"go", "sql", "rust"}}, {"platforms", []string{"linux"}}, {"empty", nil}}
	if len(topics) != len(want) {
		t.Fatalf("Topics returned %d topics, want %d: %+v", len(topics), len(want), topics)
	}
	for i, w := range want {
		tp := topics[i]
		eq(t, "topic slug", tp.Slug, w.slug)
		if len(tp.Subtopics) != len(w.subs) {
			t.Fatalf("topic %s has %d subtopics, want %d", tp.Slug, len(tp.Subtopics), len(w.subs))
		}
		for j, slug := range w.subs {
			s := tp.Subtopics[j]
			eq(t, "subtopic slug", s.Slug, slug)
			eq(t, "subtopic topic id", s.TopicID, tp.ID)
			eq(t, "subtopic topic title", s.TopicTitle, tp.Title)
			// SubtopicBySlug must describe the subtopic exactly as Topics does.
			eqDeep(t, "SubtopicBySlug("+slug+")", *f.getSubtopic(slug), s)
		}
	}
	eq(t, "empty topic description", topics[2].Description, "Nothing yet")
	goSub := topics[0].Subtopics[0]
	eq(t, "go subtopic id", goSub.ID, f.sub.ID)
	eq(t, "go title", goSub.Title, "Go")
	eq(t, "go description", goSub.Description, "Go questions")
	eq(t, "go docs", goSub.DocsTitle+" "+goSub.DocsURL, "Go docs https://docs.example/go")
	eq(t, "go thread count", goSub.ThreadCount, 2)
	eqTime(t, "go latest activity (the reply)", goSub.LastActivityAt, t5)
	eq(t, "sql thread count", topics[0].Subtopics[1].ThreadCount, 0)
	if !topics[0].Subtopics[1].LastActivityAt.IsZero() {
		t.Errorf("a subtopic without threads reports activity at %v", topics[0].Subtopics[1].LastActivityAt)
	}
	eq(t, "rust id", topics[0].Subtopics[2].ID, rust.ID)
	eq(t, "linux thread count", topics[1].Subtopics[0].ThreadCount, 1)
	eqTime(t, "linux latest activity", topics[1].Subtopics[0].LastActivityAt, t3)
	_, err = f.st.SubtopicBySlug(f.ctx, "nope")
	wantErr(t, "SubtopicBySlug(unknown)", err, forum.ErrNotFound)

	tags, err := f.st.Tags(f.ctx)
	f.must(err)
	wantTags := []forum.Tag{
		{ID: alpha.ID, Name: "alpha", Description: "About alpha", Version: 1, ThreadCount: 0},
		{ID: f.tagGo.ID, Name: "goroutines", Description: "About goroutines", Version: 1, ThreadCount: 2},
		{ID: f.tagSQL.ID, Name: "indexes", Description: "About indexes", Version: 1, ThreadCount: 1},
	}
	if len(tags) != len(wantTags) {
		t.Fatalf("Tags = %+v, want %+v", tags, wantTags)
	}
	for i := range wantTags {
		eqDeep(t, "Tags()[i]", tags[i], wantTags[i])
		eqDeep(t, "TagByName", *f.getTag(wantTags[i].Name), wantTags[i])
	}
	_, err = f.st.TagByName(f.ctx, "missing")
	wantErr(t, "TagByName(unknown)", err, forum.ErrNotFound)
}

// testTaxonomyConflicts checks that slugs and tag names are unique and that
// a refused insert leaves nothing behind.
func testTaxonomyConflicts(f *fixture) {
	t := f.t
	other := &forum.Topic{Title: "Other", Slug: "other"}
	f.must(f.st.CreateTopic(f.ctx, other))
	wantErr(t, "duplicate topic slug", f.st.CreateTopic(f.ctx, &forum.Topic{Title: "Again", Slug: "languages"}), forum.ErrConflict)
	wantErr(t, "duplicate subtopic slug in another topic",
		f.st.CreateSubtopic(f.ctx, &forum.Subtopic{TopicID: other.ID, Title: "Go again", Slug: "go"}), forum.ErrConflict)
	wantErr(t, "duplicate tag", f.st.CreateTag(f.ctx, &forum.Tag{Name: "indexes"}), forum.ErrConflict)

	topics, err := f.st.Topics(f.ctx)
	f.must(err)
	if len(topics) != 2 || len(topics[0].Subtopics) != 2 || len(topics[1].Subtopics) != 0 {
		t.Errorf("refused inserts changed the topics: %+v", topics)
	}
	tags, err := f.st.Tags(f.ctx)
	f.must(err)
	eq(t, "tag count", len(tags), 2)
}
