// Package markup turns the Markdown source of a post into safe HTML, derives
// plain text and excerpts from it for search and previews, and redacts
// private data (addresses, tokens, keys) from pasted logs.
//
// Posts on parley are written by developers who paste crash reports, logs and
// code, so the rendering rules lean towards showing what was typed: raw HTML
// in a post is displayed as literal text rather than interpreted or dropped,
// code is highlighted with CSS classes only (see HighlightCSS), and every
// rendered document passes through a strict allowlist sanitizer as a final
// line of defence.
//
// Rendering has a budget that holds for any source (budget.go): bounded
// HTML per source byte, capped tables (tables.go) and link reuse
// (links.go), parse-cost guards (guard.go), a deadline and shape rules for
// highlighting (highlight.go, highlight_shape.go), and cancellation through
// RenderContext. docs/ARCHITECTURE.md ("Render budget") lists the limits.
//
// Redact works on the Markdown source and is independent of rendering; its
// placeholders look like tags ("<email-redacted>") and therefore render as
// literal text. PlainText and Excerpt return plain text, not HTML: callers
// escape it like any other user text.
//
// markup is a leaf package: it imports only the standard library and the
// third-party Markdown (goldmark), highlighting (chroma) and sanitizing
// (bluemonday) libraries, never another parley package.
package markup
