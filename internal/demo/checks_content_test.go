package demo

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

func checkLongLine(c Community) []string {
	for _, p := range posts(c) {
		for line := range strings.Lines(p.body) {
			if len(strings.TrimRight(line, "\n")) > 300 {
				return nil
			}
		}
	}
	return []string{"no body line is longer than 300 characters"}
}

func checkSearchTerms(c Community) []string {
	var all strings.Builder
	for _, t := range c.Threads {
		all.WriteString(t.Title + "\n")
	}
	for _, p := range posts(c) {
		all.WriteString(p.body + "\n")
	}
	var bad []string
	for _, term := range searchTerms {
		if !strings.Contains(all.String(), term) {
			bad = append(bad, fmt.Sprintf("search term %q appears nowhere", term))
		}
	}
	return bad
}

func checkCodeFences(c Community) []string {
	var bad []string
	for _, p := range posts(c) {
		open := false
		for line := range strings.Lines(p.body) {
			line = strings.TrimSpace(line)
			if !strings.HasPrefix(line, "```") {
				continue
			}
			if open {
				open = false
				continue
			}
			open = true
			if lang := strings.TrimPrefix(line, "```"); !slices.Contains(fenceLanguages, lang) {
				bad = append(bad, fmt.Sprintf("%s: code block language %q", p.where, lang))
			}
		}
		if open {
			bad = append(bad, p.where+": unclosed code block")
		}
	}
	return bad
}

// checkMarkdownClean also rejects tag-like text such as <private> outside
// code, because the HTML sanitizer would silently delete it.
func checkMarkdownClean(c Community) []string {
	var bad []string
	for _, p := range posts(c) {
		if p.body == "" || p.body != strings.TrimSpace(p.body) || strings.Contains(p.body, tick) {
			bad = append(bad, p.where+": empty, untrimmed or with a backtick placeholder")
		}
		prose := codeSpanRE.ReplaceAllString(fencedRE.ReplaceAllString(p.body, ""), "")
		if m := htmlTagRE.FindString(prose); m != "" {
			bad = append(bad, fmt.Sprintf("%s: %s outside code would be stripped as HTML", p.where, m))
		}
	}
	return bad
}

func checkAgeSpread(c Community) []string {
	var recent, old, minAge int
	minAge = -1
	for _, t := range c.Threads {
		if t.AgeMinutes <= 21*day {
			recent++
		}
		if t.AgeMinutes > 365*day {
			old++
		}
		if t.AgeMinutes > 500*day {
			return []string{fmt.Sprintf("%q is older than 500 days", t.Title)}
		}
		if minAge < 0 || t.AgeMinutes < minAge {
			minAge = t.AgeMinutes
		}
	}
	var bad []string
	if recent*2 <= len(c.Threads) {
		bad = append(bad, fmt.Sprintf("only %d of %d threads are from the last 3 weeks", recent, len(c.Threads)))
	}
	if old < 2 {
		bad = append(bad, fmt.Sprintf("%d threads older than a year, want ≥2", old))
	}
	if minAge > 10 {
		bad = append(bad, fmt.Sprintf("newest thread is %d minutes old, want ≤10", minAge))
	}
	return bad
}

func checkTitles(c Community) []string {
	var long, cjk, punct bool
	for _, t := range c.Threads {
		long = long || len([]rune(t.Title)) >= 120
		cjk = cjk || strings.IndexFunc(t.Title, func(r rune) bool {
			return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
		}) >= 0
		punct = punct || strings.ContainsAny(t.Title, "—“”")
	}
	var bad []string
	if !long || !cjk || !punct {
		bad = append(bad, fmt.Sprintf("titles: long=%v cjk=%v typographic=%v, want all", long, cjk, punct))
	}
	return bad
}

func checkAnswerVariety(c Community) []string {
	var accepted, recommended, both, unanswered, long int
	for _, t := range c.Threads {
		var a, r bool
		for _, rep := range t.Replies {
			a = a || rep.Accepted
			r = r || rep.Recommended
		}
		if a {
			accepted++
		}
		if r {
			recommended++
		}
		if a && r {
			both++
		}
		if len(t.Replies) == 0 {
			unanswered++
		}
		if len(t.Replies) >= 15 {
			long++
		}
	}
	if accepted < 5 || recommended < 5 || both < 3 || unanswered < 5 || long < 1 {
		return []string{fmt.Sprintf("accepted=%d recommended=%d both=%d unanswered=%d long=%d", accepted, recommended, both, unanswered, long)}
	}
	return nil
}
