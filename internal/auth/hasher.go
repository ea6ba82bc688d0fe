package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"runtime"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Hasher hashes and verifies passwords with argon2id. Each hash holds
// Params.Memory KiB for its duration, so a burst of sign-ins could exhaust
// memory; the semaphore caps how many run at once and makes the rest queue,
// giving up when their request context ends.
//
// A Hasher has two lanes with a semaphore each: itself, for signing in and
// changing passwords, and SignUp(), for new accounts. A flood of sign-ups
// (anonymous, cheap to send) then queues behind other sign-ups only, and
// the people who already have an account still sign in at once.
type Hasher struct {
	params   Params
	sem      chan struct{}
	computed atomic.Int64
	signUp   *Hasher // the sign-up lane; nil on that lane itself
}

// NewHasher returns a Hasher producing hashes with p. maxConcurrent bounds
// simultaneous hash computations on each of its two lanes (so at most
// 2×maxConcurrent×p.Memory is in use); values below 1 mean GOMAXPROCS, since
// argon2 with one lane is CPU-bound and more workers than cores only adds
// memory pressure. It panics if p fails Validate: cost settings are fixed at
// start-up, and configuration code should call Validate itself to report a
// friendly error.
func NewHasher(p Params, maxConcurrent int) *Hasher {
	if err := p.Validate(); err != nil {
		panic("auth.NewHasher: " + err.Error())
	}
	if maxConcurrent < 1 {
		maxConcurrent = runtime.GOMAXPROCS(0)
	}
	return &Hasher{params: p, sem: make(chan struct{}, maxConcurrent),
		signUp: &Hasher{params: p, sem: make(chan struct{}, maxConcurrent)}}
}

// SignUp returns the lane new accounts hash their passwords on: the same
// parameters with a semaphore of its own. On that lane it returns itself.
func (h *Hasher) SignUp() *Hasher {
	if h.signUp == nil {
		return h
	}
	return h.signUp
}

// Computed reports how many argon2 computations this lane has run, for
// metrics and for tests that check refused requests cost no hashing.
func (h *Hasher) Computed() int64 { return h.computed.Load() }

// Params returns the cost settings new hashes are made with.
func (h *Hasher) Params() Params { return h.params }

// Hash returns the PHC-encoded argon2id hash of password with a fresh salt.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: read salt: %w", err)
	}
	key, err := h.derive(ctx, h.params, []byte(password), salt)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return encodePHC(h.params, salt, key), nil
}

// Verify reports whether password matches encoded. The cost parameters come
// from encoded itself, so hashes made under older settings keep working;
// needsRehash is true when such a hash matched and should be replaced by
// Hash's output at the caller's convenience (typically right after sign-in).
// A mismatch is (false, false, nil); err is reserved for malformed or
// unacceptable strings and for a context that ended while waiting.
func (h *Hasher) Verify(ctx context.Context, encoded, password string) (ok bool, needsRehash bool, err error) {
	p, salt, want, err := decodePHC(encoded)
	if err != nil {
		return false, false, fmt.Errorf("verify password: %w", err)
	}
	if !p.within(h.params) {
		return false, false, fmt.Errorf("verify password: %w: parameters outside accepted range", ErrMalformedHash)
	}
	got, err := h.derive(ctx, p, []byte(password), salt)
	if err != nil {
		return false, false, fmt.Errorf("verify password: %w", err)
	}
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	return true, p != h.params, nil
}

// Burn spends the same effort as a Verify without checking anything. Sign-in
// calls it when the account does not exist, so response time does not reveal
// which usernames are registered.
func (h *Hasher) Burn(ctx context.Context, password string) error {
	salt := make([]byte, h.params.SaltLen)
	if _, err := h.derive(ctx, h.params, []byte(password), salt); err != nil {
		return fmt.Errorf("burn password hash: %w", err)
	}
	return nil
}

// derive runs argon2id once a semaphore slot is free.
func (h *Hasher) derive(ctx context.Context, p Params, password, salt []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-h.sem }()
	h.computed.Add(1)
	return argon2.IDKey(password, salt, p.Time, p.Memory, p.Threads, p.KeyLen), nil
}
