package api

import (
	_ "embed"
	"encoding/json"
	"net/http"
)

// openAPIDoc is the hand-maintained description of every route and twin.
// The tests validate each response they receive against it, so it cannot
// drift from the code unnoticed.
//
//go:embed openapi.json
var openAPIDoc []byte

// openAPIFor returns the document with this server's base URL as its only
// server, so tools that try requests send them to the right place. The
// embedded bytes are returned unchanged if they cannot be parsed, which
// the tests rule out.
func openAPIFor(baseURL string) []byte {
	if baseURL == "" {
		return openAPIDoc
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		return openAPIDoc
	}
	servers, _ := json.Marshal([]map[string]string{{"url": baseURL}})
	doc["servers"] = servers
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return openAPIDoc
	}
	return out
}

// openAPI handles GET /api/openapi.json.
func (a *API) openAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(a.doc)
}
