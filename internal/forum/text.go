package forum

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanTitle checks a one-line field: valid UTF-8, no control characters,
// surrounding space trimmed and inner runs of space collapsed.
func cleanTitle(v *ValidationError, field, s string, minLen, maxLen int) string {
	if msg := badText(s, false); msg != "" {
		v.add(field, msg)
		return s
	}
	s = strings.Join(strings.Fields(s), " ")
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		v.add(field, "is required")
	case n < minLen:
		v.add(field, fmt.Sprintf("must be at least %d characters", minLen))
	case n > maxLen:
		v.add(field, fmt.Sprintf("must be at most %d characters (it has %d)", maxLen, n))
	}
	return s
}

// cleanBody checks a multi-line field; line endings become \n.
func cleanBody(v *ValidationError, field, s string, minLen, maxLen int) string {
	if msg := badText(s, true); msg != "" {
		v.add(field, msg)
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	trimmed := strings.TrimSpace(s)
	n := utf8.RuneCountInString(trimmed)
	switch {
	case n == 0:
		v.add(field, "is required")
	case n < minLen:
		v.add(field, fmt.Sprintf("must be at least %d characters", minLen))
	case n > maxLen:
		v.add(field, fmt.Sprintf("must be at most %d characters (it has %d)", maxLen, n))
	}
	return strings.TrimRight(s, " \t\n")
}

// badText explains why s cannot be stored, or returns "".
func badText(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "contains invalid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == 0:
			return "contains a NUL character"
		case multiline && (r == '\n' || r == '\r' || r == '\t'):
		case !multiline && r == '\t':
		case unicode.IsControl(r), r == '\u2028', r == '\u2029':
			return fmt.Sprintf("contains a control character (U+%04X)", r)
		}
	}
	return ""
}

func (v *ValidationError) add(field, msg string) {
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	if _, ok := v.Fields[field]; !ok {
		v.Fields[field] = msg
	}
}

// err returns v when it holds messages, else nil.
func (v *ValidationError) err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	return v
}

// Slugify makes the URL slug of a title: lower-case ASCII letters and
// digits joined by single hyphens, accents folded where simple, at most 80
// characters. Titles with nothing sluggable get "thread".
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		r = foldAccent(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 80 {
		out = strings.TrimRight(out[:80], "-")
	}
	if out == "" {
		return "thread"
	}
	return out
}

func foldAccent(r rune) rune {
	const from, to = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ", "aaaaaaceeeeiiiinoooooouuuuyy"
	if r < 0x80 {
		return r
	}
	fr := []rune(from)
	for i, c := range fr {
		if c == r {
			return rune(to[i])
		}
	}
	return r
}
