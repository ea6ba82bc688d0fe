package search

import "strings"

// FTS5 returns the term as an SQLite FTS5 match expression, ignoring
// Exclude: each of its Phrases is a quoted phrase, joined by OR, for example
// ("flow filter provider" OR "flowfilterprovider"). Tokens hold only
// letters and digits, so quoting them needs no escapes.
func (t Term) FTS5() string {
	alts := t.Phrases()
	if len(alts) == 0 {
		return ""
	}
	out := make([]string, len(alts))
	for i, a := range alts {
		out[i] = `"` + strings.Join(a, " ") + `"`
	}
	if len(out) == 1 {
		return out[0]
	}
	return "(" + strings.Join(out, " OR ") + ")"
}

// TSQuery returns the term as PostgreSQL tsquery text for
// to_tsquery('simple', ...), ignoring Exclude: each alternative's tokens
// joined by <->, alternatives by |, for example
// ('flow' <-> 'filter' <-> 'provider' | 'flowfilterprovider'), over its Phrases.
func (t Term) TSQuery() string {
	alts := t.Phrases()
	if len(alts) == 0 {
		return ""
	}
	out := make([]string, len(alts))
	for i, a := range alts {
		q := make([]string, len(a))
		for j, tok := range a {
			q[j] = "'" + tok + "'"
		}
		out[i] = strings.Join(q, " <-> ")
	}
	if len(out) == 1 && len(alts[0]) == 1 {
		return out[0]
	}
	return "(" + strings.Join(out, " | ") + ")"
}

// MatchFTS5 returns the query's terms as two FTS5 match expressions: the
// included terms joined by AND, and the excluded terms joined by OR; either
// is "" when the query has no such terms. A row matches when it matches
// include (if any) and does not match exclude (if any), e.g.
//
//	WHERE posts_fts MATCH :include
//	  AND rowid NOT IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH :exclude)
func (q Query) MatchFTS5() (include, exclude string) {
	return joinTerms(q.Included(), Term.FTS5, " AND "), joinTerms(q.Excluded(), Term.FTS5, " OR ")
}

// MatchTSQuery is MatchFTS5 for PostgreSQL: tsquery text for
// to_tsquery('simple', ...), included terms joined by &, excluded ones by |,
// e.g. tsv @@ to_tsquery('simple', :include) AND NOT tsv @@ to_tsquery('simple', :exclude).
func (q Query) MatchTSQuery() (include, exclude string) {
	return joinTerms(q.Included(), Term.TSQuery, " & "), joinTerms(q.Excluded(), Term.TSQuery, " | ")
}

func joinTerms(ts []Term, render func(Term) string, op string) string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		if r := render(t); r != "" {
			out = append(out, r)
		}
	}
	return strings.Join(out, op)
}
