//go:build !unix

package bench

// RaiseFileLimit has nothing to raise here; it reports no limit.
func RaiseFileLimit(want uint64) (uint64, error) { return want, nil }
