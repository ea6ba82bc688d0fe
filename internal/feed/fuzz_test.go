package feed

import (
	"testing"
	"time"
)

// FuzzEncode feeds arbitrary text into every free-text field and checks
// that both formats stay well-formed and that a strict parser reads back
// exactly the cleaned text.
func FuzzEncode(f *testing.F) {
	for _, h := range hostileStrings() {
		f.Add(h, h, "<p>"+h+"</p>", h, h)
	}
	f.Add("", "", "", "", "")
	f.Add(" lead and trail ", "\r", "\r\n\r\n", "\t", "\n")
	f.Add("\xed\xa0\x80", "\U0010FFFF", "\uFDD0", "\x7f", "]]]]>>")
	f.Fuzz(func(t *testing.T, title, author, content, summary, category string) {
		in := Feed{
			Title:    "T" + title, // keep the feed title non-blank
			Link:     "https://forum.example.org/t/1",
			SelfLink: "https://forum.example.org/t/1.rss",
			Items: []Item{{
				ID:          "https://forum.example.org/t/1/2",
				Title:       title,
				Link:        "https://forum.example.org/t/1/2",
				Author:      author,
				Published:   time.Date(2026, time.January, 2, 3, 4, 5, 0, time.UTC),
				ContentHTML: content,
				Summary:     summary,
				Categories:  []string{category},
			}},
		}
		_ = ETag(in)

		rss, err := RSS(in)
		if err != nil {
			t.Fatal(err)
		}
		root, err := parseTree(rss)
		if err != nil {
			t.Fatalf("rss: %v\n%q", err, rss)
		}
		item := root.one("", "channel").one("", "item")
		checkFuzzText(t, "rss title", item.one("", "title"), title)
		checkFuzzText(t, "rss creator", item.one(nsDC, "creator"), author)
		checkFuzzText(t, "rss content", item.one(nsContent, "encoded"), content)
		checkFuzzText(t, "rss category", item.one("", "category"), category)

		atom, err := Atom(in)
		if err != nil {
			t.Fatal(err)
		}
		root, err = parseTree(atom)
		if err != nil {
			t.Fatalf("atom: %v\n%q", err, atom)
		}
		entry := root.one(nsAtom, "entry")
		checkFuzzText(t, "atom title", entry.one(nsAtom, "title"), title)
		checkFuzzText(t, "atom summary", entry.one(nsAtom, "summary"), summary)
		checkFuzzText(t, "atom content", entry.one(nsAtom, "content"), content)
		if c := clean(category); c != "" {
			cat := entry.one(nsAtom, "category")
			if term, _ := cat.attr("term"); term != c {
				t.Errorf("atom category term %q, want %q", term, c)
			}
		}
	})
}

// checkFuzzText compares an element's text with the cleaned input; an
// element may be absent only when the cleaned input is empty.
func checkFuzzText(t *testing.T, what string, n *node, in string) {
	t.Helper()
	want := clean(in)
	if n == nil {
		if want != "" {
			t.Errorf("%s missing for %q", what, in)
		}
		return
	}
	if got := n.text.String(); got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}
