package auth

import (
	"fmt"
	"strings"
)

const (
	minUsernameLen = 3
	maxUsernameLen = 20
)

// ValidateUsername checks a proposed username. Usernames are 3-20 ASCII
// letters, digits, "_" or "-", must begin and end with a letter or digit,
// may not contain two punctuation characters in a row, and may not be all
// digits (numeric path segments are ids). ASCII only, because Unicode
// look-alikes ("аdmin" with a Cyrillic а) would let one user pose as another.
// Case is kept for display but names are unique case-insensitively; see
// NormalizeUsername.
func ValidateUsername(s string) error {
	const field = "username"
	if len(s) < minUsernameLen || len(s) > maxUsernameLen {
		return fieldErr(field, fmt.Sprintf("must be %d-%d characters long", minUsernameLen, maxUsernameLen))
	}
	letters := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isASCIILetter(c):
			letters++
		case c >= '0' && c <= '9':
		case c == '_' || c == '-':
			if i == 0 || i == len(s)-1 {
				return fieldErr(field, "must start and end with a letter or digit")
			}
			if p := s[i-1]; p == '_' || p == '-' {
				return fieldErr(field, `may not contain "_" or "-" twice in a row`)
			}
		default:
			return fieldErr(field, `may contain only letters a-z, digits, "_" and "-"`)
		}
	}
	if letters == 0 {
		return fieldErr(field, "must contain at least one letter")
	}
	if isReservedUsername(NormalizeUsername(s)) {
		return fieldErr(field, "is reserved")
	}
	return nil
}

// NormalizeUsername returns the form used for uniqueness and lookups.
func NormalizeUsername(s string) string { return strings.ToLower(s) }

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isReservedUsername refuses names that collide with routes, roles or words
// that would let an account impersonate the site. name is lowercase.
func isReservedUsername(name string) bool {
	switch name {
	case "about", "account", "admin", "administrator", "anonymous", "api",
		"assets", "atom", "auth", "feed", "feeds", "healthz", "help", "latest",
		"login", "logout", "me", "metrics", "mod", "moderator", "moderators",
		"new", "null", "owner", "parley", "register", "root", "rss", "search",
		"settings", "signin", "signout", "signup", "sitemap", "staff", "static",
		"support", "system", "tags", "threads", "topics", "undefined", "user",
		"users", "webmaster":
		return true
	}
	return false
}
