package metrics

import (
	"runtime"
	"strings"
	"sync"
	"testing"
)

// TestScrapesDuringObservationsAreConsistent scrapes while other goroutines
// observe: every scrape must show cumulative buckets whose +Inf equals the
// count (parseText checks each histogram). A registry that read buckets and
// count at different moments failed this.
func TestScrapesDuringObservationsAreConsistent(t *testing.T) {
	r := NewRegistry()
	h := r.NewHistogramVec("h_seconds", "", []float64{0.1, 1}, "k")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals := []float64{0.05, 0.5, 5}
			for j := 0; ; j++ {
				select {
				case <-stop:
					return
				default:
				}
				h.With("x").Observe(vals[(i+j)%3])
			}
		}()
	}
	for range 40 {
		var sb strings.Builder
		if err := r.WriteText(&sb); err != nil {
			t.Fatal(err)
		}
		parseText(t, sb.String())
		runtime.Gosched()
	}
	close(stop)
	wg.Wait()
}

// TestRuntimeAndProcessMetrics: a new registry already reports the Go
// runtime and, where the platform has /proc, the process.
func TestRuntimeAndProcessMetrics(t *testing.T) {
	var sb strings.Builder
	if err := NewRegistry().WriteText(&sb); err != nil {
		t.Fatal(err)
	}
	e := parseText(t, sb.String())
	want := []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "go_gc_duration_seconds"}
	if runtime.GOOS == "linux" {
		want = append(want, "process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds")
	}
	for _, name := range want {
		if e.types[name] == "" {
			t.Errorf("%s missing", name)
		}
	}
}
