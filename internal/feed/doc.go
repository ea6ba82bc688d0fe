// Package feed writes RSS 2.0 and Atom 1.0 documents from plain data.
//
// The caller describes a feed and its items with Feed and Item; the package
// knows nothing about forums, threads or posts. RSS and Atom render the same
// Feed, and ETag fingerprints it for conditional GET.
//
// # Why a dedicated writer
//
// The package writes XML by hand instead of wrapping github.com/gorilla/feeds,
// because that library's output misses details that mainstream readers and
// validators rely on: its RSS has no atom:link rel="self", puts display names
// into <author> (which RSS reserves for e-mail addresses) instead of
// dc:creator, formats dates in whatever zone the times carry, and invents
// Atom ids (random ones in some cases) when none is given; and encoding/xml,
// which it builds on, turns characters that XML 1.0 forbids into U+FFFD
// rather than dropping them. A small appending writer makes every element
// and escape explicit and avoids reflection on the hot path.
//
// # Output rules
//
//   - Text is UTF-8. Characters that XML 1.0 forbids (most C0 controls,
//     U+FFFE, U+FFFF) are removed; invalid UTF-8 becomes U+FFFD. Markup
//     characters are escaped as entities, never wrapped in CDATA, so "]]>"
//     and nested CDATA markers need no special handling. Carriage returns are
//     written as &#xD; so parsers do not fold them into newlines.
//   - Dates are UTC: RFC 1123 with a numeric zone in RSS ("Mon, 02 Jan 2006
//     15:04:05 +0000"), RFC 3339 in Atom, both to the second.
//   - Item.ContentHTML goes to content:encoded (RSS) and <content
//     type="html"> (Atom). RSS <description> is read as HTML by every
//     reader, so it carries the HTML-escaped Summary, or the content itself
//     when Summary is empty. Atom carries Summary as <summary type="text">.
//   - Item.Author goes to dc:creator (RSS) and author/name (Atom). Atom
//     requires an author for every entry, so when any entry has none the
//     feed gets an author named after the feed title, which Atom entries
//     inherit.
//   - The RSS guid has isPermaLink="true" only when the ID is an absolute
//     http or https URL; tag: and urn: ids are marked false.
//   - Feed.SelfLink, when set, becomes atom:link rel="self" in both formats.
//
// # Times
//
// An item's updated time is the later of Published and Updated; its
// published time is Published, or Updated when Published is zero. An item
// with neither is rejected. The feed's updated time (RSS lastBuildDate, Atom
// feed/updated) is the latest of Feed.Updated and every item's times, so it
// never trails its newest item; when all of these are zero, as for an empty
// feed built without a time, it is the Unix epoch. It is never the current
// time, so encoding the same Feed twice yields identical bytes.
//
// # Validation
//
// RSS and Atom return an error when the feed has no title, when Link,
// SelfLink or an item's Link is set but not an absolute URL, or when a feed
// or item id (after falling back to Link) is not an absolute URI.
//
// The package imports only the standard library. Its tests also use
// github.com/mmcdole/gofeed to read documents back the way feed readers do.
package feed
