package feed

import (
	"html"
	"strings"
	"testing"
	"time"
)

// hostileFeed puts every hostile string into every text field, one item per
// string, with the feed title and description taken from the first.
func hostileFeed() Feed {
	hs := hostileStrings()
	f := sampleFeed(len(hs), 200)
	f.Title, f.Description = hs[0], hs[1]
	for i, h := range hs {
		it := &f.Items[i]
		it.Title, it.Author, it.Summary = h, h, h
		it.ContentHTML = "<p>" + h + "</p>"
		it.Categories = []string{h, "plain"}
	}
	// Query strings put markup characters into attribute values.
	f.SelfLink = `https://forum.example.org/feed.rss?q="a"&b=<c>&d='e'`
	f.Items[0].Link = `https://forum.example.org/p?x=1&y="2"`
	f.Items[0].ID = f.Items[0].Link
	return f
}

// wantText is what a strict XML parser must read back for an input string.
func wantText(s string) string { return clean(s) }

func TestRSSStructureAndExactValues(t *testing.T) {
	f := hostileFeed()
	doc, err := RSS(f)
	if err != nil {
		t.Fatal(err)
	}
	root, err := parseTree(doc)
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	if root.name.Local != "rss" || root.name.Space != "" {
		t.Fatalf("root element %v, want rss", root.name)
	}
	if v, _ := root.attr("version"); v != "2.0" {
		t.Errorf("rss version %q, want 2.0", v)
	}
	ch := root.one("", "channel")
	if ch == nil {
		t.Fatal("no single channel element")
	}
	requireText(t, ch, "", "title", wantText(f.Title))
	requireText(t, ch, "", "link", f.Link)
	requireText(t, ch, "", "description", wantText(f.Description))
	requireDate(t, ch, "", "lastBuildDate", time.RFC1123Z, f.Items[len(f.Items)-1].Updated)
	self := ch.withAttr(nsAtom, "link", "rel", "self")
	if len(self) != 1 {
		t.Fatalf("channel has %d atom:link rel=self, want 1", len(self))
	}
	if href, _ := self[0].attr("href"); href != f.SelfLink {
		t.Errorf("self href %q, want %q", href, f.SelfLink)
	}

	items := ch.all("", "item")
	if len(items) != len(f.Items) {
		t.Fatalf("%d items, want %d", len(items), len(f.Items))
	}
	for i, n := range items {
		in := f.Items[i]
		requireText(t, n, "", "title", wantText(in.Title))
		requireText(t, n, "", "link", in.Link)
		g := requireText(t, n, "", "guid", in.ID)
		if p, _ := g.attr("isPermaLink"); p != "true" {
			t.Errorf("item %d isPermaLink %q, want true for %q", i, p, in.ID)
		}
		requireText(t, n, nsDC, "creator", wantText(in.Author))
		requireDate(t, n, "", "pubDate", time.RFC1123Z, in.Published)
		requireText(t, n, "", "description", html.EscapeString(wantText(in.Summary)))
		requireText(t, n, nsContent, "encoded", wantText(in.ContentHTML))
		if len(n.all("", "author")) != 0 {
			t.Errorf("item %d has <author>, which RSS reserves for e-mail addresses", i)
		}
		cats := n.all("", "category")
		if len(cats) != 2 || cats[0].text.String() != wantText(in.Categories[0]) || cats[1].text.String() != "plain" {
			t.Errorf("item %d categories wrong", i)
		}
	}
}

func TestAtomStructureAndExactValues(t *testing.T) {
	f := hostileFeed()
	doc, err := Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	root, err := parseTree(doc)
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	if root.name.Local != "feed" || root.name.Space != nsAtom {
		t.Fatalf("root element %v, want atom feed", root.name)
	}
	requireText(t, root, nsAtom, "id", f.ID)
	requireText(t, root, nsAtom, "title", wantText(f.Title))
	requireText(t, root, nsAtom, "subtitle", wantText(f.Description))
	requireDate(t, root, nsAtom, "updated", time.RFC3339, f.Items[len(f.Items)-1].Updated)
	requireLink(t, root, "alternate", f.Link)
	requireLink(t, root, "self", f.SelfLink)
	if len(root.all(nsAtom, "author")) != 0 {
		t.Error("feed has an author although every entry has one")
	}

	entries := root.all(nsAtom, "entry")
	if len(entries) != len(f.Items) {
		t.Fatalf("%d entries, want %d", len(entries), len(f.Items))
	}
	for i, n := range entries {
		in := f.Items[i]
		requireText(t, n, nsAtom, "id", in.ID)
		requireText(t, n, nsAtom, "title", wantText(in.Title))
		requireLink(t, n, "alternate", in.Link)
		requireDate(t, n, nsAtom, "published", time.RFC3339, in.Published)
		requireDate(t, n, nsAtom, "updated", time.RFC3339, in.Updated)
		if a := n.one(nsAtom, "author"); a == nil {
			t.Errorf("entry %d has no single author", i)
		} else {
			requireText(t, a, nsAtom, "name", wantText(in.Author))
		}
		requireText(t, n, nsAtom, "summary", wantText(in.Summary))
		c := requireText(t, n, nsAtom, "content", wantText(in.ContentHTML))
		if typ, _ := c.attr("type"); typ != "html" {
			t.Errorf("entry %d content type %q, want html", i, typ)
		}
		cats := n.all(nsAtom, "category")
		if len(cats) != 2 {
			t.Fatalf("entry %d has %d categories, want 2", i, len(cats))
		}
		if term, _ := cats[0].attr("term"); term != wantText(in.Categories[0]) {
			t.Errorf("entry %d category term %q, want %q", i, term, wantText(in.Categories[0]))
		}
	}
}

// TestHostileTextIsCleaned pins the cleaning itself, so the exact-value tests
// above cannot pass by comparing two equally broken strings.
func TestHostileTextIsCleaned(t *testing.T) {
	doc, err := Atom(hostileFeed())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"\x00", "\x01", "\x1f", "\uFFFE", "\uFFFF", "\xff", "]]>", "<script>", "<![CDATA["} {
		if strings.Contains(string(doc), bad) {
			t.Errorf("document contains %q", bad)
		}
	}
	for _, kept := range []string{"\x7f", "\u202E", "👩\u200D💻", "e\u0301", "𝔘", "\uFEFF", "\u0085", "&#xD;", "\uFFFD"} {
		if !strings.Contains(string(doc), kept) {
			t.Errorf("document lost %q", kept)
		}
	}
}

func requireText(t *testing.T, parent *node, space, local, want string) *node {
	t.Helper()
	n := parent.one(space, local)
	if n == nil {
		t.Errorf("<%s> missing or repeated under <%s>", local, parent.name.Local)
		return &node{}
	}
	if got := n.text.String(); got != want {
		t.Errorf("<%s> = %q, want %q", local, got, want)
	}
	return n
}

func requireDate(t *testing.T, parent *node, space, local, layout string, want time.Time) {
	t.Helper()
	requireText(t, parent, space, local, want.UTC().Truncate(time.Second).Format(layout))
}

func requireLink(t *testing.T, parent *node, rel, href string) {
	t.Helper()
	links := parent.withAttr(nsAtom, "link", "rel", rel)
	if len(links) != 1 {
		t.Errorf("%d links rel=%s under <%s>, want 1", len(links), rel, parent.name.Local)
		return
	}
	if got, _ := links[0].attr("href"); got != href {
		t.Errorf("link rel=%s href %q, want %q", rel, got, href)
	}
}
