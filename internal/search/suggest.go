package search

import "strings"

// checkUnknownFilter decides what a word of the form name:value whose name
// is no filter is. Developers paste compiler output and code ("error:",
// "std::vector", "http://x", "errno:24"), so anything that looks like that
// is search text; what looks like a filter typed wrong is an error that
// says how to fix it.
func checkUnknownFilter(name, value string, it item) error {
	if looksLikeCode(name, value) {
		return nil
	}
	if f, ok := suggestFilter(name, value); ok {
		return syntaxErr(it.pos, "unknown filter %q — did you mean %q?", name+":", f+":")
	}
	if v := strings.TrimPrefix(value, "-"); v != "" && isDigit(v[0]) {
		// line:42, port:8080, errno:24, status:-1.
		return nil
	}
	return syntaxErr(it.pos, "unknown filter %q — filters are tag:, subtopic:, user:, is:, boosts:, before:, after: and sort:; "+
		"to search for the text itself, put it in quotes: \"%s\"", name+":", it.text)
}

// looksLikeCode reports whether name:value reads as code or pasted output
// rather than as a filter: an empty value ("warning:"), a name that is not
// a plain word ("x86:", "self.x:") or is mixed-case ("NSURLErrorDomain:",
// "initWithFrame:"), a value that starts
// like a path or scope ("//", "::") or holds characters filter values never
// have.
func looksLikeCode(name, value string) bool {
	if value == "" {
		return true
	}
	for i := 0; i < len(name); i++ {
		if !isASCIILetter(name[i]) {
			return true
		}
	}
	if isMixedCase(name) {
		return true
	}
	if strings.IndexByte(":/\\", value[0]) >= 0 {
		return true
	}
	for i := 0; i < len(value); i++ {
		c := value[i]
		if !isASCIILetter(c) && !isDigit(c) && strings.IndexByte("-_.,<>=@+#", c) < 0 {
			return true
		}
	}
	return false
}

// suggestFilter returns the filter that name probably meant, when value
// fits that filter: a common synonym, or a known name at most one edit away
// (two for names longer than three letters).
func suggestFilter(name, value string) (string, bool) {
	l := asciiLower(name)
	best := synonym(l)
	if best == "" {
		bestDist := 3
		for _, f := range filterNames {
			limit := 2
			if len(f) <= 3 {
				limit = 1
			}
			if d := editDistance(l, f); d <= limit && d < bestDist && d < len(l) {
				best, bestDist = f, d
			}
		}
	}
	if best == "" || !valueFits(best, value) {
		return "", false
	}
	return best, true
}

// synonym maps names people carry over from other search engines.
func synonym(name string) string {
	switch name {
	case "tags", "label", "labels":
		return "tag"
	case "author", "by", "from", "poster":
		return "user"
	case "in", "topic", "category", "forum":
		return "subtopic"
	case "since":
		return "after"
	case "until":
		return "before"
	case "order", "orderby", "sortby":
		return "sort"
	case "boost", "votes", "likes", "score":
		return "boosts"
	case "status", "has":
		return "is"
	}
	return ""
}

// valueFits reports whether value has the shape of a value of filter f,
// so that "id:42" is not taken for a misspelt "is:".
func valueFits(f, value string) bool {
	c := value[0]
	switch f {
	case "is":
		for i := 0; i < len(value); i++ {
			if !isASCIILetter(value[i]) {
				return false
			}
		}
		return true
	case "before", "after":
		return isDigit(c)
	case "boosts":
		return isDigit(c) || c == '>' || c == '<' || c == '='
	case "user":
		return isASCIILetter(c) || c == '@'
	}
	return isASCIILetter(c)
}

// editDistance is the optimal string alignment distance between two short
// ASCII strings: insertions, deletions, substitutions and transpositions of
// adjacent characters each cost one.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
