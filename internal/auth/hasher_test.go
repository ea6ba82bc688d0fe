package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func testHasher(t testing.TB) *Hasher {
	t.Helper()
	return NewHasher(TestParams, 4)
}

func TestHashVerifyRoundTrip(t *testing.T) {
	h := testHasher(t)
	ctx := context.Background()
	for _, pw := range []string{"correct horse battery", "pässwörd-ünïcode", "x", strings.Repeat("long", 64)} {
		enc, err := h.Hash(ctx, pw)
		if err != nil {
			t.Fatalf("Hash(%q): %v", pw, err)
		}
		if !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
			t.Fatalf("Hash(%q) = %q, want PHC argon2id prefix with TestParams", pw, enc)
		}
		ok, rehash, err := h.Verify(ctx, enc, pw)
		if err != nil || !ok || rehash {
			t.Fatalf("Verify(own hash of %q) = %v, %v, %v; want true, false, nil", pw, ok, rehash, err)
		}
	}
}

func TestHashSaltsDiffer(t *testing.T) {
	h := testHasher(t)
	a, _ := h.Hash(context.Background(), "same password")
	b, _ := h.Hash(context.Background(), "same password")
	if a == b {
		t.Fatalf("two hashes of one password are identical: %q", a)
	}
}

func TestVerifyWrongPassword(t *testing.T) {
	h := testHasher(t)
	ctx := context.Background()
	enc, err := h.Hash(ctx, "the right one")
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"the right on", "the right one ", "The right one", ""} {
		ok, rehash, err := h.Verify(ctx, enc, pw)
		if ok || rehash || err != nil {
			t.Errorf("Verify(%q) = %v, %v, %v; want false, false, nil", pw, ok, rehash, err)
		}
	}
}

func TestVerifyTamperedHash(t *testing.T) {
	h := testHasher(t)
	ctx := context.Background()
	enc, err := h.Hash(ctx, "tamper target")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(enc, "$")
	flip := func(s string) string {
		b := []byte(s)
		if b[0] == 'A' {
			b[0] = 'B'
		} else {
			b[0] = 'A'
		}
		return string(b)
	}
	cases := map[string]string{
		"salt changed": strings.Join(append(parts[:4:4], flip(parts[4]), parts[5]), "$"),
		"key changed":  strings.Join(append(parts[:5:5], flip(parts[5])), "$"),
		"t raised":     strings.Replace(enc, "t=1", "t=2", 1),
		"m raised":     strings.Replace(enc, "m=64", "m=128", 1),
	}
	for name, bad := range cases {
		ok, _, err := h.Verify(ctx, bad, "tamper target")
		if ok {
			t.Errorf("%s: Verify accepted %q", name, bad)
		}
		if err != nil {
			t.Errorf("%s: Verify(%q) error %v; a well-formed mismatch is not an error", name, bad, err)
		}
	}
}

func TestVerifyMalformed(t *testing.T) {
	h := testHasher(t)
	good := "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U"
	if _, _, err := h.Verify(context.Background(), good, "pw"); err != nil {
		t.Fatalf("control string rejected: %v", err)
	}
	cases := []string{
		"",
		"plaintext",
		"$argon2id$",
		"$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$t=1,m=64,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=64,t=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=64,t=1,p=0$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=064,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=+64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=64,t=1,p=256$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U", // 4 GiB: over the ceiling
		"$argon2id$v=19$m=64,t=1000,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U", // 4-byte salt
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZ",                        // 3-byte key
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA==$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRz*Wx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0V", // non-canonical tail
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U$",
		"x$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U",
	}
	for _, enc := range cases {
		ok, rehash, err := h.Verify(context.Background(), enc, "pw")
		if ok || rehash || !errors.Is(err, ErrMalformedHash) {
			t.Errorf("Verify(%q) = %v, %v, %v; want false, false, ErrMalformedHash", enc, ok, rehash, err)
		}
	}
}

func TestVerifyNeedsRehash(t *testing.T) {
	ctx := context.Background()
	old := NewHasher(TestParams, 1)
	enc, err := old.Hash(ctx, "migrate me please")
	if err != nil {
		t.Fatal(err)
	}
	changes := map[string]func(*Params){
		"time":    func(p *Params) { p.Time = 2 },
		"memory":  func(p *Params) { p.Memory = 128 },
		"threads": func(p *Params) { p.Threads = 2 },
		"key":     func(p *Params) { p.KeyLen = 16 },
		"salt":    func(p *Params) { p.SaltLen = 32 },
	}
	for name, change := range changes {
		p := TestParams
		change(&p)
		h := NewHasher(p, 1)
		ok, rehash, err := h.Verify(ctx, enc, "migrate me please")
		if !ok || !rehash || err != nil {
			t.Errorf("%s changed: Verify = %v, %v, %v; want true, true, nil", name, ok, rehash, err)
		}
		if ok, rehash, _ := h.Verify(ctx, enc, "wrong password!"); ok || rehash {
			t.Errorf("%s changed: wrong password gave ok=%v needsRehash=%v", name, ok, rehash)
		}
		fresh, _ := h.Hash(ctx, "migrate me please")
		if ok, rehash, _ := h.Verify(ctx, fresh, "migrate me please"); !ok || rehash {
			t.Errorf("%s changed: rehashed string still reports needsRehash", name)
		}
	}
}

