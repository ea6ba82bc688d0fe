// Package loadgen is parley's HTTP load harness: a fixed number of
// concurrent keep-alive connections issue requests for a bounded time or
// count and report throughput and latency percentiles (Run, closed-loop),
// or requests are sent at a fixed rate with latency measured from when each
// was due (RunPaced, open-loop; see paced.go). It also serves the
// reference "ceiling" page (a fixed 20 KB body from a bare net/http
// handler) so results can be stated as a ratio to what the machine can do
// at all, which holds on a noisy machine. It imports nothing of parley's.
package loadgen

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Target is one scenario: requests made by Next, which may vary the URL
// or body per call. Next runs on the worker's goroutine.
type Target struct {
	Name string
	Next func(worker, i int) (*http.Request, error)
	// OK decides whether a response counts as a success (default: 2xx/3xx).
	OK func(status int) bool
}

// Options bound a run.
type Options struct {
	Connections int
	Duration    time.Duration
	MaxRequests int // 0: no limit
}

// Result summarizes one target.
type Result struct {
	Name       string
	Requests   int
	Errors     int
	Elapsed    time.Duration
	RPS        float64
	P50, P90   time.Duration
	P99, Max   time.Duration
	FirstError string
}

// checkLoopback refuses a target whose first request leaves the machine.
func checkLoopback(t Target) error {
	probe, err := t.Next(0, 0)
	if err != nil {
		return err
	}
	if !isLoopback(probe.URL.Hostname()) {
		return fmt.Errorf("loadgen: %s is not a loopback address", probe.URL.Host)
	}
	return nil
}

// Run drives a target and returns its result. Only loopback URLs are
// allowed, so the harness can never load someone else's server.
func Run(ctx context.Context, t Target, opt Options) (Result, error) {
	if opt.Connections <= 0 {
		opt.Connections = 64
	}
	if err := checkLoopback(t); err != nil {
		return Result{}, err
	}
	ok := okFunc(t)
	client, closeIdle := newClient(opt.Connections)
	defer closeIdle()
	ctx, cancel := context.WithTimeout(ctx, opt.Duration)
	defer cancel()
	var issued, errs atomic.Int64
	var firstErr atomic.Value
	lat := make([][]time.Duration, opt.Connections)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < opt.Connections; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				n := issued.Add(1)
				if opt.MaxRequests > 0 && n > int64(opt.MaxRequests) {
					return
				}
				req, err := t.Next(w, i)
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				t0 := time.Now()
				res, err := client.Do(req.WithContext(ctx))
				if err != nil {
					if ctx.Err() == nil {
						errs.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
					}
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				d := time.Since(t0)
				lat[w] = append(lat[w], d)
				if !ok(res.StatusCode) {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("status %d from %s", res.StatusCode, req.URL.Path))
				}
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	first, _ := firstErr.Load().(string)
	return summarize(t.Name, all, int(errs.Load()), elapsed, first), nil
}

func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	if i > len(sorted) {
		i = len(sorted)
	}
	return sorted[i-1]
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Ceiling serves a fixed 20 KB HTML page from a bare handler on a
// loopback port; it is the reference every result is divided by.
func Ceiling() (url string, stop func(), err error) {
	body := []byte("<!doctype html><title>ceiling</title><p>" + strings.Repeat("parley ", 20*1024/7) + "</p>")[:20*1024]
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(body)
	})}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String() + "/", func() { _ = srv.Close() }, nil
}

// Table formats results as a Markdown table with each throughput also as
// a ratio to the ceiling's.
func Table(ceiling Result, results []Result) string {
	var b strings.Builder
	b.WriteString("| scenario | req/s | × ceiling | p50 | p90 | p99 | errors |\n|---|---:|---:|---:|---:|---:|---:|\n")
	row := func(r Result) {
		ratio := 0.0
		if ceiling.RPS > 0 {
			ratio = r.RPS / ceiling.RPS
		}
		fmt.Fprintf(&b, "| %s | %.0f | %.2f | %s | %s | %s | %d |\n", r.Name, r.RPS, ratio, ms(r.P50), ms(r.P90), ms(r.P99), r.Errors)
	}
	row(ceiling)
	for _, r := range results {
		row(r)
	}
	return b.String()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
