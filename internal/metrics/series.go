package metrics

import (
	"math"
	"sync/atomic"
)

// series is one labelled time series: a single value for counters and
// gauges, or bucket counts, a sum and a count for histograms.
type series struct {
	values  []string
	value   atomicFloat
	buckets []uint64Counter // cumulative counts are computed when written
	count   uint64Counter
}

type uint64Counter struct{ n atomic.Uint64 }

// atomicFloat is a float64 updated with compare-and-swap, so concurrent
// requests never contend on a lock to count themselves.
type atomicFloat struct{ bits atomic.Uint64 }

func (a *atomicFloat) load() float64 { return math.Float64frombits(a.bits.Load()) }

func (a *atomicFloat) store(v float64) { a.bits.Store(math.Float64bits(v)) }

func (a *atomicFloat) add(d float64) {
	for {
		old := a.bits.Load()
		if a.bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}
