package web

import (
	"encoding/xml"
	"net/http"
)

// openSearchDescription is the OpenSearch 1.1 document that lets browsers
// add the forum as a search engine.
type openSearchDescription struct {
	XMLName       xml.Name        `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
	ShortName     string          `xml:"ShortName"`
	Description   string          `xml:"Description"`
	InputEncoding string          `xml:"InputEncoding"`
	Image         openSearchImage `xml:"Image"`
	URLs          []openSearchURL `xml:"Url"`
}

type openSearchImage struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type openSearchURL struct {
	Type     string `xml:"type,attr"`
	Rel      string `xml:"rel,attr,omitempty"`
	Method   string `xml:"method,attr,omitempty"`
	Template string `xml:"template,attr"`
}

// openSearch serves /opensearch.xml, which every page links to.
func (w *Web) openSearch(rw http.ResponseWriter, r *http.Request) {
	name := w.Service.Site().Name
	short := []rune(name)
	if len(short) > 16 { // OpenSearch's limit for ShortName
		short = short[:16]
	}
	doc := openSearchDescription{
		ShortName:     string(short),
		Description:   "Search " + name,
		InputEncoding: "UTF-8",
		Image:         openSearchImage{Type: "image/svg+xml", Value: w.BaseURL + w.static.url("favicon.svg")},
		URLs: []openSearchURL{
			{Type: "text/html", Method: "get", Template: w.BaseURL + "/search?q={searchTerms}"},
			{Type: "application/rss+xml", Template: w.BaseURL + "/search.rss?q={searchTerms}"},
			{Type: "application/opensearchdescription+xml", Rel: "self", Template: w.BaseURL + "/opensearch.xml"},
		},
	}
	body, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/opensearchdescription+xml; charset=utf-8")
	rw.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = rw.Write([]byte(xml.Header))
	_, _ = rw.Write(body)
	_, _ = rw.Write([]byte("\n"))
}
