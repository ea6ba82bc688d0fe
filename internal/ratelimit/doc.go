// Package ratelimit decides whether an event (a sign-up, a sign-in attempt,
// a post, a request) may happen now for a given key (an IP address, a
// username, a user id), under a Rule of the form "at most Limit events in any
// Window".
//
// The Limiter interface is deliberately one method wide so a shared,
// database-backed implementation can replace Memory when parley runs on
// several nodes: such a store needs only (rule name, key) → timestamps of
// accepted events, which is exactly the state Memory keeps.
//
// ratelimit is a leaf: it imports only the standard library.
package ratelimit
