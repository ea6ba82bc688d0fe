package loadgen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Run is closed-loop: each connection sends its next request only when the
// previous answer has arrived, so when the server stalls the harness stops
// asking, and the requests it would have sent during the stall are never
// timed. Its percentiles therefore understate what users see under a given
// load (coordinated omission). RunPaced is the open-loop counterpart: it
// sends requests on a fixed schedule (request i is due at start + i/rate)
// whatever the answers do, and measures each latency from the moment the
// request was due, not from when a free connection sent it. A stall then
// counts against every request scheduled during it, as it would for users
// who keep arriving.
//
// A small paced sender of its own rather than a library (vegeta's attacker
// does the same): it shares Target, the loopback rule and Result with Run,
// and adds no dependency to the parley binary, which carries the harness
// for "parley bench".

// PacedOptions bound an open-loop run.
type PacedOptions struct {
	Rate     float64       // requests per second
	Duration time.Duration // requests are scheduled during this long
	// MaxInFlight bounds concurrent requests (default 256). When that
	// many are outstanding, the next request waits for one to finish; its
	// latency still counts from when it was due.
	MaxInFlight int
}

// RunPaced sends t's requests at opt.Rate for opt.Duration and returns
// throughput and latency percentiles measured from each request's due time.
// Every request due within the duration is sent, late if need be, so
// Requests+Errors is rate × duration unless ctx ends first.
func RunPaced(ctx context.Context, t Target, opt PacedOptions) (Result, error) {
	if opt.Rate <= 0 || opt.Duration <= 0 {
		return Result{}, fmt.Errorf("loadgen: paced run needs a positive rate and duration")
	}
	if opt.MaxInFlight <= 0 {
		opt.MaxInFlight = 256
	}
	if err := checkLoopback(t); err != nil {
		return Result{}, err
	}
	ok := okFunc(t)
	client, closeIdle := newClient(opt.MaxInFlight)
	defer closeIdle()

	total := scheduled(opt.Rate, opt.Duration)
	due := make(chan int, opt.MaxInFlight)
	var mu sync.Mutex
	var lat []time.Duration
	var errs int
	var firstErr string
	fail := func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		errs++
		if firstErr == "" {
			firstErr = msg
		}
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range opt.MaxInFlight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range due {
				at := dueAt(start, i, opt.Rate)
				req, err := t.Next(w, i)
				if err != nil {
					fail(err.Error())
					continue
				}
				res, err := client.Do(req.WithContext(ctx))
				if err != nil {
					if ctx.Err() == nil {
						fail(err.Error())
					}
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				d := time.Since(at)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
				if !ok(res.StatusCode) {
					fail(fmt.Sprintf("status %d from %s", res.StatusCode, req.URL.Path))
				}
			}
		}()
	}
	pace(ctx, start, opt.Rate, total, due)
	close(due)
	wg.Wait()
	return summarize(t.Name, lat, errs, time.Since(start), firstErr), nil
}

// scheduled is how many requests fall due in d at rate r.
func scheduled(r float64, d time.Duration) int { return int(r * d.Seconds()) }

// dueAt is when request i falls due.
func dueAt(start time.Time, i int, rate float64) time.Time {
	return start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
}

// pace hands out request numbers 0..total-1, each no earlier than it falls
// due. If the senders fall behind, the channel fills and pace blocks; the
// overdue requests are then handed out at once, keeping their due times.
func pace(ctx context.Context, start time.Time, rate float64, total int, due chan<- int) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for i := range total {
		if wait := time.Until(dueAt(start, i, rate)); wait > 0 {
			timer.Reset(wait)
			select {
			case <-ctx.Done():
				return
			case <-timer.C:
			}
		}
		select {
		case <-ctx.Done():
			return
		case due <- i:
		}
	}
}

// summarize turns latencies and failures into a Result.
func summarize(name string, lat []time.Duration, errs int, elapsed time.Duration, firstErr string) Result {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	r := Result{Name: name, Requests: len(lat), Errors: errs, Elapsed: elapsed, FirstError: firstErr}
	if len(lat) > 0 {
		r.RPS = float64(len(lat)) / elapsed.Seconds()
		r.P50, r.P90, r.P99, r.Max = pct(lat, 50), pct(lat, 90), pct(lat, 99), lat[len(lat)-1]
	}
	return r
}

// newClient is the keep-alive client both modes use: up to conns
// connections, no compression, redirects returned rather than followed.
func newClient(conns int) (*http.Client, func()) {
	transport := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	return &http.Client{Transport: transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, transport.CloseIdleConnections
}

func okFunc(t Target) func(int) bool {
	if t.OK != nil {
		return t.OK
	}
	return func(s int) bool { return s >= 200 && s < 400 }
}

// PacedRow pairs a scenario's closed-loop result with its open-loop run at
// a fixed rate.
type PacedRow struct {
	Closed Result
	Rate   float64
	Open   Result
}

// PacedTable formats open-loop results next to the closed-loop throughput
// of the same scenario, as a Markdown table.
func PacedTable(rows []PacedRow) string {
	var b strings.Builder
	b.WriteString("| scenario | closed-loop req/s | open-loop rate | p50 | p90 | p99 | max | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %.0f | %.0f/s | %s | %s | %s | %s | %d |\n", r.Closed.Name, r.Closed.RPS, r.Rate,
			ms(r.Open.P50), ms(r.Open.P90), ms(r.Open.P99), ms(r.Open.Max), r.Open.Errors)
	}
	return b.String()
}
