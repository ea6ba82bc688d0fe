package web

import (
	"net/url"
	"strings"
)

// localTarget returns raw rebuilt as a path on this site, or false when
// raw is anything else. It guards every redirect target a request names
// ("next" after sign-in, "return" after a button): a check on the raw
// string's first bytes is not enough, because browsers drop tabs and
// newlines and read backslashes as slashes, so "/\t/evil.example" goes to
// //evil.example. The target is parsed, refused if it carries a scheme,
// host, control character or backslash (raw or percent-decoded) or does
// not start with exactly one '/', and then written anew from its parsed
// path, query and fragment, so what reaches Location is what was checked.
func localTarget(raw string) (string, bool) {
	if raw == "" || len(raw) > 2048 || hasUnsafeByte(raw) {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") ||
		hasUnsafeByte(u.Path) || hasUnsafeByte(u.Fragment) {
		return "", false
	}
	out := u.EscapedPath()
	if u.RawQuery != "" {
		out += "?" + escapeQuery(u.RawQuery)
	}
	if u.Fragment != "" {
		// Kept so a button returns to the post it was on; a fragment
		// never leaves the page.
		out += "#" + u.EscapedFragment()
	}
	if !strings.HasPrefix(out, "/") || strings.HasPrefix(out, "//") {
		return "", false
	}
	return out, true
}

// hasUnsafeByte reports ASCII control characters and backslashes.
func hasUnsafeByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return true
		}
	}
	return false
}

// escapeQuery percent-encodes every byte of a raw query that is not
// allowed unescaped in one (RFC 3986), keeping the order of parameters.
func escapeQuery(q string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=:@/?%", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
