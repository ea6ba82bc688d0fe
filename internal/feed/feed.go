package feed

import (
	"fmt"
	"time"
)

// Content types to send with the encoded documents.
const (
	RSSContentType  = "application/rss+xml; charset=utf-8"
	AtomContentType = "application/atom+xml; charset=utf-8"
)

// Feed is one feed document: a list page or a thread, with its items in the
// order they should appear.
type Feed struct {
	Title       string
	Description string
	// Link is the absolute URL of the HTML page the feed mirrors.
	Link string
	// SelfLink is the absolute URL the feed itself is served from.
	SelfLink string
	// ID is a stable, unique absolute URI for the feed; Link when empty.
	ID string
	// Updated is the last change to the feed; see the package comment for
	// how it combines with item times and what happens when it is zero.
	Updated time.Time
	Items   []Item
}

// Item is one entry of a feed.
type Item struct {
	// ID is a stable, unique absolute URI for the item, such as the post's
	// permalink; Link when empty.
	ID    string
	Title string
	// Link is the absolute URL of the item's HTML page.
	Link string
	// Author is a display name, not an e-mail address.
	Author    string
	Published time.Time
	Updated   time.Time
	// ContentHTML is already-sanitized HTML; the package only escapes it.
	ContentHTML string
	// Summary is plain text.
	Summary    string
	Categories []string
}

// RSS encodes f as an RSS 2.0 document.
func RSS(f Feed) ([]byte, error) {
	d, err := prepare(f)
	if err != nil {
		return nil, fmt.Errorf("encode rss: %w", err)
	}
	return writeRSS(d), nil
}

// Atom encodes f as an Atom 1.0 document.
func Atom(f Feed) ([]byte, error) {
	d, err := prepare(f)
	if err != nil {
		return nil, fmt.Errorf("encode atom: %w", err)
	}
	return writeAtom(d), nil
}
