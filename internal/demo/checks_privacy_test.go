package demo

import (
	"fmt"
	"net"
	"strings"
	"unicode"
)

// reservedHost reports whether host is a documentation name.
func reservedHost(host string) bool {
	host = strings.ToLower(host)
	for _, d := range []string{"example.com", "example.net"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return strings.HasSuffix(host, ".example")
}

// reservedIPv4 reports whether s is a documentation, loopback or wildcard
// address.
func reservedIPv4(s string) bool {
	ip := net.ParseIP(s)
	if ip == nil {
		return true // not an address, e.g. a four-part version number
	}
	for _, cidr := range []string{"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "127.0.0.0/8", "0.0.0.0/32"} {
		_, n, _ := net.ParseCIDR(cidr)
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

func checkReservedData(c Community) []string {
	var bad []string
	for _, p := range posts(c) {
		for _, s := range ipv4RE.FindAllString(p.body, -1) {
			if !reservedIPv4(s) {
				bad = append(bad, fmt.Sprintf("%s: IPv4 %s", p.where, s))
			}
		}
		for _, m := range emailRE.FindAllStringSubmatch(p.body, -1) {
			if !reservedHost(m[1]) {
				bad = append(bad, fmt.Sprintf("%s: email %s", p.where, m[0]))
			}
		}
		for _, s := range macRE.FindAllString(p.body, -1) {
			if !strings.HasPrefix(strings.ToLower(s), "00:00:5e:00:53:") {
				bad = append(bad, fmt.Sprintf("%s: MAC %s", p.where, s))
			}
		}
		for _, m := range urlRE.FindAllStringSubmatch(p.body, -1) {
			host, _, err := net.SplitHostPort(m[1])
			if err != nil {
				host = m[1]
			}
			if !reservedHost(host) {
				bad = append(bad, fmt.Sprintf("%s: URL host %s", p.where, host))
			}
		}
		for _, s := range ipv6RE.FindAllString(p.body, -1) {
			if !strings.EqualFold(s, "2001:db8") {
				bad = append(bad, fmt.Sprintf("%s: IPv6 %s", p.where, s))
			}
		}
		for _, loc := range domainRE.FindAllStringIndex(p.body, -1) {
			s, rest := p.body[loc[0]:loc[1]], p.body[loc[1]:]
			if strings.HasPrefix(rest, ".") && len(rest) > 1 && unicode.IsLetter(rune(rest[1])) {
				continue // a reverse-DNS identifier such as 7QX2K9.com.example.app
			}
			if !reservedHost(s) {
				bad = append(bad, fmt.Sprintf("%s: domain %s", p.where, s))
			}
		}
	}
	return bad
}

func checkRedactionExamples(c Community) []string {
	var redacted, private bool
	for _, p := range posts(c) {
		redacted = redacted || strings.Contains(p.body, "<IPv4-redacted>")
		private = private || (emailRE.MatchString(p.body) && ipv4RE.MatchString(p.body) && macRE.MatchString(p.body))
	}
	if !redacted || !private {
		return []string{fmt.Sprintf("redaction examples: already-redacted=%v private-data=%v, want both", redacted, private)}
	}
	return nil
}
