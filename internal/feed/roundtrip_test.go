package feed

import (
	"bytes"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// The round-trip tests read documents back with gofeed, a widely used
// reader-side parser, and compare what a reader would show. gofeed trims
// surrounding whitespace from text, so expectations are trimmed too; exact
// bytes are covered by the structure tests.

func readerText(s string) string { return strings.TrimSpace(clean(s)) }

func parseWithGofeed(t *testing.T, doc []byte, wantType string) *gofeed.Feed {
	t.Helper()
	got, err := gofeed.NewParser().Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, doc)
	}
	if got.FeedType != wantType {
		t.Fatalf("detected feed type %q, want %q", got.FeedType, wantType)
	}
	return got
}

func roundTripFeeds() map[string]Feed {
	return map[string]Feed{
		"plain":   sampleFeed(5, 2000),
		"hostile": hostileFeed(),
	}
}

func TestRSSRoundTrip(t *testing.T) {
	for name, f := range roundTripFeeds() {
		t.Run(name, func(t *testing.T) {
			doc, err := RSS(f)
			if err != nil {
				t.Fatal(err)
			}
			got := parseWithGofeed(t, doc, "rss")
			eq(t, "feed title", got.Title, readerText(f.Title))
			eq(t, "feed description", got.Description, readerText(f.Description))
			eq(t, "feed link", got.Link, f.Link)
			eq(t, "feed self link", got.FeedLink, f.SelfLink)
			eqTime(t, "feed updated", got.UpdatedParsed, f.Items[len(f.Items)-1].Updated)
			if len(got.Items) != len(f.Items) {
				t.Fatalf("%d items, want %d", len(got.Items), len(f.Items))
			}
			for i, g := range got.Items {
				in := f.Items[i]
				eq(t, "title", g.Title, readerText(in.Title))
				eq(t, "link", g.Link, in.Link)
				eq(t, "guid", g.GUID, in.ID)
				eqTime(t, "published", g.PublishedParsed, in.Published)
				eq(t, "content", g.Content, readerText(in.ContentHTML))
				// description is HTML; a reader shows its text.
				eq(t, "summary", html.UnescapeString(g.Description), readerText(in.Summary))
				if g.DublinCoreExt == nil || len(g.DublinCoreExt.Creator) != 1 {
					t.Errorf("item %d: no single dc:creator", i)
				} else {
					eq(t, "creator", g.DublinCoreExt.Creator[0], readerText(in.Author))
				}
				if len(g.Categories) != len(in.Categories) || g.Categories[0] != readerText(in.Categories[0]) {
					t.Errorf("item %d categories %q, want %q", i, g.Categories, in.Categories)
				}
			}
			// Plain display names survive reader heuristics that look for
			// e-mail addresses in author fields.
			if name == "plain" {
				for i, g := range got.Items {
					if len(g.Authors) != 1 || g.Authors[0].Name != f.Items[i].Author {
						t.Errorf("item %d authors %+v, want %q", i, g.Authors, f.Items[i].Author)
					}
				}
			}
		})
	}
}

func TestAtomRoundTrip(t *testing.T) {
	for name, f := range roundTripFeeds() {
		t.Run(name, func(t *testing.T) {
			doc, err := Atom(f)
			if err != nil {
				t.Fatal(err)
			}
			got := parseWithGofeed(t, doc, "atom")
			eq(t, "feed title", got.Title, readerText(f.Title))
			eq(t, "feed subtitle", got.Description, readerText(f.Description))
			eq(t, "feed link", got.Link, f.Link)
			eq(t, "feed self link", got.FeedLink, f.SelfLink)
			eqTime(t, "feed updated", got.UpdatedParsed, f.Items[len(f.Items)-1].Updated)
			if len(got.Items) != len(f.Items) {
				t.Fatalf("%d entries, want %d", len(got.Items), len(f.Items))
			}
			for i, g := range got.Items {
				in := f.Items[i]
				eq(t, "title", g.Title, readerText(in.Title))
				eq(t, "link", g.Link, in.Link)
				eq(t, "id", g.GUID, in.ID)
				eqTime(t, "published", g.PublishedParsed, in.Published)
				eqTime(t, "updated", g.UpdatedParsed, in.Updated)
				eq(t, "content", g.Content, readerText(in.ContentHTML))
				eq(t, "summary", g.Description, readerText(in.Summary))
				if len(g.Authors) != 1 {
					t.Errorf("entry %d has %d authors, want 1", i, len(g.Authors))
				} else {
					eq(t, "author", g.Authors[0].Name, readerText(in.Author))
				}
				if len(g.Categories) != len(in.Categories) || g.Categories[0] != readerText(in.Categories[0]) {
					t.Errorf("entry %d categories %q, want %q", i, g.Categories, in.Categories)
				}
			}
		})
	}
}

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func eqTime(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if got == nil {
		t.Errorf("%s missing", what)
		return
	}
	if want = want.Truncate(time.Second); !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
