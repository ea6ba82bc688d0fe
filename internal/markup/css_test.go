package markup

import (
	"strings"
	"testing"
)

func TestHighlightCSS(t *testing.T) {
	css := HighlightCSS()
	media := strings.Index(css, "@media (prefers-color-scheme: dark) {")
	if media < 0 {
		t.Fatal("no dark-mode media query")
	}
	light, dark := css[:media], css[media:]
	for _, part := range []string{light, dark} {
		if !strings.Contains(part, ".post-body .chroma {") || !strings.Contains(part, ".post-body .chroma .kd {") {
			t.Errorf("missing scoped rules in:\n%s", part)
		}
	}
	if strings.Count(css, "{") != strings.Count(css, "}") {
		t.Error("unbalanced braces")
	}
	// Every rule outside the media wrapper must be scoped to the post body.
	for line := range strings.Lines(css) {
		line = strings.TrimSpace(line)
		if line == "" || line == "}" || strings.HasPrefix(line, "/*") || strings.HasPrefix(line, "@media") {
			continue
		}
		if !strings.HasPrefix(line, ".post-body ") {
			t.Errorf("unscoped rule: %s", line)
		}
	}
	if light[strings.Index(light, ".post-body .chroma .kd"):] == dark[strings.Index(dark, ".post-body .chroma .kd"):] {
		t.Error("dark and light themes are identical")
	}
}
