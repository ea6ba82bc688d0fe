package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestRunPacedSendsTheSchedule checks the pacing: at 200 requests/s for
// half a second exactly the 100 scheduled requests are sent, and they are
// spread over the schedule rather than sent at once (the last arrives no
// earlier than it was due). Both are lower bounds or exact counts, never
// a latency threshold.
func TestRunPacedSendsTheSchedule(t *testing.T) {
	var mu sync.Mutex
	var arrivals []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
	}))
	defer srv.Close()
	target := Target{Name: "paced", Next: func(int, int) (*http.Request, error) { return http.NewRequest("GET", srv.URL, nil) }}
	start := time.Now()
	r, err := RunPaced(context.Background(), target, PacedOptions{Rate: 200, Duration: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 100 || r.Errors != 0 {
		t.Fatalf("requests %d errors %d (%s), want 100 and 0", r.Requests, r.Errors, r.FirstError)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(arrivals) != 100 {
		t.Fatalf("server saw %d requests, want 100", len(arrivals))
	}
	last := arrivals[0]
	for _, a := range arrivals {
		if a.After(last) {
			last = a
		}
	}
	if due := dueAt(start, 99, 200); last.Before(due) {
		t.Fatalf("last request arrived %v after start, before its due time %v: not paced", last.Sub(start), due.Sub(start))
	}
	if !(r.P50 <= r.P99 && r.P99 <= r.Max) {
		t.Errorf("percentiles out of order: %v %v %v", r.P50, r.P99, r.Max)
	}
}

// TestRunPacedCountsFromDueTime shows what open-loop measurement is for: a
// server that answers one request at a time, each taking at least 20 ms,
// cannot keep up with 200 requests/s. Closed-loop, every request would
// take about 20 ms; paced, the requests queue behind each other and the
// latency of the last one, counted from when it was due, is at least the
// backlog: 40 × 20 ms of service minus the 195 ms at which it fell due.
func TestRunPacedCountsFromDueTime(t *testing.T) {
	var busy atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if busy.Add(1) > 1 {
			t.Error("more than one request in flight")
		}
		time.Sleep(20 * time.Millisecond) // the server's cost, not a timing assertion
		busy.Add(-1)
	}))
	defer srv.Close()
	target := Target{Name: "slow", Next: func(int, int) (*http.Request, error) { return http.NewRequest("GET", srv.URL, nil) }}
	r, err := RunPaced(context.Background(), target, PacedOptions{Rate: 200, Duration: 200 * time.Millisecond, MaxInFlight: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 40 {
		t.Fatalf("requests %d, want 40", r.Requests)
	}
	if floor := 40*20*time.Millisecond - 195*time.Millisecond; r.Max < floor {
		t.Fatalf("max latency %v, below the backlog %v: latency not counted from the due time", r.Max, floor)
	}
}

func TestRunPacedRefusesRemoteAndBadOptions(t *testing.T) {
	remote := Target{Name: "remote", Next: func(int, int) (*http.Request, error) { return http.NewRequest("GET", "http://192.0.2.1/", nil) }}
	if _, err := RunPaced(context.Background(), remote, PacedOptions{Rate: 10, Duration: time.Second}); err == nil {
		t.Fatal("a non-loopback target was accepted")
	}
	if _, err := RunPaced(context.Background(), remote, PacedOptions{Duration: time.Second}); err == nil {
		t.Fatal("a zero rate was accepted")
	}
}

func TestRunPacedStopsWithContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	target := Target{Name: "cancel", Next: func(int, int) (*http.Request, error) { return http.NewRequest("GET", srv.URL, nil) }}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := RunPaced(ctx, target, PacedOptions{Rate: 10, Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests > 1 {
		t.Fatalf("%d requests sent after the context ended", r.Requests)
	}
}

func TestPacedTable(t *testing.T) {
	tbl := PacedTable([]PacedRow{{Closed: Result{Name: "thread page", RPS: 1234}, Rate: 600,
		Open: Result{P50: time.Millisecond, P90: 2 * time.Millisecond, P99: 5 * time.Millisecond, Max: 9 * time.Millisecond}}})
	for _, want := range []string{"| thread page | 1234 | 600/s | 1.00 ms | 2.00 ms | 5.00 ms | 9.00 ms | 0 |", "open-loop rate"} {
		if !strings.Contains(tbl, want) {
			t.Errorf("table lacks %q:\n%s", want, tbl)
		}
	}
}
