package web

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMetaDescription(t *testing.T) {
	for _, excerpt := range []string{
		strings.Repeat("é", 300),          // two bytes each: byte 200 is mid-rune for odd offsets
		"a" + strings.Repeat("€", 150),    // three bytes each, offset by one
		strings.Repeat("naïve café ", 40), // words with multibyte letters
		strings.Repeat("🙂", 120),          // four bytes each
		"short excerpt stays as it is",
	} {
		got := metaDescription(excerpt)
		if !utf8.ValidString(got) {
			t.Errorf("invalid UTF-8 from %.20q: %q", excerpt, got[len(got)-8:])
		}
		if n := utf8.RuneCountInString(got); n > 200 {
			t.Errorf("%d runes, want at most 200", n)
		}
		if utf8.RuneCountInString(excerpt) <= 200 && got != excerpt {
			t.Errorf("short excerpt changed: %q", got)
		}
	}
	if got := metaDescription(strings.Repeat("naïve café ", 40)); !strings.HasSuffix(got, "café…") && !strings.HasSuffix(got, "naïve…") {
		t.Errorf("not cut at a word boundary: %q", got[len(got)-20:])
	}
}
