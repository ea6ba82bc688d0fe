package markup

import (
	"maps"
	"strings"
	"testing"
)

// R builds an expected Redactions value tersely.
type R = Redactions

func TestRedact(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		n    Redactions
	}{
		// E-mail addresses.
		{"email plain", "contact john.doe@example.com now", "contact <email-redacted> now", R{KindEmail: 1}},
		{"email subdomain plus tag", "from a.b+c@mail.corp.example.co.uk.", "from <email-redacted>.", R{KindEmail: 1}},
		{"email in angle brackets", "<jane@example.org>", "<<email-redacted>>", R{KindEmail: 1}},
		{"email mailto", "mailto:ops@example.io?subject=x", "mailto:<email-redacted>?subject=x", R{KindEmail: 1}},
		{"email twice", "a@example.com, b@example.com", "<email-redacted>, <email-redacted>", R{KindEmail: 2}},
		{"email git remote", "git@github.com:org/repo.git", "<email-redacted>:org/repo.git", R{KindEmail: 1}},
		{"email no dotted domain", "user@localhost failed", "user@localhost failed", R{}},
		{"email numeric tld", "pkg@1.2.3 installed", "pkg@1.2.3 installed", R{}},
		{"image scale suffix", "missing icon@2x.png and bg@3x.jpg", "missing icon@2x.png and bg@3x.jpg", R{}},
		{"file extension tld", "see report@latest.json", "see report@latest.json", R{}},
		{"swift attribute", "@MainActor final class Model: @unchecked Sendable", "@MainActor final class Model: @unchecked Sendable", R{}},
		{"npm scoped package", "@types/node@20.1.0", "@types/node@20.1.0", R{}},

		// IPv4.
		{"ipv4 private", "connect to 10.0.0.1 failed", "connect to <IPv4-redacted> failed", R{KindIPv4: 1}},
		{"ipv4 with port", "listening on 192.168.1.20:8080", "listening on <IPv4-redacted>:8080", R{KindIPv4: 1}},
		{"ipv4 cidr", "route 172.16.0.0/12", "route <IPv4-redacted>/12", R{KindIPv4: 1}},
		{"ipv4 after colon", "peer:8.8.8.8", "peer:<IPv4-redacted>", R{KindIPv4: 1}},
		{"ipv4 sentence end", "Server is 127.0.0.1.", "Server is <IPv4-redacted>.", R{KindIPv4: 1}},
		{"ipv4 range", "10.0.0.1-10.0.0.9", "<IPv4-redacted>-<IPv4-redacted>", R{KindIPv4: 2}},
		{"ipv4 all zero and broadcast", "0.0.0.0 255.255.255.255", "<IPv4-redacted> <IPv4-redacted>", R{KindIPv4: 2}},
		{"version three parts", "macOS 26.4.2 (25E5223a)", "macOS 26.4.2 (25E5223a)", R{}},
		{"five part build", "build 1.2.3.4.5", "build 1.2.3.4.5", R{}},
		{"leading zeros", "firmware 01.02.03.04", "firmware 01.02.03.04", R{}},
		{"part over 255", "Xcode 16.0.300.1", "Xcode 16.0.300.1", R{}},
		{"version word", "Version 10.0.0.1 released", "Version 10.0.0.1 released", R{}},
		{"version prefix v", "tag v1.2.3.4", "tag v1.2.3.4", R{}},
		{"prerelease suffix", "lib 1.2.3.4-beta", "lib 1.2.3.4-beta", R{}},
		{"file name", "unpack foo-1.2.3.4.tar.gz", "unpack foo-1.2.3.4.tar.gz", R{}},
		{"timestamp fraction", "20:34:43.565424 kernel", "20:34:43.565424 kernel", R{}},
		{"iso timestamp", "at 2026-04-27T20:34:43Z", "at 2026-04-27T20:34:43Z", R{}},

		// IPv6.
		{"ipv6 link local zone", "via fe80::1%en0 up", "via <IPv6-redacted> up", R{KindIPv6: 1}},
		{"ipv6 documentation", "2001:db8::8a2e:370:7334", "<IPv6-redacted>", R{KindIPv6: 1}},
		{"ipv6 loopback", "bind ::1 port 80", "bind <IPv6-redacted> port 80", R{KindIPv6: 1}},
		{"ipv6 full form", "addr=2001:0db8:85a3:0000:0000:8a2e:0370:7334;", "addr=<IPv6-redacted>;", R{KindIPv6: 1}},
		{"ipv6 bracketed with port", "http://[2001:db8::1]:443/", "http://[<IPv6-redacted>]:443/", R{KindIPv6: 1}},
		{"ipv6 mapped ipv4", "::ffff:192.168.1.1 accepted", "<IPv6-redacted> accepted", R{KindIPv6: 1}},
		{"ipv6 trailing label colon", "fe80::1: interface up", "<IPv6-redacted>: interface up", R{KindIPv6: 1}},
		{"cpp scope hex-only names", "call a::b then dead::beef", "call a::b then dead::beef", R{}},
		{"cpp std", "std::vector<std::string> v;", "std::vector<std::string> v;", R{}},
		{"cpp nested scopes", "Foo::Bar::baz1()", "Foo::Bar::baz1()", R{}},
		{"clock time", "took 12:34:56 total", "took 12:34:56 total", R{}},
		{"objc selector", "-[NSObject performSelector:withObject:afterDelay:]", "-[NSObject performSelector:withObject:afterDelay:]", R{}},
		{"swift label", "func f(a: Int, b: Int) -> Int", "func f(a: Int, b: Int) -> Int", R{}},
		{"unspecified address only", "listen [::]:80", "listen [::]:80", R{}},

		// MAC addresses.
		{"mac colon", "ether 00:1a:2b:3c:4d:5e", "ether <MAC-redacted>", R{KindMAC: 1}},
		{"mac dash upper", "HW 00-1A-2B-3C-4D-5E.", "HW <MAC-redacted>.", R{KindMAC: 1}},
		{"mac mixed separators", "00:1a-2b:3c:4d:5e", "00:1a-2b:3c:4d:5e", R{}},
		{"hex dump longer than mac", "00:11:22:33:44:55:66", "00:11:22:33:44:55:66", R{}},
		{"uuid", "E621E1F8-C36C-495A-93FC-0C247A3E6E5F", "E621E1F8-C36C-495A-93FC-0C247A3E6E5F", R{}},

		// Bearer tokens.
		{"bearer jwt", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.Sfl2KxwRJ", "Authorization: Bearer <token-redacted>", R{KindBearer: 1}},
		{"bearer lower case", `-H "authorization: bearer 0a1b2c3d4e5f6a7b8c9d"`, `-H "authorization: bearer <token-redacted>"`, R{KindBearer: 1}},
		{"bearer prose", "Send a Bearer token in the header", "Send a Bearer token in the header", R{}},
		{"bearer short", "Bearer abc1", "Bearer abc1", R{}},

		// API keys and secrets.
		{"stripe live", "key sk_live_4eC39HqLyjWDarjtT1zdp7dc", "key <api-key-redacted>", R{KindAPIKey: 1}},
		{"github pat", "ghp_1234567890abcdefghijABCDEFGHIJ123456 leaked", "<api-key-redacted> leaked", R{KindAPIKey: 1}},
		{"aws key id", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY_ID=<api-key-redacted>", R{KindAPIKey: 1}},
		{"slack bot", "xoxb-123456789012-abcdefghijKL", "<api-key-redacted>", R{KindAPIKey: 1}},
		{"openai key", "OPENAI sk-proj-Ab12Cd34Ef56Gh78Ij90Kl", "OPENAI <api-key-redacted>", R{KindAPIKey: 1}},
		{"not an openai key", "pip install sk-learn-tutorial-for-beginners", "pip install sk-learn-tutorial-for-beginners", R{}},
		{"api_key assignment", "api_key=9f8e7d6c5b4a39281706f5e4d3c2b1a0&v=2", "api_key=<api-key-redacted>&v=2", R{KindAPIKey: 1}},
		{"apikey colon", "apikey: Zx81kLmQ02pRt7Yw", "apikey: <api-key-redacted>", R{KindAPIKey: 1}},
		{"env token", "GITHUB_TOKEN=Qm9vbGVhbjEyMzQ1Njc4OTA", "GITHUB_TOKEN=<api-key-redacted>", R{KindAPIKey: 1}},
		{"header api key", "x-api-key: 7Hq2Lr9Xc4Vb8Nm1Kp5Z", "x-api-key: <api-key-redacted>", R{KindAPIKey: 1}},
		{"json secrets", `{"password": "hunter22x", "clientSecret": "aB3dE5gH7jK9mN1pQ3"}`, `{"password": "<api-key-redacted>", "clientSecret": "<api-key-redacted>"}`, R{KindAPIKey: 2}},
		{"token low entropy", "token=aaaaaaaaaaaaaaaa1", "token=aaaaaaaaaaaaaaaa1", R{}},
		{"token short number", "token=1234", "token=1234", R{}},
		{"token word", "token: missing", "token: missing", R{}},
		{"tokens plural", "tokens: 4096", "tokens: 4096", R{}},
		{"password word", "password: required", "password: required", R{}},
		{"private key block", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n", "<api-key-redacted>\n", R{KindAPIKey: 1}},

		// Things that must never be touched.
		{"hex pointer", "object at 0x100a7ee60 freed", "object at 0x100a7ee60 freed", R{}},
		{"sha256", "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", R{}},
		{"file and line", "skmem_slab.c:123 and main.swift:42:7", "skmem_slab.c:123 and main.swift:42:7", R{}},
		{"crash frame", "3   libswiftCore.dylib  0x000000019a3e5f10 $ss17_assertionFailure + 244", "3   libswiftCore.dylib  0x000000019a3e5f10 $ss17_assertionFailure + 244", R{}},
		{"placeholders stay", "<email-redacted> <IPv4-redacted> Bearer <token-redacted>", "<email-redacted> <IPv4-redacted> Bearer <token-redacted>", R{}},

		// Mixtures.
		{"log line", "2026-04-27 20:34:43.565424+0200 app[123:4567] user=bob@example.com ip=10.1.2.3 mac=aa:bb:cc:dd:ee:ff",
			"2026-04-27 20:34:43.565424+0200 app[123:4567] user=<email-redacted> ip=<IPv4-redacted> mac=<MAC-redacted>",
			R{KindEmail: 1, KindIPv4: 1, KindMAC: 1}},
		{"email with ip-like local", "10.0.0.1@example.com", "<email-redacted>", R{KindEmail: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := Redact(tt.in)
			if got != tt.want {
				t.Errorf("Redact(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if !maps.Equal(n, tt.n) {
				t.Errorf("Redact(%q) counts = %v, want %v", tt.in, n, tt.n)
			}
			if again, n2 := Redact(got); again != got || n2.Total() != 0 {
				t.Errorf("second Redact changed %q to %q (%v)", got, again, n2)
			}
		})
	}
}

func TestRedactionsTotal(t *testing.T) {
	if got := (Redactions{KindEmail: 2, KindMAC: 1}).Total(); got != 3 {
		t.Fatalf("Total = %d, want 3", got)
	}
	if got := (Redactions{}).Total(); got != 0 {
		t.Fatalf("Total of empty = %d, want 0", got)
	}
}

// BenchmarkRedactPathological covers inputs that once made detectors
// quadratic; each must stay roughly linear.
func BenchmarkRedactPathological(b *testing.B) {
	const n = 200_000
	for name, src := range map[string]string{
		"keyword run":      strings.Repeat("key", n/3),
		"keyword words":    strings.Repeat("key_", n/4) + "=",
		"chained assigns":  strings.Repeat("token=", n/6),
		"slack prefixes":   strings.Repeat("xoxb-", n/5) + "_",
		"bearer words":     strings.Repeat("bearer ", n/7),
		"at signs":         strings.Repeat("a@", n/2),
		"dotted local":     strings.Repeat("a.", n/2) + "@",
		"colons":           strings.Repeat("1:", n/2),
		"dots":             strings.Repeat("1.", n/2),
		"hex pairs":        strings.Repeat("0a:", n/3),
		"private key open": strings.Repeat("-----BEGIN PRIVATE KEY-----", n/27),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				_, _ = Redact(src)
			}
		})
	}
}
