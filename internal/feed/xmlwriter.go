package feed

import (
	"strings"
	"time"
)

// xmlWriter appends an indented XML document to a byte slice. Element
// names and the attribute lists passed as raw strings are constants of this
// package; every caller-supplied value goes through escape.
type xmlWriter struct {
	b []byte
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

func newXMLWriter(sizeHint int) *xmlWriter {
	w := &xmlWriter{b: make([]byte, 0, sizeHint)}
	w.b = append(w.b, xmlHeader...)
	return w
}

func (w *xmlWriter) indent(depth int) {
	for range depth {
		w.b = append(w.b, "  "...)
	}
}

// open writes <name attrs> on its own line; attrs is raw and may be empty.
func (w *xmlWriter) open(depth int, name, attrs string) {
	w.indent(depth)
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, attrs...)
	w.b = append(w.b, ">\n"...)
}

func (w *xmlWriter) close(depth int, name string) {
	w.indent(depth)
	w.b = append(w.b, "</"...)
	w.b = append(w.b, name...)
	w.b = append(w.b, ">\n"...)
}

// text writes <name attrs>value</name> with value escaped.
func (w *xmlWriter) text(depth int, name, attrs, value string) {
	w.indent(depth)
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, attrs...)
	w.b = append(w.b, '>')
	w.b = escape(w.b, value, false)
	w.b = append(w.b, "</"...)
	w.b = append(w.b, name...)
	w.b = append(w.b, ">\n"...)
}

// date writes <name>t</name> in the given layout, in UTC.
func (w *xmlWriter) date(depth int, name, layout string, t time.Time) {
	w.indent(depth)
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
	w.b = t.UTC().AppendFormat(w.b, layout)
	w.b = append(w.b, "</"...)
	w.b = append(w.b, name...)
	w.b = append(w.b, ">\n"...)
}

// empty writes <name raw key="value"/>: raw holds constant attributes and
// key names a single attribute whose value is escaped.
func (w *xmlWriter) empty(depth int, name, raw, key, value string) {
	w.indent(depth)
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, raw...)
	w.b = append(w.b, ' ')
	w.b = append(w.b, key...)
	w.b = append(w.b, `="`...)
	w.b = escape(w.b, value, true)
	w.b = append(w.b, "\"/>\n"...)
}

// escape appends s with markup characters replaced by entities. Values were
// cleaned of illegal characters already. Carriage returns are escaped in
// text so parsers keep them; in attributes, tabs and newlines are escaped too
// because attribute-value normalization would turn them into spaces.
func escape(b []byte, s string, attr bool) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '\r':
			rep = "&#xD;"
		case '"':
			if !attr {
				continue
			}
			rep = "&quot;"
		case '\n':
			if !attr {
				continue
			}
			rep = "&#xA;"
		case '\t':
			if !attr {
				continue
			}
			rep = "&#x9;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, rep...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// sizeHint estimates the encoded size of d so the writer rarely regrows;
// content dominates, so its escaped length is counted rather than guessed.
func sizeHint(d document) int {
	n := 1024 + len(d.title) + len(d.description)
	for _, e := range d.entries {
		body := escapedLen(e.contentHTML)
		n += 512 + 2*len(e.title) + 2*len(e.summary) + body + len(e.id) + len(e.link)
		if e.summary == "" {
			n += body
		}
		for _, c := range e.categories {
			n += 32 + len(c)
		}
	}
	return n
}

// escapedLen returns len(escape(nil, s, false)).
func escapedLen(s string) int {
	return len(s) +
		len("amp;")*strings.Count(s, "&") +
		len("lt;")*strings.Count(s, "<") +
		len("gt;")*strings.Count(s, ">") +
		len("#xD;")*strings.Count(s, "\r")
}
