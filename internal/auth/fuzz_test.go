package auth

import (
	"context"
	"errors"
	"testing"
)

// FuzzVerify feeds arbitrary strings as stored hashes. Verify must never
// panic, must never accept a string it cannot parse, and must classify every
// failure as either a clean mismatch or ErrMalformedHash.
func FuzzVerify(f *testing.F) {
	h := NewHasher(TestParams, 2)
	good, err := h.Hash(context.Background(), "seed password")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		good,
		"",
		"$",
		"$$$$$",
		"$argon2id$v=19$m=64,t=1,p=1$$",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=64,t=1,p=8$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=18446744073709551615,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
		"$argon2i$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
	} {
		f.Add(s, "seed password")
	}
	f.Fuzz(func(t *testing.T, encoded, password string) {
		ok, rehash, err := h.Verify(context.Background(), encoded, password)
		if err != nil {
			if ok || rehash {
				t.Fatalf("Verify(%q) = %v, %v with error %v", encoded, ok, rehash, err)
			}
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("Verify(%q): unexpected error kind %v", encoded, err)
			}
			return
		}
		if rehash && !ok {
			t.Fatalf("Verify(%q) reported needsRehash on a mismatch", encoded)
		}
		if _, _, _, perr := decodePHC(encoded); perr != nil {
			t.Fatalf("Verify(%q) returned no error but decodePHC fails: %v", encoded, perr)
		}
	})
}
