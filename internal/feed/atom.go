package feed

import "time"

const atomRoot = `<feed xmlns="http://www.w3.org/2005/Atom">`

// writeAtom renders d as Atom 1.0.
func writeAtom(d document) []byte {
	w := newXMLWriter(sizeHint(d))
	w.b = append(w.b, atomRoot...)
	w.b = append(w.b, '\n')
	w.text(1, "id", "", d.id)
	w.text(1, "title", ` type="text"`, d.title)
	if d.description != "" {
		w.text(1, "subtitle", ` type="text"`, d.description)
	}
	w.date(1, "updated", time.RFC3339, d.updated)
	w.empty(1, "link", ` rel="alternate" type="text/html"`, "href", d.link)
	if d.self != "" {
		w.empty(1, "link", ` rel="self" type="application/atom+xml"`, "href", d.self)
	}
	if d.needsAuthor {
		// Entries without an author inherit this one; Atom requires
		// every entry to have an author one way or the other.
		writeAtomAuthor(w, 1, d.title)
	}
	for _, e := range d.entries {
		writeAtomEntry(w, e)
	}
	w.close(0, "feed")
	return w.b
}

func writeAtomEntry(w *xmlWriter, e entry) {
	w.open(1, "entry", "")
	w.text(2, "id", "", e.id)
	w.text(2, "title", ` type="text"`, e.title)
	if e.link != "" {
		w.empty(2, "link", ` rel="alternate" type="text/html"`, "href", e.link)
	}
	w.date(2, "published", time.RFC3339, e.published)
	w.date(2, "updated", time.RFC3339, e.updated)
	if e.author != "" {
		writeAtomAuthor(w, 2, e.author)
	}
	for _, c := range e.categories {
		w.empty(2, "category", "", "term", c)
	}
	if e.summary != "" {
		w.text(2, "summary", ` type="text"`, e.summary)
	}
	if e.contentHTML != "" {
		w.text(2, "content", ` type="html"`, e.contentHTML)
	}
	w.close(1, "entry")
}

func writeAtomAuthor(w *xmlWriter, depth int, name string) {
	w.open(depth, "author", "")
	w.text(depth+1, "name", "", name)
	w.close(depth, "author")
}
