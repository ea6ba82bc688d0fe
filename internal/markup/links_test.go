package markup

import (
	"strings"
	"testing"
)

func TestIsExternalURL(t *testing.T) {
	tests := []struct {
		dest string
		want bool
	}{
		{"http:evil.example", true},    // browsers open http://evil.example/
		{"https:evil.example", true},   // same-scheme relative on https pages; marked anyway
		{"//evil.example", true},       // scheme-relative
		{"/\\evil.example", true},      // backslash read as slash: //evil.example
		{"\\\\\\\\evil.example", true}, // two escaped backslashes: //evil.example
		{"\\\\evil.example", false},    // one escaped backslash: the path /evil.example
		{"/\t/evil.example", true},     // tab dropped: //evil.example
		{" //evil.example", true},      // leading space trimmed
		{"HTTP://example.com", true},   // scheme case
		{"hTtPs://example.com/a", true},
		{"http://example.com", true},
		{"/t/42", false},
		{"t/42", false},
		{"../up", false},
		{"?page=2", false},
		{"#reply-3", false},
		{"", false},
		{"/t/42?x=//evil.example", false},
		{"mailto:dev@example.com", false}, // not a web link
		{"javascript:alert(1)", false},    // dropped by the sanitizer
		{"http://[::1", true},             // unparseable: treated as external
	}
	for _, tt := range tests {
		if got := isExternalURL([]byte(tt.dest)); got != tt.want {
			t.Errorf("isExternalURL(%q) = %v, want %v", tt.dest, got, tt.want)
		}
	}
}

// TestExternalRelRendered checks the attribute in rendered posts, where
// goldmark has resolved escapes and entities in the destination first.
func TestExternalRelRendered(t *testing.T) {
	r := New()
	for _, src := range []string{
		"[x](http:evil.example)",
		"[x](HTTP://evil.example)",
		"[x](/\\evil.example)",
		"[x](//evil.example)",
		"[x](&#47;&#47;evil.example)",
		"[x](</\t/evil.example>)",
		"[x]\n\n[x]: http:evil.example",
	} {
		out, err := r.Render(src)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, `rel="`+externalRel+`"`) {
			t.Errorf("%q: no rel: %s", src, out)
		}
	}
	out, _ := r.Render("[x](/t/42)")
	if strings.Contains(out, "rel=") {
		t.Errorf("relative link got rel: %s", out)
	}
}
