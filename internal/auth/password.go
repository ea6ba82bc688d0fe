package auth

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

const (
	minPasswordChars = 10
	// maxPasswordBytes bounds the work and memory an attacker can make the
	// hasher spend per attempt while leaving room for long passphrases.
	maxPasswordBytes = 256
)

// ValidatePassword checks a new password. It must be valid UTF-8, at least
// 10 characters (runes, so non-Latin passphrases are not penalised for their
// encoding), at most 256 bytes, free of control characters (they cannot be
// typed and usually mean a mangled paste or encoding bug), and not a single
// character repeated. Spaces and any printable Unicode are allowed.
func ValidatePassword(pw string) error {
	const field = "password"
	if !utf8.ValidString(pw) {
		return fieldErr(field, "must be valid UTF-8 text")
	}
	if n := utf8.RuneCountInString(pw); n < minPasswordChars {
		return fieldErr(field, fmt.Sprintf("must be at least %d characters (got %d)", minPasswordChars, n))
	}
	if len(pw) > maxPasswordBytes {
		return fieldErr(field, fmt.Sprintf("must be at most %d bytes (got %d)", maxPasswordBytes, len(pw)))
	}
	first, _ := utf8.DecodeRuneInString(pw)
	same := true
	for _, r := range pw {
		if unicode.IsControl(r) {
			return fieldErr(field, "must not contain control characters")
		}
		if r != first {
			same = false
		}
	}
	if same {
		return fieldErr(field, "must not be one character repeated")
	}
	return nil
}
