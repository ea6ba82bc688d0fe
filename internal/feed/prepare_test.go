package feed

import (
	"strings"
	"testing"
	"time"
)

func TestValidation(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Feed)
		wantErr string // empty for success
	}{
		{"valid", func(*Feed) {}, ""},
		{"no title", func(f *Feed) { f.Title = "" }, "no title"},
		{"blank title", func(f *Feed) { f.Title = " \t\n" }, "no title"},
		{"title of only illegal characters", func(f *Feed) { f.Title = "\x00\x01" }, "no title"},
		{"no link", func(f *Feed) { f.Link = "" }, "feed link is empty"},
		{"relative link", func(f *Feed) { f.Link = "/t/42" }, "not an absolute URL"},
		{"link without host", func(f *Feed) { f.Link = "https:///t/42" }, "not an absolute URL"},
		{"relative self link", func(f *Feed) { f.SelfLink = "feed.rss" }, "feed self link"},
		{"no self link is allowed", func(f *Feed) { f.SelfLink = "" }, ""},
		{"feed id falls back to link", func(f *Feed) { f.ID = "" }, ""},
		{"tag: feed id", func(f *Feed) { f.ID = "tag:forum.example.org,2026:t-42" }, ""},
		{"relative feed id", func(f *Feed) { f.ID = "t/42" }, "feed id"},
		{"relative item link", func(f *Feed) { f.Items[1].Link = "/p/2" }, "item 1: link"},
		{"item without link keeps its id", func(f *Feed) { f.Items[1].Link = "" }, ""},
		{"item id falls back to link", func(f *Feed) { f.Items[0].ID = "" }, ""},
		{"item with neither id nor link", func(f *Feed) { f.Items[2].ID, f.Items[2].Link = "", "" }, "item 2: id is empty"},
		{"urn item id", func(f *Feed) { f.Items[0].ID = "urn:uuid:8f0c3c1e-6b1a-4f57-9d7e-0b3f8e1d2a44" }, ""},
		{"item without times", func(f *Feed) { f.Items[1].Published, f.Items[1].Updated = time.Time{}, time.Time{} }, "item 1"},
		{"item with only updated", func(f *Feed) { f.Items[1].Published = time.Time{} }, ""},
		{"item with only published", func(f *Feed) { f.Items[1].Updated = time.Time{} }, ""},
		{"empty feed", func(f *Feed) { f.Items = nil }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := sampleFeed(3, 100)
			tc.edit(&f)
			for format, encode := range map[string]func(Feed) ([]byte, error){"rss": RSS, "atom": Atom} {
				doc, err := encode(f)
				switch {
				case tc.wantErr == "" && err != nil:
					t.Errorf("%s: unexpected error %v", format, err)
				case tc.wantErr != "" && err == nil:
					t.Errorf("%s: no error, want one containing %q", format, tc.wantErr)
				case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
					t.Errorf("%s: error %q, want one containing %q", format, err, tc.wantErr)
				case err == nil:
					if _, perr := parseTree(doc); perr != nil {
						t.Errorf("%s: %v", format, perr)
					}
				}
			}
		})
	}
}

func TestItemTimes(t *testing.T) {
	t0 := time.Date(2026, time.May, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name                       string
		published, updated         time.Time
		wantPublished, wantUpdated time.Time
	}{
		{"both set", t0, t0.Add(time.Hour), t0, t0.Add(time.Hour)},
		{"published only", t0, time.Time{}, t0, t0},
		{"updated only", time.Time{}, t0, t0, t0},
		{"updated before published is raised", t0, t0.Add(-time.Hour), t0, t0},
		{"zones become UTC", t0.In(time.FixedZone("x", 3600)), time.Time{}, t0, t0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := sampleFeed(1, 10)
			f.Updated = time.Time{}
			f.Items[0].Published, f.Items[0].Updated = tc.published, tc.updated
			d := normalize(f)
			e := d.entries[0]
			if !e.published.Equal(tc.wantPublished) || e.published.Location() != time.UTC {
				t.Errorf("published = %v, want %v UTC", e.published, tc.wantPublished)
			}
			if !e.updated.Equal(tc.wantUpdated) || e.updated.Location() != time.UTC {
				t.Errorf("updated = %v, want %v UTC", e.updated, tc.wantUpdated)
			}
			if !d.updated.Equal(tc.wantUpdated) {
				t.Errorf("feed updated = %v, want the item's %v", d.updated, tc.wantUpdated)
			}
		})
	}
}

