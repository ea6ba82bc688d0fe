package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Signer makes and checks the signed tokens of one-click unsubscribe
// links: "USER.LIST.MAC", where MAC is an HMAC-SHA256 of the user id and
// the list (the kind of optional email) under the forum's secret key.
// A link works without signing in and cannot be forged for another user
// or another list; it does not expire, as RFC 8058 expects.
type Signer struct{ key []byte }

// NewSigner returns a Signer with key (at least 32 random bytes).
func NewSigner(key []byte) *Signer { return &Signer{key: key} }

func (s *Signer) mac(userID int64, list string) string {
	h := hmac.New(sha256.New, s.key)
	fmt.Fprintf(h, "unsubscribe\x00%d\x00%s", userID, list)
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// Sign returns the token for userID leaving list.
func (s *Signer) Sign(userID int64, list string) string {
	return strconv.FormatInt(userID, 10) + "." + list + "." + s.mac(userID, list)
}

// Verify returns the user and list of a token, or ok false when it was
// not made by Sign with this key.
func (s *Signer) Verify(token string) (userID int64, list string, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return 0, "", false
	}
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, "", false
	}
	if !hmac.Equal([]byte(parts[2]), []byte(s.mac(id, parts[1]))) {
		return 0, "", false
	}
	return id, parts[1], true
}
