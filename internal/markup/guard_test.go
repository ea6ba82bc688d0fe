package markup

import (
	"html"
	"strings"
	"testing"
)

func TestContainerDepth(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"plain text", 0},
		{"> quote", 1},
		{"> > > deep", 3},
		{"- item", 1},
		{"1. 2) - > * + x", 6},
		{"1.5 is not a list", 0},
		{"-not a list", 0},
		{"   >>> x", 3},
	}
	for _, tt := range tests {
		if got := containerDepth(tt.line); got != tt.want {
			t.Errorf("containerDepth(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

// pathological returns inputs on which goldmark's parser is quadratic.
func pathological() map[string]string {
	n := MaxSourceBytes - 16
	return map[string]string{
		"link openers": strings.Repeat("[a](", n/4),
		"brackets":     strings.Repeat("[", n),
		"quotes":       strings.Repeat("> ", n/2),
		"lists":        strings.Repeat("1. ", n/3),
	}
}

func TestPathologicalPostsRenderLiterally(t *testing.T) {
	r := New()
	for name, src := range pathological() {
		t.Run(name, func(t *testing.T) {
			if parseCost(src) <= maxParseCost {
				t.Fatalf("parseCost = %d, not above the limit", parseCost(src))
			}
			got, err := r.Render(src)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got, "<pre><code>") || !strings.Contains(got, html.EscapeString(src[:64])) {
				t.Fatalf("not rendered literally: %.120s", got)
			}
			if pt := r.PlainText(src); !strings.HasPrefix(pt, strings.TrimSpace(src[:32])) {
				t.Fatalf("plain text not literal: %.60q", pt)
			}
		})
	}
}

func TestOrdinaryPostsAreParsed(t *testing.T) {
	longLogLine := "log: " + strings.Repeat("[C12 10.0.1.23:443 tcp] retry ", 300) // ~9 KB, 300 brackets
	for name, src := range map[string]string{"bench post": benchPost, "long log line": longLogLine} {
		if c := parseCost(src); c > maxParseCost {
			t.Errorf("%s: parseCost %d exceeds limit %d", name, c, maxParseCost)
		}
	}
}

func BenchmarkRenderPathological(b *testing.B) {
	r := New()
	for name, src := range pathological() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := r.Render(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestParagraphCost(t *testing.T) {
	openers := strings.Repeat("[a]\n", 15000) // 60 KB, one paragraph
	if c := paragraphCost(openers); c <= maxParagraphCost {
		t.Fatalf("paragraphCost = %d, not above %d", c, maxParagraphCost)
	}
	// The same lines in paragraphs of 100 are cheap to parse.
	split := strings.Repeat(strings.Repeat("[a]\n", 100)+"\n", 150)
	if c := paragraphCost(split); c > maxParagraphCost {
		t.Fatalf("paragraphCost of short paragraphs = %d", c)
	}
	// A pasted log with a bracketed tag on every tenth line stays Markdown.
	log := strings.Repeat("[INFO] started worker 7\n"+strings.Repeat("worker 7 processed item 42 ok\n", 9), 200)
	if c := paragraphCost(log); c > maxParagraphCost {
		t.Fatalf("paragraphCost of a %d-byte log = %d", len(log), c)
	}
	out, err := New().Render(openers)
	if err != nil || !strings.HasPrefix(out, "<pre><code>[a]") {
		t.Fatalf("openers not rendered literally: %v %.60s", err, out)
	}
}
