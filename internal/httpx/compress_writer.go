package httpx

import (
	"net/http"
	"strconv"
	"strings"
)

type compressState uint8

const (
	stateUndecided   compressState = iota // buffering, status held back
	statePassthrough                      // writing through unchanged
	stateCompressing                      // writing through the compressor
)

// compressWriter holds back the status line and up to minCompressSize bytes
// until it can tell whether the response is worth compressing.
type compressWriter struct {
	pools  *compressPools
	w      http.ResponseWriter
	accept coding // what the client accepts; identity means none
	head   bool
	state  compressState
	status int // held-back status, 0 if none yet
	buf    []byte
	z      compressor
}

func (cw *compressWriter) reset(w http.ResponseWriter, accept coding, head bool) {
	cw.w, cw.accept, cw.head = w, accept, head
	cw.state, cw.status, cw.buf, cw.z = stateUndecided, 0, cw.buf[:0], nil
}

// release returns the compressor and the wrapper to their pools.
func (cw *compressWriter) release() {
	if cw.z != nil {
		cw.pools.putCompressor(cw.z)
	}
	cw.w, cw.z = nil, nil
	cw.pools.writers.Put(cw)
}

func (cw *compressWriter) Header() http.Header { return cw.w.Header() }

func (cw *compressWriter) WriteHeader(code int) {
	if cw.state != stateUndecided || cw.status != 0 {
		if cw.state == statePassthrough {
			cw.w.WriteHeader(code) // let net/http report the superfluous call
		}
		return
	}
	if code < 200 {
		cw.w.WriteHeader(code) // informational: the final status is still to come
		return
	}
	cw.status = code
	if !cw.headersAllow() {
		cw.passthrough(nil)
	}
}

func (cw *compressWriter) Write(p []byte) (int, error) {
	switch cw.state {
	case stateCompressing:
		return cw.z.Write(p)
	case statePassthrough:
		return cw.w.Write(p)
	}
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	if !cw.headersAllow() {
		cw.passthrough(p)
		return cw.w.Write(p)
	}
	if cw.accept == codingIdentity {
		// No buffering needed: only Vary has to be decided, on the type.
		cw.passthrough(p)
		return cw.w.Write(p)
	}
	if len(cw.buf)+len(p) < minCompressSize {
		cw.buf = append(cw.buf, p...)
		return len(p), nil
	}
	if err := cw.decide(p); err != nil {
		return 0, err
	}
	return cw.Write(p)
}

// headersAllow reports whether status, method and headers leave compression
// possible; the body may still rule it out.
func (cw *compressWriter) headersAllow() bool {
	switch cw.status {
	case http.StatusNoContent, http.StatusPartialContent, http.StatusNotModified:
		return false
	}
	if cw.head {
		return false
	}
	h := cw.w.Header()
	if ce := h.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		return false
	}
	if ct := h.Get("Content-Type"); ct != "" && !compressibleType(ct) {
		return false
	}
	for _, cc := range h.Values("Cache-Control") {
		if strings.Contains(strings.ToLower(cc), "no-transform") {
			return false
		}
	}
	if cl := h.Get("Content-Length"); cl != "" {
		if n, err := strconv.ParseInt(cl, 10, 64); err != nil || n < minCompressSize {
			return false
		}
	}
	return true
}

// contentType is the declared type, or the one net/http would sniff from
// the data seen so far.
func (cw *compressWriter) contentType(p []byte) string {
	if ct := cw.w.Header().Get("Content-Type"); ct != "" {
		return ct
	}
	if len(cw.buf) == 0 {
		return http.DetectContentType(p)
	}
	sniff := cw.buf
	if len(sniff) < 512 && len(p) > 0 {
		sniff = append(sniff[:len(sniff):len(sniff)], p[:min(len(p), 512-len(sniff))]...)
	}
	return http.DetectContentType(sniff)
}

// decide ends buffering once the body is known to be large enough (or is
// being flushed), choosing compression if the content type allows it.
func (cw *compressWriter) decide(p []byte) error {
	ct := cw.contentType(p)
	if !compressibleType(ct) {
		cw.passthrough(nil)
		_, err := cw.flushBuf()
		return err
	}
	h := cw.w.Header()
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", ct) // net/http does not sniff encoded bodies
	}
	h.Del("Content-Length")
	h.Del("Accept-Ranges") // byte ranges would address the identity form
	h.Set("Content-Encoding", cw.accept.String())
	addVary(h, "Accept-Encoding")
	if etag := h.Get("ETag"); strings.HasPrefix(etag, `"`) {
		// A strong validator names exact bytes; the compressed body differs.
		h.Set("ETag", "W/"+etag)
	}
	cw.w.WriteHeader(cw.status)
	cw.state = stateCompressing
	cw.z = cw.pools.getCompressor(cw.accept, cw.w)
	_, err := cw.flushBuf()
	return err
}

// passthrough stops buffering without compressing. p is data about to be
// written, used only to sniff the type when deciding on Vary.
func (cw *compressWriter) passthrough(p []byte) {
	if cw.headersAllow() && (cw.accept == codingIdentity || len(cw.buf)+len(p) >= minCompressSize) &&
		compressibleType(cw.contentType(p)) {
		addVary(cw.w.Header(), "Accept-Encoding")
	}
	cw.state = statePassthrough
	if cw.status != 0 {
		cw.w.WriteHeader(cw.status)
	}
	if len(cw.buf) > 0 {
		cw.flushBuf()
	}
}

// flushBuf writes held-back bytes to wherever the state now sends them.
func (cw *compressWriter) flushBuf() (int, error) {
	if len(cw.buf) == 0 {
		return 0, nil
	}
	b := cw.buf
	cw.buf = cw.buf[:0]
	if cw.state == stateCompressing {
		return cw.z.Write(b)
	}
	return cw.w.Write(b)
}

// finish completes the response after the handler returned normally.
func (cw *compressWriter) finish() error {
	switch cw.state {
	case stateUndecided:
		if cw.status == 0 && len(cw.buf) == 0 {
			return nil // nothing written: net/http sends its implicit 200
		}
		cw.state = statePassthrough
		if cw.status != 0 {
			cw.w.WriteHeader(cw.status)
		}
		_, err := cw.flushBuf()
		return err
	case stateCompressing:
		return cw.z.Close()
	}
	return nil
}

// Flush sends everything written so far to the client.
func (cw *compressWriter) Flush() { _ = cw.FlushError() }

// FlushError is Flush reporting failure, the form http.ResponseController
// prefers. A flush forces the compression decision: a handler that flushes
// is streaming, so an eligible type is compressed even if little has been
// written yet.
func (cw *compressWriter) FlushError() error {
	if cw.state == stateUndecided {
		if cw.status == 0 {
			cw.status = http.StatusOK
		}
		switch {
		case !cw.headersAllow() || cw.accept == codingIdentity:
			cw.passthrough(nil)
		case cw.w.Header().Get("Content-Type") == "" && len(cw.buf) == 0:
			cw.passthrough(nil) // nothing to sniff a type from
		default:
			if err := cw.decide(nil); err != nil {
				return err
			}
		}
	}
	if cw.state == stateCompressing {
		if err := cw.z.Flush(); err != nil {
			return err
		}
	}
	return http.NewResponseController(cw.w).Flush()
}

// Unwrap returns the wrapped writer for http.ResponseController.
func (cw *compressWriter) Unwrap() http.ResponseWriter { return cw.w }
