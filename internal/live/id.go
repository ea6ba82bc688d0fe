package live

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"time"
)

// An event id is "<ms>-<seq>": 12 hex digits of Unix milliseconds, then 16
// hex digits of a per-generator counter. Fixed width makes string order equal
// time order, so any node can tell which of two ids is newer without asking
// the publisher. The counter starts at a random point so two nodes publishing
// in the same millisecond still produce distinct ids.
const (
	idTimeDigits = 12
	idSeqDigits  = 16
	idLen        = idTimeDigits + 1 + idSeqDigits
	idTimeMask   = 1<<48 - 1
)

// idGen hands out strictly increasing ids for one publisher.
type idGen struct {
	mu     sync.Mutex
	lastMS uint64
	seq    uint64
}

func newIDGen() *idGen {
	// Half the range leaves 2^63 steps before the counter could wrap and
	// break ordering within a millisecond.
	return &idGen{seq: rand.Uint64() >> 1}
}

func (g *idGen) next(now time.Time) string {
	ms := uint64(now.UnixMilli()) & idTimeMask
	g.mu.Lock()
	if ms < g.lastMS {
		// The clock stepped back; reusing the last millisecond keeps this
		// publisher's ids ordered.
		ms = g.lastMS
	}
	g.lastMS = ms
	g.seq++
	seq := g.seq
	g.mu.Unlock()
	return formatID(ms, seq)
}

func formatID(ms, seq uint64) string {
	var b [idLen]byte
	putHex(b[:idTimeDigits], ms)
	b[idTimeDigits] = '-'
	putHex(b[idTimeDigits+1:], seq)
	return string(b[:])
}

// putHex writes v as zero-padded lowercase hex filling dst.
func putHex(dst []byte, v uint64) {
	const digits = "0123456789abcdef"
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = digits[v&0xf]
		v >>= 4
	}
}

// idMillis extracts the timestamp from an id made by formatID.
func idMillis(id string) (uint64, bool) {
	if len(id) != idLen || id[idTimeDigits] != '-' {
		return 0, false
	}
	ms, err := strconv.ParseUint(id[:idTimeDigits], 16, 64)
	if err != nil {
		return 0, false
	}
	if _, err := strconv.ParseUint(id[idTimeDigits+1:], 16, 64); err != nil {
		return 0, false
	}
	return ms, true
}
