package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDocumentRejectsDrift proves the checks every test runs are strict:
// a body that gains, loses or changes a field breaks the document.
func TestDocumentRejectsDrift(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Drift detection thread")
	path := "/api/posts/" + itoa(w.PostID)
	res := h.must(http.StatusOK, req{method: "GET", path: path})
	sent := httptest.NewRequest("GET", path, nil)
	if err := h.check(sent, nil, res); err != nil {
		t.Fatalf("the real response fails: %v", err)
	}
	for _, c := range []struct {
		name   string
		mutate func(map[string]any)
	}{
		{"extra field", func(m map[string]any) { m["raw"] = "x" }},
		{"missing field", func(m map[string]any) { delete(m, "boosts") }},
		{"wrong type", func(m map[string]any) { m["number"] = "1" }},
		{"null where not nullable", func(m map[string]any) { m["created_at"] = nil }},
		{"local time", func(m map[string]any) { m["created_at"] = "2026-01-02T03:04:05.000+02:00" }},
		{"nested author field", func(m map[string]any) { m["author"].(map[string]any)["email"] = "a@b.c" }},
	} {
		var m map[string]any
		if err := json.Unmarshal(res.body, &m); err != nil {
			t.Fatal(err)
		}
		c.mutate(m)
		body, _ := json.Marshal(m)
		bad := &response{status: res.status, header: res.header, body: body}
		if err := h.check(sent, nil, bad); err == nil {
			t.Errorf("%s: the document accepted %s", c.name, body)
		}
	}
	undocumented := &response{status: 418, header: res.header, body: res.body}
	if err := h.check(sent, nil, undocumented); err == nil {
		t.Error("an undocumented status passed")
	}
}

// TestDocumentCoversRoutes checks that every operation in the document is
// served, so the document cannot describe a route that does not exist.
func TestDocumentCoversRoutes(t *testing.T) {
	h := newHarness(t)
	mux := http.NewServeMux()
	h.api.Routes(mux)
	mountTwins(mux, h.api)
	for path, item := range h.doc.Paths.Map() {
		concrete := strings.NewReplacer("{id}", "1", "{slug}", "s", "{name}", "n", "{username}", "u").Replace(path)
		for method := range item.Operations() {
			r := httptest.NewRequest(method, concrete, nil)
			if _, pattern := mux.Handler(r); pattern == "" || pattern == "/api/" {
				t.Errorf("%s %s is documented but not routed", method, path)
			}
		}
	}
}

func TestServedDocumentNamesServer(t *testing.T) {
	h := newHarness(t)
	res := h.must(http.StatusOK, req{method: "GET", path: "/api/openapi.json"})
	var doc struct {
		OpenAPI string `json:"openapi"`
		Servers []struct {
			URL string `json:"url"`
		} `json:"servers"`
		Paths map[string]any `json:"paths"`
	}
	res.decode(t, &doc)
	if doc.OpenAPI != "3.0.3" || len(doc.Servers) != 1 || doc.Servers[0].URL != testBase || len(doc.Paths) < 15 {
		t.Errorf("served document: openapi %q servers %+v paths %d", doc.OpenAPI, doc.Servers, len(doc.Paths))
	}
}
