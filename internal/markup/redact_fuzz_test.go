package markup

import (
	"strings"
	"testing"
)

func FuzzRedact(f *testing.F) {
	for _, s := range []string{
		"", "john@example.com", "10.0.0.1:8080", "fe80::1%en0", "::ffff:10.0.0.1",
		"00:1a:2b:3c:4d:5e", "Bearer eyJhbGciOiJIUzI1NiJ9.abc123def456", "api_key=9f8e7d6c5b4a39281706f5e4d3c2b1a0",
		"sk_live_4eC39HqLyjWDarjtT1zdp7dc", "a@b.com10.0.0.1", "x@y.ab::1", "1:2:3:4:5:6:7:8:9.10.11.12",
		"a@b.com.c@d.com", "0@0.AA%@0.AA", "0@A.AA::0 .AA::0", "std::vector 26.4.2 0x100a7ee60 E621E1F8-C36C-495A-93FC-0C247A3E6E5F",
		"-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----",
		benchLog,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, counts, found := redact(src)
		if len(found) != counts.Total() {
			t.Fatalf("found %d matches but counted %d", len(found), counts.Total())
		}
		again, n2 := Redact(out)
		if again != out || n2.Total() != 0 {
			t.Fatalf("not idempotent:\n src %q\n out %q\n2nd %q (%v)", src, out, again, n2)
		}
		for _, kind := range []string{KindEmail, KindIPv4, KindIPv6, KindMAC, KindBearer, KindAPIKey} {
			ph := placeholder(kind)
			added := strings.Count(out, ph) - strings.Count(src, ph)
			if added != counts[kind] {
				t.Fatalf("%s: %d placeholders added, counted %d\n src %q\n out %q", kind, added, counts[kind], src, out)
			}
		}
		// A secret that was redacted everywhere it occurred must be gone.
		seen := map[string]int{}
		for _, s := range found {
			seen[s]++
		}
		for s, n := range seen {
			if n >= countOverlapping(src, s) && strings.Contains(out, s) {
				t.Fatalf("redacted %q still present\n src %q\n out %q", s, src, out)
			}
		}
	})
}

func countOverlapping(s, sub string) int {
	n := 0
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return n
		}
		n++
		i += j + 1
	}
}
