package markup

import (
	"cmp"
	"slices"
	"strings"
)

// Redaction kinds, the keys of Redactions.
const (
	KindEmail  = "email"
	KindIPv4   = "ipv4"
	KindIPv6   = "ipv6"
	KindMAC    = "mac"
	KindBearer = "bearer"
	KindAPIKey = "api_key"
)

// Redactions counts the replacements Redact made, by kind.
type Redactions map[string]int

// Total is the number of replacements of every kind.
func (r Redactions) Total() int {
	n := 0
	for _, c := range r {
		n += c
	}
	return n
}

// placeholder is the literal text that replaces a match of kind. Each is
// written like an HTML tag so that it reads as an obvious stand-in; the
// renderer displays such tags literally. None contains a character that any
// detector could match, which keeps redaction idempotent.
func placeholder(kind string) string {
	switch kind {
	case KindEmail:
		return "<email-redacted>"
	case KindIPv4:
		return "<IPv4-redacted>"
	case KindIPv6:
		return "<IPv6-redacted>"
	case KindMAC:
		return "<MAC-redacted>"
	case KindBearer:
		return "<token-redacted>"
	default:
		return "<api-key-redacted>"
	}
}

// maxRedactPasses bounds the re-scans of redacted text. A replacement can
// expose a neighbour that was only rejected because it touched the replaced
// text (an address glued to an e-mail, say); scanning again until nothing
// changes makes Redact idempotent. Two passes settle every input seen so far.
const maxRedactPasses = 4

// Redact replaces private data in a pasted log or post: e-mail addresses,
// IPv4 and IPv6 addresses, MAC addresses, bearer tokens and API keys or
// secrets. It returns the redacted text and the number of replacements of
// each kind. Version numbers, timestamps, hex pointers, UUIDs, hashes and
// code identifiers are left alone.
func Redact(src string) (string, Redactions) {
	out, counts, _ := redact(src)
	return out, counts
}

// redact is Redact that also reports the matched texts, for tests.
func redact(src string) (string, Redactions, []string) {
	counts := Redactions{}
	var found []string
	for range maxRedactPasses {
		spans := findSpans(src)
		if len(spans) == 0 {
			break
		}
		var b strings.Builder
		b.Grow(len(src))
		last := 0
		for _, s := range spans {
			b.WriteString(src[last:s.start])
			b.WriteString(placeholder(s.kind))
			found = append(found, src[s.start:s.end])
			counts[s.kind]++
			last = s.end
		}
		b.WriteString(src[last:])
		src = b.String()
	}
	return src, counts, found
}

// span is one detected piece of private data: src[start:end] of a kind.
type span struct {
	start, end int
	kind       string
}

// findSpans runs every detector and keeps a non-overlapping selection,
// preferring the span that starts first and then the longest one.
func findSpans(src string) []span {
	// Priority order: when two detectors find the very same span, the
	// earlier one names its kind.
	detectors := [...]func(src, lower string) []span{
		findPrivateKeyBlocks,
		findKnownKeys,
		findBearerTokens,
		findSecretAssignments,
		findEmails,
		findIPv6,
		findMACs,
		findIPv4,
	}
	lower := asciiLower(src)
	var all []span
	for _, d := range detectors {
		all = append(all, d(src, lower)...)
	}
	if len(all) == 0 {
		return nil
	}
	slices.SortStableFunc(all, func(a, b span) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(b.end, a.end)
	})
	kept := all[:0]
	end := -1
	for _, s := range all {
		if s.start >= end {
			kept = append(kept, s)
			end = s.end
		}
	}
	return kept
}
