package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// secretBytes of randomness make a bearer secret unguessable outright, which
// is why its stored form can be a plain SHA-256: there is no dictionary to
// run a fast hash against, unlike a password.
const secretBytes = 32

// maxPrefixLen keeps prefixes short labels such as "pat" or "ses".
const maxPrefixLen = 16

// NewSecret returns a fresh bearer secret and the digest to store for it.
// plain is prefix + "_" + 43 base64url characters (for example "pat_…" for
// API tokens, "ses_…" for session ids); it is shown to its owner once and
// never stored. The prefix must be 1-16 lowercase ASCII letters or digits so
// that the first "_" always ends it and leaked secrets are easy to recognise.
func NewSecret(prefix string) (plain string, hash string, err error) {
	if !validPrefix(prefix) {
		return "", "", fmt.Errorf("new secret: prefix %q must be 1-%d lowercase letters or digits", prefix, maxPrefixLen)
	}
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("new secret: %w", err)
	}
	plain = prefix + "_" + base64.RawURLEncoding.EncodeToString(b)
	return plain, HashSecret(plain), nil
}

// HashSecret returns the lowercase hex SHA-256 of plain, the form in which
// tokens and session ids are stored and looked up. Lookups by digest are
// equality queries on an indexed column, so no constant-time comparison is
// needed on the Go side.
func HashSecret(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

func validPrefix(p string) bool {
	if p == "" || len(p) > maxPrefixLen {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