func TestHasherWaitsHonourContext(t *testing.T) {
	h := NewHasher(TestParams, 1)
	h.sem <- struct{}{} // occupy the only slot
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 2)
	go func() { _, err := h.Hash(ctx, "queued"); done <- err }()
	go func() {
		_, _, err := h.Verify(ctx, encodePHC(TestParams, make([]byte, 16), make([]byte, 32)), "queued")
		done <- err
	}()
	cancel()
	for range 2 {
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("waiting call returned %v; want context.Canceled", err)
		}
	}
	<-h.sem // free the slot: work proceeds again
	if _, err := h.Hash(context.Background(), "after"); err != nil {
		t.Fatalf("Hash after slot freed: %v", err)
	}
	if n := len(h.sem); n != 0 {
		t.Fatalf("semaphore holds %d slots after calls returned; want 0", n)
	}
}

func TestHashCancelledContext(t *testing.T) {
	h := testHasher(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Hash(ctx, "never"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Hash with cancelled ctx = %v; want context.Canceled", err)
	}
	if err := h.Burn(ctx, "never"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Burn with cancelled ctx = %v; want context.Canceled", err)
	}
}

func TestBurn(t *testing.T) {
	if err := testHasher(t).Burn(context.Background(), "no such user"); err != nil {
		t.Fatal(err)
	}
}

func TestParamsValidate(t *testing.T) {
	if err := DefaultParams.Validate(); err != nil {
		t.Errorf("DefaultParams: %v", err)
	}
	if err := TestParams.Validate(); err != nil {
		t.Errorf("TestParams: %v", err)
	}
	bad := []Params{
		{Time: 0, Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Time: 1, Memory: 64, Threads: 0, SaltLen: 16, KeyLen: 32},
		{Time: 1, Memory: 7, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Time: 1, Memory: 64, Threads: 1, SaltLen: 4, KeyLen: 32},
		{Time: 1, Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 8},
	}
	for _, p := range bad {
		if p.Validate() == nil {
			t.Errorf("Validate(%+v) = nil; want error", p)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("NewHasher with invalid params did not panic")
		}
	}()
	NewHasher(bad[0], 1)
}

func TestDefaultParamsMatchPHC(t *testing.T) {
	want := Params{Time: 2, Memory: 19456, Threads: 1, SaltLen: 16, KeyLen: 32}
	if DefaultParams != want {
		t.Fatalf("DefaultParams = %+v; want %+v", DefaultParams, want)
	}
}

func BenchmarkHashDefault(b *testing.B) {
	h := NewHasher(DefaultParams, 1)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.Hash(ctx, "benchmark password 123"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSignUpLaneIsSeparate checks that sign-in hashing gets a slot while
// every sign-up slot is held, and that each lane counts its own work.
func TestSignUpLaneIsSeparate(t *testing.T) {
	h := NewHasher(TestParams, 2)
	up := h.SignUp()
	if up == h || up.SignUp() != up {
		t.Fatal("SignUp must be a lane of its own, and its own sign-up lane")
	}
	for range cap(up.sem) {
		up.sem <- struct{}{} // a flood of sign-ups holds every slot
	}
	enc := encodePHC(TestParams, make([]byte, 16), make([]byte, 32))
	// If sign-in shared the sign-up semaphore this would wait until the
	// guard's deadline and fail with it.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, _, err := h.Verify(ctx, enc, "signing in"); err != nil {
		t.Fatalf("sign-in while sign-up slots are full: %v", err)
	}
	if h.Computed() != 1 || up.Computed() != 0 {
		t.Errorf("computed: sign-in lane %d, sign-up lane %d; want 1 and 0", h.Computed(), up.Computed())
	}
	for range cap(up.sem) {
		<-up.sem
	}
	if _, err := up.Hash(context.Background(), "new account"); err != nil || up.Computed() != 1 {
		t.Fatalf("sign-up lane after slots freed: %v, computed %d", err, up.Computed())
	}
}
