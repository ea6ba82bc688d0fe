package search

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// filterNames lists the filters in the order the help and messages use.
var filterNames = [...]string{"tag", "subtopic", "user", "is", "boosts", "before", "after", "sort"}

// filterByName matches a filter name case-insensitively (ASCII only, so
// look-alikes such as the Kelvin sign never name a filter).
func filterByName(name string) (string, bool) {
	l := asciiLower(name)
	for _, f := range filterNames {
		if l == f {
			return f, true
		}
	}
	return "", false
}

// asciiLower lower-cases ASCII letters only; any other byte makes the
// result unusable as a filter name, which is what callers want.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// filter applies one name:value filter at pos.
func (p *parser) filter(name, value string, pos int) error {
	if name == "sort" {
		return p.sortFilter(value, pos)
	}
	p.filters++
	q := &p.q
	switch name {
	case "tag":
		return p.tagFilter(value, pos)
	case "subtopic":
		v := asciiLower(value)
		if !isSlug(v, "-") {
			return syntaxErr(pos, "subtopic: takes a subtopic name like subtopic:networking")
		}
		return setOnce(&q.Subtopic, v, "subtopic:", pos)
	case "user":
		v := asciiLower(strings.TrimPrefix(value, "@"))
		if !isSlug(v, "-_") || len(v) > 32 {
			return syntaxErr(pos, "user: takes a username like user:alice")
		}
		return setOnce(&q.User, v, "user:", pos)
	case "is":
		return p.isFilter(asciiLower(value), pos)
	case "boosts":
		n, ok := parseBoosts(value)
		if !ok {
			return syntaxErr(pos, "boosts: takes a number like boosts:>5 (more than 5) or boosts:5 (at least 5)")
		}
		if q.HasMinBoosts && q.MinBoosts != n {
			return syntaxErr(pos, "boosts: can be given only once")
		}
		q.MinBoosts, q.HasMinBoosts = n, true
		return nil
	}
	return p.dateFilter(name, value, pos)
}

func (p *parser) tagFilter(value string, pos int) error {
	for _, raw := range strings.Split(value, ",") {
		if raw == "" {
			continue
		}
		tag := strings.ToLower(raw)
		if !isTag(tag) {
			return syntaxErr(pos, "tag: takes tag names of letters, digits and - _ . + # like tag:swift or tag:swift,kotlin")
		}
		if contains(p.q.Tags, tag) {
			continue
		}
		if len(p.q.Tags) == MaxTags {
			return syntaxErr(pos, "a query can have at most %d tags", MaxTags)
		}
		p.q.Tags = append(p.q.Tags, tag)
	}
	if strings.Trim(value, ",") == "" {
		return syntaxErr(pos, "\"tag:\" needs a tag name like tag:swift")
	}
	return nil
}

func (p *parser) isFilter(v string, pos int) error {
	q := &p.q
	switch v {
	case "solved":
		q.Solved = true
	case "unanswered":
		q.Unanswered = true
	case "recommended":
		q.Recommended = true
	default:
		return syntaxErr(pos, "is: takes solved, unanswered or recommended")
	}
	if q.Unanswered && (q.Solved || q.Recommended) {
		return syntaxErr(pos, "is:unanswered can't be combined with is:solved or is:recommended: a thread without replies has no answer")
	}
	return nil
}

func (p *parser) dateFilter(name, value string, pos int) error {
	t, err := time.Parse(dateLayout, value)
	if err != nil || t.Year() < 1970 {
		return syntaxErr(pos, "%q needs a date like 2026-04-27", name+":")
	}
	q := &p.q
	field := &q.Before
	if name == "after" {
		field = &q.After
	}
	if !field.IsZero() && !field.Equal(t) {
		return syntaxErr(pos, "%s: can be given only once", name)
	}
	*field = t
	if !q.After.IsZero() && !q.Before.IsZero() && !q.After.Before(q.Before) {
		return syntaxErr(pos, "after:%s is not earlier than before:%s, so nothing could match",
			q.After.Format(dateLayout), q.Before.Format(dateLayout))
	}
	return nil
}

func (p *parser) sortFilter(value string, pos int) error {
	v := asciiLower(value)
	switch v {
	case SortRelevance, SortLatest, SortBoosts:
	case "newest":
		v = SortLatest
	default:
		return syntaxErr(pos, "sort: takes relevance, latest or boosts")
	}
	if p.sortSet && p.q.Sort != v {
		return syntaxErr(pos, "sort: can be given only once")
	}
	p.q.Sort, p.sortSet = v, true
	return nil
}

// parseBoosts reads ">N" (N+1), ">=N" or "N" (N).
func parseBoosts(v string) (int, bool) {
	plus := 0
	switch {
	case strings.HasPrefix(v, ">="):
		v = v[2:]
	case strings.HasPrefix(v, ">"):
		v, plus = v[1:], 1
	}
	if v == "" || len(v) > 9 || strings.Trim(v, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, false
	}
	return n + plus, true
}

func setOnce(field *string, v, name string, pos int) error {
	if *field != "" && *field != v {
		return syntaxErr(pos, "%s can be given only once", name)
	}
	*field = v
	return nil
}

// isSlug reports whether s is non-empty ASCII lower-case letters and
// digits, with the given punctuation allowed inside.
func isSlug(s, punct string) bool {
	if s == "" || len(s) > 80 {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte(punct, c) >= 0) {
			return false
		}
	}
	return true
}

// isTag reports whether s can be a tag name: letters, digits and the
// punctuation tag names use (c++, c#, swift-6.0, objective_c).
func isTag(s string) bool {
	if len(s) > 50 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) && !strings.ContainsRune("-_.+#", r) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
