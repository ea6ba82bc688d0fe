package httpx

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"

	"github.com/andybalholm/brotli"
)

// Compressible reports whether Compress would compress a body of this type
// and size for some client, so the response varies by Accept-Encoding even
// for a client that accepted none (or sent HEAD).
func Compressible(contentType string, size int) bool {
	return size >= minCompressSize && compressibleType(contentType)
}

// PreferredCoding is the content coding Compress would apply to a body of
// this type and size for this request: "br", "gzip", or "" for none.
// Handlers that serve the same bytes many times (the page cache) use it
// with EncodeBody to compress once instead of on every response.
func PreferredCoding(r *http.Request, contentType string, size int) string {
	if size < minCompressSize || !compressibleType(contentType) {
		return ""
	}
	if c := negotiateCoding(r.Header); c != codingIdentity {
		return c.String()
	}
	return ""
}

// EncodeBody compresses body with coding ("br" or "gzip") at the settings
// Compress uses.
func EncodeBody(coding string, body []byte) ([]byte, error) {
	var buf bytes.Buffer
	var z compressor
	switch coding {
	case "br":
		z = brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotliQuality, LGWin: brotliLGWin})
	case "gzip":
		zw, err := gzip.NewWriterLevel(&buf, gzipLevel)
		if err != nil {
			return nil, err
		}
		z = zw
	default:
		return nil, fmt.Errorf("encode body: unknown coding %q", coding)
	}
	if _, err := z.Write(body); err != nil {
		return nil, fmt.Errorf("encode body as %s: %w", coding, err)
	}
	if err := z.Close(); err != nil {
		return nil, fmt.Errorf("encode body as %s: %w", coding, err)
	}
	return buf.Bytes(), nil
}

// VaryAcceptEncoding says a response depends on Accept-Encoding; a 304
// for a representation that PreferredCoding chose needs it too.
func VaryAcceptEncoding(h http.Header) { addVary(h, "Accept-Encoding") }

// MarkEncoded sets the headers of a response whose body is already
// encoded with coding: Content-Encoding, Vary, and a weak ETag (a strong
// one names the identity bytes).
func MarkEncoded(h http.Header, coding string) {
	h.Set("Content-Encoding", coding)
	h.Del("Content-Length")
	h.Del("Accept-Ranges")
	addVary(h, "Accept-Encoding")
	if etag := h.Get("ETag"); len(etag) > 0 && etag[0] == '"' {
		h.Set("ETag", "W/"+etag)
	}
}
