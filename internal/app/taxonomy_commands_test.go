package app

import (
	"strings"
	"testing"
)

// TestTaxonomyCommands shapes a forum from the command line: topics,
// subtopics and tags created and renamed, a clash refused with exit 2 and
// the field named, a thread moved, locked and retagged.
func TestTaxonomyCommands(t *testing.T) {
	dir := t.TempDir()
	must := func(want string, args ...string) string {
		t.Helper()
		code, out, errOut := run(t, dir, "", args...)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("%v: exit %d, out %q, err %q; want %q", args, code, out, errOut, want)
		}
		return out
	}
	must(`created topic "Networking"`, "topic", "create", "Networking", "--description", "Sockets and HTTP")
	must("/c/sockets", "subtopic", "create", "Sockets", "--topic", "networking", "--require-tag")
	must("/c/http", "subtopic", "create", "HTTP", "--topic", "networking")
	must("created tag tcp", "tag", "create", "tcp", "--synonyms", "tcp-ip")
	must("created tag udp", "tag", "create", "udp")
	must("/c/bsd-sockets", "subtopic", "edit", "sockets", "--new-slug", "bsd-sockets")
	if code, _, errOut := run(t, dir, "", "subtopic", "create", "Again", "--topic", "networking", "--slug", "http"); code != 2 || !strings.Contains(errOut, `already used by "HTTP"`) {
		t.Fatalf("clash: exit %d, %q", code, errOut)
	}
	if code, _, errOut := run(t, dir, "", "subtopic", "create", "Bad", "--topic", "networking", "--position", "-1"); code != 2 || !strings.Contains(errOut, "must be ≥ 0") {
		t.Fatalf("position: exit %d, %q", code, errOut)
	}
	out := must("bsd-sockets", "topic", "list")
	if !strings.Contains(out, "http\tHTTP") {
		t.Errorf("topic list: %q", out)
	}
	must("merged tag udp into tcp", "tag", "merge", "udp", "tcp")
	out = must("tcp", "tag", "list")
	if !strings.Contains(out, "tcp-ip") || !strings.Contains(out, "udp") {
		t.Errorf("merged name is a synonym: %q", out)
	}
	if code, _, errOut := run(t, dir, "", "thread", "lock", "1"); code != 1 || !strings.Contains(errOut, "not found") {
		t.Errorf("lock a missing thread: exit %d %q", code, errOut)
	}
	if code, _, errOut := run(t, dir, "", "thread", "spin", "1"); code != 2 || !strings.Contains(errOut, "usage") {
		t.Errorf("unknown action: exit %d %q", code, errOut)
	}
	must("deleted subtopic http", "subtopic", "delete", "http")
	must("deleted tag tcp", "tag", "delete", "tcp")
}
