package auth

import (
	"fmt"
	"strings"
)

const (
	maxEmailLen = 254 // longest address that fits in an SMTP path
	maxLocalLen = 64
	maxLabelLen = 63
)

// ValidateEmail is a pragmatic check, not RFC 5322: it catches typos and
// junk, and mail delivery is the real proof. The address must be printable
// ASCII without spaces (internationalised domains in their xn-- form), at most
// 254 bytes, with exactly one "@", a dot-atom local part of at most 64 bytes,
// and a domain of at least two dot-separated DNS labels whose last is not
// numeric.
func ValidateEmail(s string) error {
	const field = "email"
	if s == "" {
		return fieldErr(field, "is required")
	}
	if len(s) > maxEmailLen {
		return fieldErr(field, fmt.Sprintf("must be at most %d characters", maxEmailLen))
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return fieldErr(field, "must not contain spaces, control or non-ASCII characters")
		}
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || strings.Contains(domain, "@") {
		return fieldErr(field, `must contain exactly one "@"`)
	}
	if err := checkLocal(local); err != "" {
		return fieldErr(field, err)
	}
	if err := checkDomain(domain); err != "" {
		return fieldErr(field, err)
	}
	return nil
}

// localSpecials are the non-alphanumeric characters of an RFC 5322 atom.
const localSpecials = "!#$%&'*+/=?^_`{|}~-"

func checkLocal(local string) string {
	if local == "" || len(local) > maxLocalLen {
		return fmt.Sprintf(`needs 1-%d characters before the "@"`, maxLocalLen)
	}
	for _, atom := range strings.Split(local, ".") {
		if atom == "" {
			return `must not start or end with a dot or have two dots in a row before the "@"`
		}
		for i := 0; i < len(atom); i++ {
			c := atom[i]
			if !isASCIILetter(c) && !(c >= '0' && c <= '9') && !strings.ContainsRune(localSpecials, rune(c)) {
				return fmt.Sprintf("must not contain %q", c)
			}
		}
	}
	return ""
}

func checkDomain(domain string) string {
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return `needs a domain with a dot after the "@", like example.com`
	}
	for _, l := range labels {
		if l == "" || len(l) > maxLabelLen {
			return "has an invalid domain"
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return "has an invalid domain"
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !isASCIILetter(c) && !(c >= '0' && c <= '9') && c != '-' {
				return "has an invalid domain"
			}
		}
	}
	tld := labels[len(labels)-1]
	if strings.Trim(tld, "0123456789") == "" {
		return "has an invalid domain"
	}
	return ""
}
