package feed

import (
	"html"
	"time"
)

const rssRoot = `<rss version="2.0"` +
	` xmlns:atom="http://www.w3.org/2005/Atom"` +
	` xmlns:content="http://purl.org/rss/1.0/modules/content/"` +
	` xmlns:dc="http://purl.org/dc/elements/1.1/">`

// writeRSS renders d as RSS 2.0 with the Atom, content and Dublin Core
// namespaces that readers use for the self link, full HTML and author names.
func writeRSS(d document) []byte {
	w := newXMLWriter(sizeHint(d))
	w.b = append(w.b, rssRoot...)
	w.b = append(w.b, '\n')
	w.open(1, "channel", "")
	w.text(2, "title", "", d.title)
	w.text(2, "link", "", d.link)
	// description is required; a feed without one repeats its title.
	w.text(2, "description", "", cmpOr(d.description, d.title))
	if d.self != "" {
		w.empty(2, "atom:link", ` rel="self" type="application/rss+xml"`, "href", d.self)
	}
	w.date(2, "lastBuildDate", time.RFC1123Z, d.updated)
	for _, e := range d.entries {
		writeRSSItem(w, e)
	}
	w.close(1, "channel")
	w.close(0, "rss")
	return w.b
}

func writeRSSItem(w *xmlWriter, e entry) {
	w.open(2, "item", "")
	w.text(3, "title", "", e.title)
	if e.link != "" {
		w.text(3, "link", "", e.link)
	}
	if e.permalink {
		w.text(3, "guid", ` isPermaLink="true"`, e.id)
	} else {
		w.text(3, "guid", ` isPermaLink="false"`, e.id)
	}
	if e.author != "" {
		w.text(3, "dc:creator", "", e.author)
	}
	w.date(3, "pubDate", time.RFC1123Z, e.published)
	for _, c := range e.categories {
		w.text(3, "category", "", c)
	}
	// Readers render description as HTML, so plain-text summaries are
	// escaped once for HTML here and once more for XML by the writer.
	switch {
	case e.summary != "":
		w.text(3, "description", "", html.EscapeString(e.summary))
	case e.contentHTML != "":
		w.text(3, "description", "", e.contentHTML)
	}
	if e.contentHTML != "" {
		w.text(3, "content:encoded", "", e.contentHTML)
	}
	w.close(2, "item")
}
