package markup

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPlainText(t *testing.T) {
	r := New()
	tests := []struct {
		name, src, want string
	}{
		{"paragraphs and headings", "# Crash on launch\n\nThe app **crashes**\nright away.", "Crash on launch The app crashes right away."},
		{"list items", "- one\n- two\n  - three", "one two three"},
		{"task list", "- [x] done\n- [ ] todo", "done todo"},
		{"code block", "Run:\n\n```sh\nswift   build\n  -c release\n```", "Run: swift build -c release"},
		{"inline code", "call `foo()` twice", "call foo() twice"},
		{"links keep text only", "[the docs](https://example.com/very/long) and https://x.org", "the docs and https://x.org"},
		{"image alt", "![a screenshot](https://e.com/s.png)", "a screenshot"},
		{"raw html literal", "got <private> from <NSError: 0x1>", "got <private> from <NSError: 0x1>"},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", "a b 1 2"},
		{"blocks separate words", "word\n\n> quoted\n\nend", "word quoted end"},
		{"escapes and entities resolved", `a \* b &amp; c &#35; d`, "a * b & c # d"},
		{"code span literal", "run `a\\*b &amp;`", `run a\*b &amp;`},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.PlainText(tt.src); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		name  string
		plain string
		max   int
		want  string
	}{
		{"fits", "short text", 20, "short text"},
		{"exact fit", "abcde", 5, "abcde"},
		{"cut at word", "The quick brown fox jumps", 16, "The quick brown…"},
		{"cut mid word backs up", "The quick brown fox jumps", 13, "The quick…"},
		{"trailing punctuation dropped", "Hello, world again", 8, "Hello…"},
		{"long single word", "Supercalifragilistic", 6, "Super…"},
		{"runes not bytes", "éééé ééé", 6, "éééé…"},
		{"zero", "anything", 0, ""},
		{"one", "anything", 1, "…"},
		{"trims", "  padded  ", 10, "padded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Excerpt(tt.plain, tt.max)
			if got != tt.want {
				t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.plain, tt.max, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > max(tt.max, 0) {
				t.Errorf("Excerpt length %d exceeds %d", n, tt.max)
			}
			if strings.HasSuffix(got, "…") == (utf8.RuneCountInString(strings.TrimSpace(tt.plain)) <= tt.max) && tt.max > 0 {
				t.Errorf("ellipsis presence wrong for %q", got)
			}
		})
	}
}
