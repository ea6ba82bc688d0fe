package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/parley-forum/parley/internal/markup"
)

//go:embed static
var staticFS embed.FS

// staticFiles serves embedded assets at content-hashed names
// (style.3f2a9c1e.css) with immutable caching; the hash changes whenever
// the bytes do, so browsers never see a stale file.
type staticFiles struct {
	byName   map[string]string // style.css -> style.3f2a9c1e.css
	byHashed map[string]asset
}

type asset struct {
	body        []byte
	contentType string
}

func loadStatic(r *markup.Renderer) (*staticFiles, error) {
	s := &staticFiles{byName: map[string]string{}, byHashed: map[string]asset{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("read static assets: %w", err)
	}
	for _, e := range entries {
		body, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("read static %s: %w", e.Name(), err)
		}
		s.add(e.Name(), body)
	}
	s.add("highlight.css", []byte(markup.HighlightCSS()))
	return s, nil
}

func (s *staticFiles) add(name string, body []byte) {
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
	ct := mime.TypeByExtension(ext)
	if ct == "" {
		ct = http.DetectContentType(body)
	}
	s.byName[name] = hashed
	s.byHashed[hashed] = asset{body: body, contentType: ct}
}

// url returns the hashed URL of an asset; templates call it as {{static "style.css"}}.
func (s *staticFiles) url(name string) string {
	if h, ok := s.byName[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

func (w *Web) staticFile(rw http.ResponseWriter, r *http.Request) {
	a, ok := w.static.byHashed[r.PathValue("file")]
	if !ok {
		http.NotFound(rw, r)
		return
	}
	rw.Header().Set("Content-Type", a.contentType)
	rw.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(rw, r, "", w.started, bytes.NewReader(a.body))
}

func (w *Web) favicon(rw http.ResponseWriter, r *http.Request) {
	http.Redirect(rw, r, w.static.url("favicon.svg"), http.StatusMovedPermanently)
}

func (w *Web) robots(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	rw.Header().Set("Cache-Control", "public, max-age=3600")
	fmt.Fprintf(rw, "User-agent: *\nDisallow: /signin\nDisallow: /signup\nDisallow: /new\nDisallow: /account\nDisallow: /api/\nSitemap: %s/sitemap.xml\n", w.BaseURL)
}
