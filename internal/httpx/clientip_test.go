package httpx

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("192.0.2.10/32"),
		netip.MustParsePrefix("fd00::/8"),
	}
	cases := []struct {
		name    string
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"direct", "203.0.113.5:4000", nil, proxies, "203.0.113.5"},
		{"untrusted peer ignores xff", "203.0.113.5:4000", []string{"1.1.1.1"}, proxies, "203.0.113.5"},
		{"no trusted list ignores xff", "10.0.0.1:80", []string{"1.1.1.1"}, nil, "10.0.0.1"},
		{"trusted peer one hop", "10.0.0.1:80", []string{"198.51.100.7"}, proxies, "198.51.100.7"},
		{"spoofed left entries ignored", "10.0.0.1:80", []string{"6.6.6.6, 198.51.100.7"}, proxies, "198.51.100.7"},
		{"skip trusted hops", "10.0.0.1:80", []string{"6.6.6.6, 198.51.100.7, 10.1.1.1, 192.0.2.10"}, proxies, "198.51.100.7"},
		{"multiple header lines", "10.0.0.1:80", []string{"6.6.6.6", "198.51.100.7, 10.2.2.2"}, proxies, "198.51.100.7"},
		{"all trusted gives leftmost", "10.0.0.1:80", []string{"10.9.9.9, 10.8.8.8"}, proxies, "10.9.9.9"},
		{"trusted peer no xff", "10.0.0.1:80", nil, proxies, "10.0.0.1"},
		{"malformed stops at last good", "10.0.0.1:80", []string{"198.51.100.7, garbage, 10.3.3.3"}, proxies, "10.3.3.3"},
		{"malformed right after peer", "10.0.0.1:80", []string{"unknown"}, proxies, "10.0.0.1"},
		{"xff with port", "10.0.0.1:80", []string{"198.51.100.7:5555"}, proxies, "198.51.100.7"},
		{"xff ipv6", "[fd00::1]:80", []string{"2001:db8::1"}, proxies, "2001:db8::1"},
		{"xff bracketed ipv6", "10.0.0.1:80", []string{"[2001:db8::2]"}, proxies, "2001:db8::2"},
		{"xff bracketed ipv6 port", "10.0.0.1:80", []string{"[2001:db8::3]:443"}, proxies, "2001:db8::3"},
		{"ipv6 peer", "[2001:db8::9]:443", nil, proxies, "2001:db8::9"},
		{"ipv6 zone dropped", "[fe80::1%eth0]:443", nil, nil, "fe80::1"},
		{"mapped ipv4 peer unmapped", "[::ffff:203.0.113.9]:80", nil, proxies, "203.0.113.9"},
		{"mapped ipv4 trusted", "[::ffff:10.0.0.1]:80", []string{"198.51.100.8"}, proxies, "198.51.100.8"},
		{"mapped ipv4 in xff", "10.0.0.1:80", []string{"::ffff:198.51.100.9"}, proxies, "198.51.100.9"},
		{"spaces and trailing comma", "10.0.0.1:80", []string{" 198.51.100.7 ,"}, proxies, "198.51.100.7"},
		{"empty middle entry", "10.0.0.1:80", []string{"6.6.6.6,,10.4.4.4"}, proxies, "10.4.4.4"},
		{"bare remote addr", "203.0.113.5", nil, proxies, "203.0.113.5"},
		{"unparsable remote", "pipe", nil, proxies, "invalid IP"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := ClientIP(r, c.trusted).String(); got != c.want {
			t.Errorf("%s: got %s; want %s", c.name, got, c.want)
		}
	}
}