func TestFeedUpdated(t *testing.T) {
	t0 := time.Date(2026, time.May, 1, 10, 0, 0, 0, time.UTC)
	item := func(p, u time.Time) Item {
		return Item{ID: "https://forum.example.org/p/1", Published: p, Updated: u}
	}
	tests := []struct {
		name    string
		updated time.Time
		items   []Item
		want    time.Time
	}{
		{"empty feed without a time is the epoch", time.Time{}, nil, time.Unix(0, 0)},
		{"empty feed keeps its time", t0, nil, t0},
		{"newest item wins over an older feed time", t0, []Item{item(t0.Add(time.Hour), time.Time{})}, t0.Add(time.Hour)},
		{"later feed time wins over items", t0.Add(2 * time.Hour), []Item{item(t0, t0.Add(time.Hour))}, t0.Add(2 * time.Hour)},
		{"item edits count", time.Time{}, []Item{item(t0, t0.Add(3*time.Hour)), item(t0.Add(time.Hour), time.Time{})}, t0.Add(3 * time.Hour)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Feed{Title: "x", Link: "https://forum.example.org/", Updated: tc.updated, Items: tc.items}
			if got := normalize(f).updated; !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Errorf("feed updated = %v, want %v UTC", got, tc.want)
			}
			a, err := Atom(f)
			if err != nil {
				t.Fatal(err)
			}
			want := "<updated>" + tc.want.UTC().Format(time.RFC3339) + "</updated>"
			if !strings.Contains(string(a), "\n  "+want) {
				t.Errorf("atom lacks feed-level %s", want)
			}
		})
	}
}

func TestGUIDPermaLink(t *testing.T) {
	tests := []struct {
		id   string
		want string
	}{
		{"https://forum.example.org/t/42/7", "true"},
		{"http://forum.example.org/p/7", "true"},
		{"tag:forum.example.org,2026:post-7", "false"},
		{"urn:uuid:8f0c3c1e-6b1a-4f57-9d7e-0b3f8e1d2a44", "false"},
		{"mailto:someone@example.org", "false"},
		{"ftp://files.example.org/p/7", "false"},
	}
	for _, tc := range tests {
		f := sampleFeed(1, 10)
		f.Items[0].ID = tc.id
		doc, err := RSS(f)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		root, err := parseTree(doc)
		if err != nil {
			t.Fatal(err)
		}
		g := root.one("", "channel").one("", "item").one("", "guid")
		if got, _ := g.attr("isPermaLink"); got != tc.want || g.text.String() != tc.id {
			t.Errorf("guid %q isPermaLink=%q, want %q", g.text.String(), got, tc.want)
		}
	}
}

// TestAtomFeedAuthor checks that entries without an author inherit one
// from the feed, as Atom requires, and that none is added otherwise.
func TestAtomFeedAuthor(t *testing.T) {
	for _, missing := range []bool{false, true} {
		f := sampleFeed(3, 10)
		if missing {
			f.Items[1].Author = ""
		}
		doc, err := Atom(f)
		if err != nil {
			t.Fatal(err)
		}
		root, err := parseTree(doc)
		if err != nil {
			t.Fatal(err)
		}
		authors := root.all(nsAtom, "author")
		switch {
		case !missing && len(authors) != 0:
			t.Error("feed author written although every entry has one")
		case missing && len(authors) != 1:
			t.Errorf("%d feed authors, want 1 when an entry has none", len(authors))
		case missing && authors[0].one(nsAtom, "name").text.String() != f.Title:
			t.Error("feed author is not named after the feed")
		}
		if missing && len(root.all(nsAtom, "entry")[1].all(nsAtom, "author")) != 0 {
			t.Error("entry without author got an empty author element")
		}
	}
}

func TestRSSDescriptionFallsBack(t *testing.T) {
	f := sampleFeed(1, 10)
	f.Description = ""
	f.Items[0].Summary = ""
	doc, err := RSS(f)
	if err != nil {
		t.Fatal(err)
	}
	root, err := parseTree(doc)
	if err != nil {
		t.Fatal(err)
	}
	ch := root.one("", "channel")
	requireText(t, ch, "", "description", f.Title)
	requireText(t, ch.one("", "item"), "", "description", f.Items[0].ContentHTML)
}

func TestDeterministic(t *testing.T) {
	f := hostileFeed()
	for format, encode := range map[string]func(Feed) ([]byte, error){"rss": RSS, "atom": Atom} {
		a, err := encode(f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := encode(f)
		if string(a) != string(b) {
			t.Errorf("%s: two encodings of one feed differ", format)
		}
	}
}
