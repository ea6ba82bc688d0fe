// Package auth holds parley's credential primitives: argon2id password
// hashing with bounded concurrency, random bearer secrets (API tokens and
// session ids) stored only as SHA-256 digests, HMAC-based CSRF tokens, and
// the validators for usernames, passwords and email addresses.
//
// auth is a leaf: it imports the standard library and golang.org/x/crypto
// only, never another parley package, so the domain (internal/forum) and both
// HTTP surfaces can depend on it without cycles. It knows nothing about
// storage or HTTP; callers persist the strings it returns and decide which
// cookie or header carries them.
package auth
