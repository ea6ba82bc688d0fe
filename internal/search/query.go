package search

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Sort orders for search results.
const (
	SortRelevance = "relevance" // the default
	SortLatest    = "latest"    // newest first
	SortBoosts    = "boosts"    // most boosted first
)

// Limits on one query.
const (
	MaxQueryLen = 500 // characters (runes), not counting white space

	maxQueryBytes = 4096 // of the raw query, white space included
	MaxTerms      = 20   // words and phrases, excluded ones included
	MaxTags       = 10   // distinct tag: values
)

// dateLayout is the only date form the date filters take.
const dateLayout = "2006-01-02"

// Query is a parsed search. The zero value of each filter field means the
// filter is absent.
type Query struct {
	Terms []Term // in the order typed

	Tags        []string // tag:foo, lower-cased, distinct; all must match
	Subtopic    string   // subtopic:networking, lower-cased slug
	User        string   // user:alice, lower-cased, without "@"
	Solved      bool     // is:solved: the thread has an accepted or recommended answer
	Unanswered  bool     // is:unanswered: the thread has no replies
	Recommended bool     // is:recommended: the thread has a staff-recommended reply

	// MinBoosts is the fewest boosts a match may have: boosts:>N sets N+1,
	// boosts:>=N and boosts:N set N.
	MinBoosts    int
	HasMinBoosts bool

	// After and Before are midnights UTC. after:D keeps posts made at or
	// after the start of day D (inclusive); before:D keeps posts made
	// before the start of day D (exclusive). Zero means no bound.
	After, Before time.Time

	Sort string // SortRelevance, SortLatest or SortBoosts
}

// Included returns the terms that must match.
func (q Query) Included() []Term { return q.pick(false) }

// Excluded returns the terms that must not match.
func (q Query) Excluded() []Term { return q.pick(true) }

func (q Query) pick(exclude bool) []Term {
	var out []Term
	for _, t := range q.Terms {
		if t.Exclude == exclude {
			out = append(out, t)
		}
	}
	return out
}

// String returns the canonical form of the query: terms in order, then
// filters in a fixed order with canonical values, the default sort left
// out. It never has more characters other than white space than the text
// it was parsed from (so it stays within MaxQueryLen), and parsing it gives
// back an equal Query.
func (q Query) String() string {
	var parts []string
	for _, t := range q.Terms {
		s := t.Text
		if t.Phrase {
			s = `"` + s + `"`
		}
		if t.Exclude {
			s = "-" + s
		}
		parts = append(parts, s)
	}
	if len(q.Tags) > 0 {
		parts = append(parts, "tag:"+strings.Join(q.Tags, ","))
	}
	if q.Subtopic != "" {
		parts = append(parts, "subtopic:"+q.Subtopic)
	}
	if q.User != "" {
		parts = append(parts, "user:"+q.User)
	}
	for _, is := range []struct {
		on   bool
		name string
	}{{q.Solved, "solved"}, {q.Unanswered, "unanswered"}, {q.Recommended, "recommended"}} {
		if is.on {
			parts = append(parts, "is:"+is.name)
		}
	}
	if q.HasMinBoosts {
		parts = append(parts, "boosts:"+strconv.Itoa(q.MinBoosts))
	}
	if !q.After.IsZero() {
		parts = append(parts, "after:"+q.After.UTC().Format(dateLayout))
	}
	if !q.Before.IsZero() {
		parts = append(parts, "before:"+q.Before.UTC().Format(dateLayout))
	}
	if q.Sort != "" && q.Sort != SortRelevance {
		parts = append(parts, "sort:"+q.Sort)
	}
	return strings.Join(parts, " ")
}

// SyntaxError reports a query that cannot be parsed. Message is written for
// the person who typed the query; Pos is the byte offset in the query of
// the word (or character) at fault.
type SyntaxError struct {
	Message string
	Pos     int
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("search query: %s (at byte %d)", e.Message, e.Pos)
}

func syntaxErr(pos int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Message: fmt.Sprintf(format, args...), Pos: pos}
}
