// Package faults injects database faults for tests: Store wraps a
// forum.Store and makes reads fail after a write commits (the moment a
// server is tempted to tell a client that a saved write failed) or makes
// writes fail outright (a full disk, a lost primary). It imports only
// forum and is never linked into the binary's serving path.
package faults
