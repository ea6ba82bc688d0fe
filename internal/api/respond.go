package api

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// send writes v as the JSON response. Encoding happens before the status
// line so a value that cannot be encoded still yields a clean 500. Rendered
// post HTML is left unescaped: the response is never sniffed as HTML
// (nosniff, application/json), and clients read "<p>" more easily than
// "\u003cp\u003e".
func (a *API) send(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	body := buf.Bytes()
	if err != nil {
		a.log.Error("api encode response", "method", r.Method, "path", r.URL.Path, "err", err)
		status = http.StatusInternalServerError
		body = []byte(`{"error":{"code":"internal","message":"something went wrong on our side","fields":{}}}` + "\n")
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	// Also for HEAD: net/http sends no body then, and a recorder in front
	// of this handler (the page cache) must see the whole response.
	_, _ = w.Write(body)
}

// ok sends a successful response; it never fails, and returns nil so
// handlers can end with `return a.ok(...)`.
func (a *API) ok(w http.ResponseWriter, r *http.Request, status int, v any) error {
	a.send(w, r, status, v)
	return nil
}
