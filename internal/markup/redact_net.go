package markup

import (
	"net/netip"
	"regexp"
	"strings"
)

// The detectors below look for a cheap anchor ('@', ':', a digit) first and
// only then examine the text around it: an unanchored regexp over a whole
// pasted log costs an order of magnitude more.

// emailRE is applied at the start of the local part before an '@'.
var emailRE = regexp.MustCompile(`^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}`)

func findEmails(src, _ string) []span {
	var out []span
	floor := 0 // text before floor belongs to an earlier candidate
	for off := 0; ; {
		i := strings.IndexByte(src[off:], '@')
		if i < 0 {
			return out
		}
		at := off + i
		off = at + 1
		start := at
		for start > floor && isLocalPartByte(src[start-1]) {
			start--
		}
		m := emailRE.FindStringIndex(src[start:])
		if m == nil {
			continue
		}
		end := start + m[1]
		floor, off = end, end
		for src[start] == '.' {
			start++
		}
		if start == at || !cleanBefore(src, start, ".@") || !cleanAfter(src, end, "@-%+") ||
			src[end:min(end+2, len(src))] == "::" || !emailDomainOK(src[at+1:end]) {
			continue
		}
		out = append(out, span{start, end, KindEmail})
	}
}

func isLocalPartByte(c byte) bool {
	return isWord(c) || c == '.' || c == '%' || c == '+' || c == '-'
}

// emailDomainOK rejects domains that are really file names or malformed.
func emailDomainOK(domain string) bool {
	labels := strings.Split(domain, ".")
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
	}
	if len(labels) == 2 && isScaleSuffix(labels[0]) {
		return false
	}
	return !isFileExtension(strings.ToLower(labels[len(labels)-1]))
}

