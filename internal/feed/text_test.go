package feed

import (
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii", "hello, world", "hello, world"},
		{"markup is not cleaning's job", "<a & b>", "<a & b>"},
		{"allowed whitespace", "a\tb\nc\rd", "a\tb\nc\rd"},
		{"NUL", "a\x00b", "ab"},
		{"C0 controls", "\x01\x02\x08\x0b\x0c\x0e\x1f", ""},
		{"DEL and C1 are legal", "\x7f\u0085\u009f", "\x7f\u0085\u009f"},
		{"noncharacters FFFE FFFF", "x\uFFFEy\uFFFFz", "xyz"},
		{"FFFD is legal", "\uFFFD", "\uFFFD"},
		{"BMP edge before surrogates", "\uD7FF", "\uD7FF"},
		{"private use", "\uE000", "\uE000"},
		{"astral", "𝔘😀\U0010FFFF", "𝔘😀\U0010FFFF"},
		{"invalid byte", "a\xffb", "a\uFFFDb"},
		{"truncated sequence", "a\xe2\x82", "a\uFFFD\uFFFD"},
		{"encoded surrogate", "\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"},
		{"offender after multibyte text", "été\x00", "été"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := clean(tc.in)
			if got != tc.want {
				t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("clean(%q) is not valid UTF-8", tc.in)
			}
		})
	}
}

func TestCleanDoesNotAllocateForCleanInput(t *testing.T) {
	s := sampleHTML(0, 4096)
	if n := testing.AllocsPerRun(10, func() { _ = clean(s) }); n != 0 {
		t.Errorf("clean allocated %v times for clean input", n)
	}
}

func TestEscape(t *testing.T) {
	tests := []struct {
		in         string
		text, attr string
	}{
		{"plain", "plain", "plain"},
		{"a&b", "a&amp;b", "a&amp;b"},
		{"<x>", "&lt;x&gt;", "&lt;x&gt;"},
		{"]]>", "]]&gt;", "]]&gt;"},
		{`"q" 'a'`, `"q" 'a'`, `&quot;q&quot; 'a'`},
		{"a\r\nb", "a&#xD;\nb", "a&#xD;&#xA;b"},
		{"t\tt", "t\tt", "t&#x9;t"},
		{"&amp;", "&amp;amp;", "&amp;amp;"},
		{"é😀", "é😀", "é😀"},
	}
	for _, tc := range tests {
		if got := string(escape(nil, tc.in, false)); got != tc.text {
			t.Errorf("escape text %q = %q, want %q", tc.in, got, tc.text)
		}
		if got := string(escape(nil, tc.in, true)); got != tc.attr {
			t.Errorf("escape attr %q = %q, want %q", tc.in, got, tc.attr)
		}
	}
}

func TestEscapedLen(t *testing.T) {
	for _, s := range append(hostileStrings(), sampleHTML(1, 4096), "") {
		s = clean(s)
		if got, want := escapedLen(s), len(escape(nil, s, false)); got != want {
			t.Errorf("escapedLen(%q) = %d, want %d", s, got, want)
		}
	}
}
