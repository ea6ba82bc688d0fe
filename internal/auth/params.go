package auth

import "fmt"

// Params are the argon2id cost settings. Memory is in KiB, as in the PHC
// string, so the number written to the database is the number configured.
type Params struct {
	Time    uint32 // passes over memory (t)
	Memory  uint32 // KiB of memory per hash (m)
	Threads uint8  // lanes (p)
	SaltLen uint32 // bytes of random salt
	KeyLen  uint32 // bytes of derived key
}

// DefaultParams follow the OWASP minimum for argon2id (m=19 MiB, t=2, p=1):
// roughly tens of milliseconds per hash on a server core, and the memory
// cost is what the Hasher's semaphore budgets for.
var DefaultParams = Params{Time: 2, Memory: 19 * 1024, Threads: 1, SaltLen: 16, KeyLen: 32}

// TestParams are deliberately weak so that tests hashing many passwords stay
// fast. Never use them for real accounts.
var TestParams = Params{Time: 1, Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 32}

// Ceilings on what Verify accepts from a stored string, relative to the
// Hasher's own Params. A string claiming a vastly higher cost than the
// configured one is either corrupt or planted, and honouring it would let a
// single row pin gigabytes of memory or minutes of CPU. Lowering the
// configured cost by less than this factor still verifies old hashes.
const costCeilingFactor = 16

const (
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 128
)

// Validate reports whether p can be used to create hashes.
func (p Params) Validate() error {
	if !p.within(p) {
		return fmt.Errorf("argon2id params t=%d m=%d p=%d salt=%d key=%d: need t>=1, p>=1, m>=8*p KiB, salt %d-%d bytes, key %d-%d bytes",
			p.Time, p.Memory, p.Threads, p.SaltLen, p.KeyLen, minSaltLen, maxSaltLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// within reports whether stored params are ones this Hasher is willing to
// compute.
func (p Params) within(limit Params) bool {
	switch {
	case p.Time < 1 || uint64(p.Time) > costCeilingFactor*uint64(limit.Time):
		return false
	case p.Memory < 8*uint32(p.Threads) || uint64(p.Memory) > costCeilingFactor*uint64(limit.Memory):
		return false
	case p.Threads < 1 || uint64(p.Threads) > costCeilingFactor*uint64(limit.Threads):
		return false
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return false
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return false
	}
	return true
}