// isScaleSuffix matches the "2x" of an image asset name such as icon@2x.png.
func isScaleSuffix(s string) bool {
	if len(s) < 2 || (s[len(s)-1] != 'x' && s[len(s)-1] != 'X') {
		return false
	}
	for i := range len(s) - 1 {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isFileExtension lists name endings that look like a top-level domain but
// in developer text almost always end a file name.
func isFileExtension(tld string) bool {
	switch tld {
	case "png", "jpg", "jpeg", "gif", "svg", "webp", "heic", "pdf", "swift", "json",
		"plist", "txt", "log", "xib", "nib", "storyboard", "dylib", "framework",
		"ips", "crash", "xcassets", "strings":
		return true
	}
	return false
}

// findIPv4 looks at maximal runs of dot-separated numbers; only runs of
// exactly four parts can be addresses, which keeps "1.2.3.4.5" intact.
func findIPv4(src, _ string) []span {
	var out []span
	for i := 0; i < len(src); {
		if !isDigit(src[i]) {
			i++
			continue
		}
		start, end, parts := i, i, 1
		for end < len(src) && isDigit(src[end]) {
			end++
		}
		for end+1 < len(src) && src[end] == '.' && isDigit(src[end+1]) {
			end++
			parts++
			for end < len(src) && isDigit(src[end]) {
				end++
			}
		}
		i = end
		if parts != 4 || !cleanBefore(src, start, ".") || !cleanAfter(src, end, "") ||
			byteAt(src, end) == '-' && isLetter(byteAt(src, end+1)) || // 1.2.3.4-beta
			!isIPv4(src[start:end]) || afterVersionWord(src, start) {
			continue
		}
		out = append(out, span{start, end, KindIPv4})
	}
	return out
}

// isIPv4 accepts exactly four decimal parts 0-255 without leading zeros, so
// zero-padded build numbers such as 01.02.03.04 are not addresses.
func isIPv4(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if len(p) > 3 || len(p) > 1 && p[0] == '0' {
			return false
		}
		n := 0
		for i := range len(p) {
			n = n*10 + int(p[i]-'0')
		}
		if n > 255 {
			return false
		}
	}
	return true
}

// afterVersionWord reports whether the word before src[start:] (skipping
// spaces and a ':' or '=') says that a version or build number follows:
// "Version 10.0.0.1", "build: 1.2.3.4".
func afterVersionWord(src string, start int) bool {
	i := start
	for i > 0 && start-i < 4 && strings.IndexByte(" \t:=", src[i-1]) >= 0 {
		i--
	}
	j := i
	for j > 0 && i-j < 10 && isLetter(src[j-1]) {
		j--
	}
	switch strings.ToLower(src[j:i]) {
	case "version", "ver", "build", "release", "firmware", "fw", "rev", "revision":
		return true
	}
	return false
}

// findIPv6 takes each maximal run of hex digits, dots and colons around a
// colon, plus an optional zone, and lets netip decide whether it is an
// address. Runs without a decimal digit ("a::b", "dead::beef") are taken to
// be C++ scopes.
func findIPv6(src, _ string) []span {
	var out []span
	floor := 0
	for off := 0; ; {
		c := strings.IndexByte(src[off:], ':')
		if c < 0 {
			return out
		}
		start, end := off+c, off+c
		for start > floor && (isHexDigit(src[start-1]) || src[start-1] == '.') {
			start--
		}
		for end < len(src) && (isHexDigit(src[end]) || src[end] == '.' || src[end] == ':') {
			end++
		}
		if byteAt(src, end) == '%' {
			z := end + 1
			for z < len(src) && (isWord(src[z]) || src[z] == '.' || src[z] == '-') {
				z++
			}
			if z > end+1 {
				end = z
			}
		}
		floor, off = end, end
		if s, ok := ipv6Span(src, start, end); ok {
			out = append(out, s)
		}
	}
}

func ipv6Span(src string, start, end int) (span, bool) {
	cand := src[start:end]
	if strings.Count(cand, ":") < 2 {
		return span{}, false
	}
	// A sentence may end right after an address: drop trailing dots, and a
	// trailing colon that is followed by a space ("fe80::1: link up").
	cand = strings.TrimRight(cand, ".")
	afterExtra := ":%"
	if len(cand) == end-start && strings.HasSuffix(cand, ":") && !strings.HasSuffix(cand, "::") &&
		isSpaceOrEnd(src, end) {
		cand = cand[:len(cand)-1]
		afterExtra = "%"
	}
	end = start + len(cand)
	addr, _, _ := strings.Cut(cand, "%")
	if !strings.ContainsAny(addr, "0123456789") || !cleanBefore(src, start, ".:%") ||
		!cleanAfter(src, end, afterExtra) {
		return span{}, false
	}
	ip, err := netip.ParseAddr(cand)
	if err != nil || !ip.Is6() {
		return span{}, false
	}
	return span{start, end, KindIPv6}, true
}

// findMACs matches six two-digit hex groups joined by one kind of separator,
// ':' or '-', that are not part of a longer hex dump.
func findMACs(src, _ string) []span {
	const size = 17 // "00:1a:2b:3c:4d:5e"
	var out []span
	for i := 0; i+size <= len(src); i++ {
		sep := src[i+2]
		if sep != ':' && sep != '-' || !isMAC(src[i:i+size], sep) {
			continue
		}
		start, end := i, i+size
		i = end - 1
		if !cleanBefore(src, start, ".:-") || !cleanAfter(src, end, "") || continuesMAC(src, end) {
			continue
		}
		out = append(out, span{start, end, KindMAC})
	}
	return out
}

func isMAC(s string, sep byte) bool {
	for g := 0; g < 6; g++ {
		if !isHexDigit(s[3*g]) || !isHexDigit(s[3*g+1]) || g < 5 && s[3*g+2] != sep {
			return false
		}
	}
	return true
}

// continuesMAC reports whether a MAC-shaped match is followed by another
// separator and hex digit, i.e. is part of a longer hex dump.
func continuesMAC(src string, end int) bool {
	c := byteAt(src, end)
	return (c == ':' || c == '-') && isHexDigit(byteAt(src, end+1))
}
