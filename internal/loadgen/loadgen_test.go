package loadgen

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRunAgainstCeiling(t *testing.T) {
	url, stop, err := Ceiling()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	target := Target{Name: "ceiling", Next: func(int, int) (*http.Request, error) { return http.NewRequest("GET", url, nil) }}
	r, err := Run(context.Background(), target, Options{Connections: 4, Duration: 5 * time.Second, MaxRequests: 200})
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 200 || r.Errors != 0 {
		t.Fatalf("requests %d errors %d (%s), want 200 and 0", r.Requests, r.Errors, r.FirstError)
	}
	if !(r.P50 <= r.P90 && r.P90 <= r.P99 && r.P99 <= r.Max && r.P50 > 0) {
		t.Errorf("percentiles out of order: %v %v %v %v", r.P50, r.P90, r.P99, r.Max)
	}
	tbl := Table(r, []Result{r})
	if !strings.Contains(tbl, "| ceiling |") || !strings.Contains(tbl, "1.00") {
		t.Errorf("table lacks the ceiling row or its unit ratio:\n%s", tbl)
	}
}

func TestRunCountsFailures(t *testing.T) {
	url, stop, err := Ceiling()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	target := Target{Name: "strict", Next: func(int, int) (*http.Request, error) { return http.NewRequest("GET", url, nil) },
		OK: func(s int) bool { return s == http.StatusTeapot }}
	r, err := Run(context.Background(), target, Options{Connections: 2, Duration: 5 * time.Second, MaxRequests: 10})
	if err != nil {
		t.Fatal(err)
	}
	if r.Errors != 10 || r.FirstError == "" {
		t.Fatalf("errors %d (%q), want 10 with a message", r.Errors, r.FirstError)
	}
}

func TestRefusesRemoteTargets(t *testing.T) {
	target := Target{Name: "remote", Next: func(int, int) (*http.Request, error) { return http.NewRequest("GET", "http://192.0.2.1/", nil) }}
	if _, err := Run(context.Background(), target, Options{Connections: 1, Duration: time.Second}); err == nil {
		t.Fatal("a non-loopback target was accepted")
	}
}
