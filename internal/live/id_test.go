package live

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestIDsIncreaseEvenWhenTheClockDoesNot(t *testing.T) {
	g := newIDGen()
	base := time.UnixMilli(1_700_000_000_000)
	times := []time.Time{base, base, base.Add(time.Millisecond), base.Add(-time.Second), base}
	prev := ""
	for i, now := range times {
		id := g.next(now)
		if id <= prev {
			t.Fatalf("id %d = %q, not after %q", i, id, prev)
		}
		prev = id
	}
}

func TestIDOrderIsTimeOrderAcrossGenerators(t *testing.T) {
	a, b := newIDGen(), newIDGen()
	base := time.UnixMilli(1_700_000_000_000)
	ida, idb := a.next(base), b.next(base)
	if ida == idb {
		t.Fatalf("two generators made the same id %q", ida)
	}
	if later := b.next(base.Add(time.Millisecond)); later <= ida {
		t.Errorf("id from a later millisecond %q sorts before %q", later, ida)
	}
}

func TestIDStringOrderMatchesNumericOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		ms1, ms2 := r.Uint64N(1<<48), r.Uint64N(1<<48)
		s1, s2 := r.Uint64(), r.Uint64()
		a, b := formatID(ms1, s1), formatID(ms2, s2)
		numLess := ms1 < ms2 || ms1 == ms2 && s1 < s2
		if (a < b) != numLess {
			t.Fatalf("%q < %q is %v, numeric order says %v", a, b, a < b, numLess)
		}
	}
}

func TestIDMillis(t *testing.T) {
	for _, tc := range []struct {
		id string
		ms uint64
		ok bool
	}{
		{formatID(0x18f2a3b4c5d, 42), 0x18f2a3b4c5d, true},
		{formatID(1<<48-1, 1<<64-1), 1<<48 - 1, true},
		{"", 0, false},
		{"018f2a3b4c5d_000000000000002a", 0, false},
		{"018f2a3b4c5z-000000000000002a", 0, false},
		{"018f2a3b4c5d-00000000000000zz", 0, false},
		{"018f2a3b4c5d-000000000000002a0", 0, false},
	} {
		ms, ok := idMillis(tc.id)
		if ms != tc.ms || ok != tc.ok {
			t.Errorf("idMillis(%q) = %d, %v; want %d, %v", tc.id, ms, ok, tc.ms, tc.ok)
		}
	}
}
