package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNewSecret(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		plain, hash, err := NewSecret("pat")
		if err != nil {
			t.Fatal(err)
		}
		body, ok := strings.CutPrefix(plain, "pat_")
		if !ok {
			t.Fatalf("plain %q lacks prefix pat_", plain)
		}
		raw, err := base64.RawURLEncoding.DecodeString(body)
		if err != nil || len(raw) != 32 {
			t.Fatalf("body %q: want 32 base64url bytes, got %d (%v)", body, len(raw), err)
		}
		sum := sha256.Sum256([]byte(plain))
		if hash != hex.EncodeToString(sum[:]) || hash != HashSecret(plain) {
			t.Fatalf("hash %q is not hex SHA-256 of plain", hash)
		}
		if seen[plain] {
			t.Fatalf("duplicate secret %q", plain)
		}
		seen[plain] = true
	}
}

func TestNewSecretPrefix(t *testing.T) {
	for _, p := range []string{"pat", "ses", "a", "x1", "abcdefghijklmnop"} {
		if _, _, err := NewSecret(p); err != nil {
			t.Errorf("NewSecret(%q): %v", p, err)
		}
	}
	for _, p := range []string{"", "PAT", "pa_t", "pa-t", "p t", "abcdefghijklmnopq", "ключ"} {
		if plain, _, err := NewSecret(p); err == nil {
			t.Errorf("NewSecret(%q) = %q; want error", p, plain)
		}
	}
}

func TestHashSecretKnownAnswer(t *testing.T) {
	const want = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	if got := HashSecret("abc"); got != want {
		t.Fatalf("HashSecret(abc) = %s; want %s", got, want)
	}
}
