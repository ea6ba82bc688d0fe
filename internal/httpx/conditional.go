package httpx

import (
	"net/http"
	"strings"
	"time"
)

// CheckNotModified sets the validators for the current representation and
// answers 304 Not Modified if the request's conditions show the client
// already has it. It returns true when it wrote the 304, and the handler
// must then write nothing more.
//
// etag may be given with or without quotes and with or without a W/ prefix;
// "" means no entity tag. lastModified is sent in whole seconds; the zero
// time means unknown. Only GET and HEAD are answered with 304: for other
// methods these headers are preconditions with other outcomes (412), which
// are not this helper's business.
//
// As RFC 9110 section 13.2.2 orders it, If-None-Match is evaluated with weak
// comparison and, when present, If-Modified-Since is ignored.
func CheckNotModified(w http.ResponseWriter, r *http.Request, etag string, lastModified time.Time) bool {
	h := w.Header()
	etag = normalizeETag(etag)
	if etag != "" {
		h.Set("ETag", etag)
	}
	if !lastModified.IsZero() {
		h.Set("Last-Modified", lastModified.UTC().Format(http.TimeFormat))
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 {
		if !noneMatchHit(inm, etag) {
			return false
		}
	} else if !notModifiedSince(r.Header.Get("If-Modified-Since"), lastModified) {
		return false
	}
	// A 304 carries validators and caching headers, not body metadata.
	for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding"} {
		h.Del(k)
	}
	if etag != "" {
		h.Del("Last-Modified")
	}
	w.WriteHeader(http.StatusNotModified)
	return true
}

func normalizeETag(etag string) string {
	if etag == "" || strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, `W/"`) {
		return etag
	}
	return `"` + etag + `"`
}

// noneMatchHit reports whether any listed tag weakly matches etag. "*"
// matches any current representation, and this helper is only called for
// resources that exist. Tags are scanned rather than split on commas because
// a quoted tag may itself contain one.
func noneMatchHit(lines []string, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, s := range lines {
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			if s[0] == '*' {
				return true
			}
			s = strings.TrimPrefix(s, "W/")
			if s == "" || s[0] != '"' {
				break // malformed: ignore the rest of this line
			}
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				break
			}
			tag := s[:end+2]
			if want != "" && tag == want {
				return true
			}
			s = s[end+2:]
		}
	}
	return false
}

// notModifiedSince compares at one-second resolution, the precision of
// HTTP dates; an unparsable date is ignored, as the RFC requires.
func notModifiedSince(ims string, lastModified time.Time) bool {
	if ims == "" || lastModified.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	if err != nil {
		return false
	}
	return !lastModified.Truncate(time.Second).After(t)
}
