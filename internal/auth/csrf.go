package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
)

// MinCSRFKeyLen is the shortest key NewCSRF accepts.
const MinCSRFKeyLen = 32

// csrfDomain separates CSRF MACs from anything else the same key might sign.
const csrfDomain = "parley-csrf-v1\x00"

// CSRF issues and checks anti-forgery tokens bound to a binding string: the
// session id for signed-in users, or the value of an anonymous random cookie
// for signed-out forms. A token minted for one binding is useless for any
// other, so an attacker cannot reuse a token from their own session.
//
// Each token is masked with a fresh one-time pad, so the same binding yields
// a different string on every page. Pages are served compressed, and an
// unchanging secret repeated in compressed responses next to reflected input
// is what compression side-channel attacks (BREACH) recover byte by byte.
type CSRF struct {
	key []byte
}

// NewCSRF returns a CSRF using key, which must be at least MinCSRFKeyLen
// random bytes; it panics otherwise because a short key is a deployment
// error that must not be papered over. The key is copied.
func NewCSRF(key []byte) *CSRF {
	if len(key) < MinCSRFKeyLen {
		panic(fmt.Sprintf("auth.NewCSRF: key is %d bytes, need at least %d", len(key), MinCSRFKeyLen))
	}
	return &CSRF{key: append([]byte(nil), key...)}
}

// Token returns a token for binding, or "" when binding is empty (there is
// nothing to bind to, and Valid refuses empty bindings anyway).
func (c *CSRF) Token(binding string) string {
	if binding == "" {
		return ""
	}
	mac := c.mac(binding)
	out := make([]byte, 2*len(mac))
	pad, masked := out[:len(mac)], out[len(mac):]
	rand.Read(pad) // never fails; it aborts the process instead
	subtle.XORBytes(masked, mac, pad)
	return base64.RawURLEncoding.EncodeToString(out)
}

// Valid reports whether token was issued by this CSRF for binding. Empty
// inputs are never valid. The MAC comparison is constant time.
func (c *CSRF) Valid(binding, token string) bool {
	if binding == "" || token == "" {
		return false
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(token)
	if err != nil || len(raw) != 2*sha256.Size {
		return false
	}
	got := make([]byte, sha256.Size)
	subtle.XORBytes(got, raw[sha256.Size:], raw[:sha256.Size])
	return hmac.Equal(got, c.mac(binding))
}

func (c *CSRF) mac(binding string) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(csrfDomain))
	m.Write([]byte(binding))
	return m.Sum(nil)
}
