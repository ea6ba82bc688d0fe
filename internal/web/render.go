package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/reltime"
)

//go:embed templates/*.html
var templateFiles embed.FS

// page is what every template receives.
type page struct {
	Title       string
	Description string
	Canonical   string
	Alternates  []alternate
	Me          *forum.User
	CSRF        string
	Status      int
	NoIndex     bool
	Data        any
	// Here is this page as a same-site path, the next= of the header's
	// sign-in and sign-up links; Ask is where "Ask a question" leads (the
	// composer, with the page's subtopic or tag chosen).
	Here string
	Ask  string
	Site *forum.Site // the site settings in force
}

type alternate struct {
	Type, Title, Href string
}

// parseTemplates builds one template set per page: the page's file plus
// the shared layout and partials.
func parseTemplates(funcs template.FuncMap) (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var shared, pages []string
	for _, n := range names {
		if strings.HasPrefix(n, "templates/_") {
			shared = append(shared, n)
		} else {
			pages = append(pages, n)
		}
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		t, err := template.New("").Funcs(funcs).ParseFS(templateFiles, append([]string{p}, shared...)...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", p, err)
		}
		out[strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")] = t
	}
	return out, nil
}

func (w *Web) funcs() template.FuncMap {
	return template.FuncMap{
		"ago":       func(t time.Time) string { return reltime.Compact(t, w.Now()) },
		"exact":     reltime.Exact,
		"rfc3339":   reltime.RFC3339,
		"static":    w.static.url,
		"count":     compactCount,
		"trusted":   func(s string) template.HTML { return template.HTML(s) }, // post HTML is sanitized when stored
		"threadURL": threadPath,
		// markdown renders a short Markdown text a staff member wrote
		// (a topic's or subtopic's description) with the forum's
		// sanitizing renderer, as the page is rendered.
		"markdown": w.renderMarkdown,
		// postURL is where a post is read (its page, its anchor);
		// permalink its permanent absolute address.
		"postURL":    w.Service.PostPath,
		"permalink":  func(id int64) string { return w.BaseURL + forum.PermalinkPath(id) },
		"browser":    describeUserAgent,
		"onceToken":  newFormKey,
		"onceField":  func() string { return onceField },
		"add":        func(a, b int) int { return a + b },
		"stateLabel": stateLabel,
		"seq": func(n int) []int {
			s := make([]int, n)
			for i := range s {
				s[i] = i + 1
			}
			return s
		},
		"base": func() string { return w.BaseURL },
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
		"legalPages": func() any { return forum.LegalPages },
		"canAdmin":   func(u *forum.User) bool { return forum.Can(u, forum.ActAdminArea, 0, 0, false) },
		"initial": func(s string) string {
			if w.overlay.isMark(s, slotName) {
				// The stand-in reader of a shared rendering: the
				// overlay writes each reader's own initial.
				return w.overlay.mark(slotInitial)
			}
			return initialOf(s)
		},
	}
}

func threadPath(t *forum.Thread) string { return forum.ThreadPath(t.Slug, t.ID) }

// compactCount renders counts the way forum lists do: 956, 4.7k, 12k, 1.2M.
func compactCount(n any) string {
	var v int64
	switch x := n.(type) {
	case int:
		v = int64(x)
	case int64:
		v = x
	}
	switch {
	case v < 1000:
		return strconv.FormatInt(v, 10)
	case v < 10000:
		return strings.TrimSuffix(strconv.FormatFloat(float64(v/100)/10, 'f', 1, 64), ".0") + "k"
	case v < 1000000:
		return strconv.FormatInt(v/1000, 10) + "k"
	}
	return strings.TrimSuffix(strconv.FormatFloat(float64(v/100000)/10, 'f', 1, 64), ".0") + "M"
}

// render writes a page with its status; a template error becomes a plain
// 500 so a broken page never sends half its HTML.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, name string, p *page) {
	id := identity.From(r.Context())
	p.Me = id.User
	p.Site = w.Service.Site()
	if sh := sharedFrom(r.Context()); sh != nil {
		sh.rendered = true
	}
	// Signed-out pages carry no token (only the sign-in and sign-up forms
	// need one), which keeps them identical for every visitor and cacheable.
	if p.Me != nil || name == "signin" || name == "signup" || name == "setup" || accountRecoveryPages[name] {
		p.CSRF = id.CSRFToken()
	}
	if p.Status == 0 {
		p.Status = http.StatusOK
	}
	if p.Here == "" && r.Method == http.MethodGet && name != "signin" && name != "signup" {
		if here, ok := localTarget(r.URL.RequestURI()); ok && here != "/" {
			p.Here = here
		}
	}
	if p.Ask == "" {
		p.Ask = "/new"
	}
	t, ok := w.tmpl[name]
	if !ok {
		w.Logger.Error("unknown template", "name", name)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name+".html", p); err != nil {
		w.Logger.Error("render page", "template", name, "err", err)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	switch {
	case p.Me == nil && (name == "signin" || name == "signup" || name == "setup" || accountRecoveryPages[name]):
		// The sign-in and sign-up forms carry a token bound to this
		// visitor's cookie: no cache may keep or share them.
		h.Set("Cache-Control", "private, no-store")
	case p.Me != nil || r.Method != http.MethodGet:
		h.Set("Cache-Control", "private, no-cache")
	case h.Get("Cache-Control") == "":
		h.Set("Cache-Control", "public, max-age=0, must-revalidate")
	}
	rw.WriteHeader(p.Status)
	_, _ = rw.Write(buf.Bytes())
}

func itoa(n int) string     { return strconv.Itoa(n) }
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// initialOf is the upper-case first letter of a name, for avatars.
func initialOf(s string) string {
	for _, r := range s {
		return strings.ToUpper(string(r))
	}
	return ""
}

// renderMarkdown is the sanitized HTML of a short Markdown text. A text
// the renderer refuses (over its size bound) shows as escaped text.
func (w *Web) renderMarkdown(src string) template.HTML {
	if src == "" {
		return ""
	}
	out, err := w.Service.Renderer().Render(src)
	if err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(out) // sanitized by the renderer
}
