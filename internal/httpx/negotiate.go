package httpx

import (
	"net/http"
	"strconv"
	"strings"
)

// coding is a content-coding this package can produce.
type coding uint8

const (
	codingIdentity coding = iota
	codingGzip
	codingBrotli
)

func (c coding) String() string {
	switch c {
	case codingGzip:
		return "gzip"
	case codingBrotli:
		return "br"
	}
	return "identity"
}

// negotiateCoding picks a content-coding from Accept-Encoding: the supported
// coding with the highest q-value, brotli winning ties because it compresses
// text better at similar cost. A coding not named takes "*"'s q-value, a
// q-value of 0 (or an unparsable one) rules a coding out, and no header at
// all means identity: that is what clients that send none expect, although
// the RFC would permit anything.
func negotiateCoding(h http.Header) coding {
	qBr, qGzip, qStar := -1.0, -1.0, -1.0
	for _, line := range h.Values("Accept-Encoding") {
		for elem := range strings.SplitSeq(line, ",") {
			name, params, _ := strings.Cut(elem, ";")
			q, ok := parseQ(params)
			if !ok {
				q = 0
			}
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "br":
				qBr = q
			case "gzip", "x-gzip":
				qGzip = max(qGzip, q)
			case "*":
				qStar = q
			}
		}
	}
	if qBr < 0 {
		qBr = max(qStar, 0)
	}
	if qGzip < 0 {
		qGzip = max(qStar, 0)
	}
	switch {
	case qBr > 0 && qBr >= qGzip:
		return codingBrotli
	case qGzip > 0:
		return codingGzip
	}
	return codingIdentity
}

// parseQ reads the q parameter from ";q=0.5"-style parameters, defaulting
// to 1. ok is false for a malformed or out-of-range value.
func parseQ(params string) (float64, bool) {
	for p := range strings.SplitSeq(params, ";") {
		k, v, found := strings.Cut(strings.TrimSpace(p), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || q < 0 || q > 1 {
			return 0, false
		}
		return q, true
	}
	return 1, true
}

// compressibleType reports whether a Content-Type is text worth compressing.
// Event streams are excluded by omission: each event must reach the client
// when flushed, and per-event compression gains nothing.
func compressibleType(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	switch mt {
	case "text/html", "text/css", "text/javascript", "text/xml",
		"application/json", "application/javascript", "application/xml",
		"image/svg+xml":
		return true
	}
	return strings.HasPrefix(mt, "application/") &&
		(strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml"))
}

// addVary adds value to the Vary header unless already listed.
func addVary(h http.Header, value string) {
	for _, line := range h.Values("Vary") {
		for v := range strings.SplitSeq(line, ",") {
			v = strings.TrimSpace(v)
			if v == "*" || strings.EqualFold(v, value) {
				return
			}
		}
	}
	h.Add("Vary", value)
}
