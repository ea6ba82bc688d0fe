package feed

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// document is a Feed after cleaning, fallbacks and time resolution: exactly
// what the writers emit and what ETag fingerprints.
type document struct {
	title, description string
	link, self, id     string
	updated            time.Time
	// needsAuthor is set when some entry has no author, so an Atom feed
	// must name one for the entries to inherit.
	needsAuthor bool
	entries     []entry
}

type entry struct {
	id, title, link, author string
	permalink               bool
	published, updated      time.Time
	contentHTML, summary    string
	categories              []string
}

// normalize applies the package's cleaning and fallback rules to f without
// judging the result; validate does that.
func normalize(f Feed) document {
	d := document{
		title:       clean(f.Title),
		description: clean(f.Description),
		link:        clean(f.Link),
		self:        clean(f.SelfLink),
		id:          clean(cmpOr(f.ID, f.Link)),
		entries:     make([]entry, len(f.Items)),
	}
	latest := f.Updated
	for i, it := range f.Items {
		e := entry{
			id:          clean(cmpOr(it.ID, it.Link)),
			title:       clean(it.Title),
			link:        clean(it.Link),
			author:      clean(it.Author),
			contentHTML: clean(it.ContentHTML),
			summary:     clean(it.Summary),
			published:   it.Published,
			updated:     it.Updated,
		}
		if e.published.IsZero() {
			e.published = e.updated
		}
		if e.updated.Before(e.published) {
			e.updated = e.published
		}
		e.published, e.updated = e.published.UTC(), e.updated.UTC()
		e.permalink = isWebURL(e.id)
		for _, c := range it.Categories {
			if c = clean(c); c != "" {
				e.categories = append(e.categories, c)
			}
		}
		if e.author == "" {
			d.needsAuthor = true
		}
		if e.updated.After(latest) {
			latest = e.updated
		}
		d.entries[i] = e
	}
	if latest.IsZero() {
		// A feed with no time at all gets a fixed one rather than the
		// current time, so its bytes and ETag stay stable.
		latest = time.Unix(0, 0)
	}
	d.updated = latest.UTC()
	return d
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// prepare normalizes f and checks that the result can be written as a
// valid document.
func prepare(f Feed) (document, error) {
	d := normalize(f)
	return d, validate(d)
}

func validate(d document) error {
	if strings.TrimSpace(d.title) == "" {
		return errors.New("feed has no title")
	}
	if err := checkURL("feed link", d.link, true); err != nil {
		return err
	}
	if err := checkURL("feed self link", d.self, false); err != nil {
		return err
	}
	if err := checkURI("feed id", d.id); err != nil {
		return err
	}
	for i, e := range d.entries {
		if err := checkURL("link", e.link, false); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		if err := checkURI("id", e.id); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		if e.updated.IsZero() {
			return fmt.Errorf("item %d (%s): neither published nor updated time", i, e.id)
		}
	}
	return nil
}

// checkURL requires s to be an absolute URL with a host; an empty s passes
// unless required.
func checkURL(what, s string, required bool) error {
	if s == "" {
		if required {
			return fmt.Errorf("%s is empty", what)
		}
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !u.IsAbs() || u.Host == "" {
		return fmt.Errorf("%s %q is not an absolute URL", what, s)
	}
	return nil
}

// checkURI requires a non-empty absolute URI, which Atom demands of ids;
// tag: and urn: forms pass.
func checkURI(what, s string) error {
	if s == "" {
		return fmt.Errorf("%s is empty", what)
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !u.IsAbs() {
		return fmt.Errorf("%s %q is not an absolute URI", what, s)
	}
	return nil
}

// isWebURL reports whether an id can be dereferenced by a reader, which is
// what RSS means by isPermaLink="true".
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https"
}
