package app

import (
	"strings"
	"testing"
)

// TestSetRoleCommand: "parley user set-role" changes a role for scripts,
// refuses unknown roles and users, and never demotes the last admin.
func TestSetRoleCommand(t *testing.T) {
	dir := t.TempDir()
	for _, u := range []struct{ name, role string }{{"ada", "admin"}, {"quinn", "member"}} {
		if code, out, errOut := run(t, dir, "a strong password\n", "user", "create", u.name, "--email", u.name+"@example.com", "--role", u.role, "--password-stdin"); code != 0 {
			t.Fatalf("user create %s: %d %q %q", u.name, code, out, errOut)
		}
	}
	if code, out, errOut := run(t, dir, "", "user", "set-role", "quinn", "staff", "--title", "Support Engineer"); code != 0 || !strings.Contains(out, "quinn is now staff") {
		t.Fatalf("set-role: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, dir, "", "user", "set-role", "quinn", "king"); code != 2 || !strings.Contains(errOut, "role must be") {
		t.Fatalf("unknown role: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, dir, "", "user", "set-role", "ada", "member"); code != 2 || !strings.Contains(errOut, "last administrator") {
		t.Fatalf("last admin: %d %q", code, errOut)
	}
	if code, _, _ := run(t, dir, "", "user", "set-role", "nobody", "staff"); code != 1 {
		t.Fatalf("unknown user: exit %d, want 1", code)
	}
	if code, _, errOut := run(t, dir, "", "user", "set-role", "quinn"); code != 2 || !strings.Contains(errOut, "set-role USERNAME ROLE") {
		t.Fatalf("missing role: %d %q", code, errOut)
	}
	if code, out, errOut := run(t, dir, "", "user", "set-role", "quinn", "member"); code != 0 || !strings.Contains(out, "quinn is now member") {
		t.Fatalf("back to member (title cleared): %d %q %q", code, out, errOut)
	}
}
