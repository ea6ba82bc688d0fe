package e2e

import (
	"strings"
	"testing"
)

// TestNodeSummary reads the pass count from the spec reporter's summary,
// whatever the write boundaries and with or without colour, and ignores a
// test whose name merely contains "pass".
func TestNodeSummary(t *testing.T) {
	out := "▶ visitor\n  ✔ pass 99 is a test name (3ms)\n▶ visitor (5ms)\nℹ tests 24\nℹ suites 3\n\x1b[34mℹ pass 23\x1b[39m\nℹ fail 1\n"
	for _, chunk := range []int{1, 7, len(out)} {
		var s nodeSummary
		for rest := out; rest != ""; {
			n := min(chunk, len(rest))
			if _, err := s.Write([]byte(rest[:n])); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if got := s.passed(); got != 23 {
			t.Errorf("writes of %d bytes: passed %d, want 23", chunk, got)
		}
	}
	var s nodeSummary
	s.Write([]byte(strings.Repeat("no summary\n", 3)))
	if s.passed() != 0 {
		t.Errorf("passed %d without a summary", s.passed())
	}
}
