package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/live"
)

// freeLoopback returns a loopback address nothing listens on.
func freeLoopback(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func fetch(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// TestReadyzLeavesTheBusOut: a node whose NATS connection is down still
// serves every page, so /readyz (what a load balancer asks) stays ready;
// /readyz?bus=1 and parley_live_bus_up report the bus, and say why.
func TestReadyzLeavesTheBusOut(t *testing.T) {
	ok := startNode(t, nil, buildOptions{})
	for _, path := range []string{"/readyz", "/readyz?bus=1"} {
		if code, body, _ := fetch(t, ok.url+path); code != http.StatusOK || body != "ready\n" {
			t.Fatalf("%s with the in-process bus: %d %q", path, code, body)
		}
	}

	// The NATS client keeps retrying an unreachable server, which is what
	// a node sees when NATS goes away after start-up.
	down := "nats://" + freeLoopback(t)
	n := startNode(t, nil, buildOptions{open: func(ctx context.Context, cfg *config.Config, logger *slog.Logger) (busConn, error) {
		b, err := live.NewNATSBus(down, "parley.test.readyz", live.BusOptions{Logger: logger})
		if err != nil {
			return busConn{}, err
		}
		return busConn{bus: b, kind: "nats", ready: b.Ready}, nil
	}})
	if code, body, _ := fetch(t, n.url+"/readyz"); code != http.StatusOK || body != "ready\n" {
		t.Fatalf("/readyz with NATS down: %d %q; the database answers, so the node can serve", code, body)
	}
	code, body, _ := fetch(t, n.url+"/readyz?bus=1")
	if code != http.StatusServiceUnavailable || body != "unavailable: event bus not connected\n" {
		t.Fatalf("/readyz?bus=1 with NATS down: %d %q", code, body)
	}
	// Pages do not depend on the bus: the forum still answers.
	if code, _, _ := fetch(t, n.url+"/latest"); code != http.StatusOK {
		t.Fatalf("/latest with NATS down: %d", code)
	}
	if up := scrape(t, n.url+"/metrics")["parley_live_bus_up"]; up != 0 {
		t.Fatalf("parley_live_bus_up = %v with NATS down, want 0", up)
	}
}

// TestUnreachableNATSAtStartup fails start-up with one clear error instead
// of serving a node that would never hear the others.
func TestUnreachableNATSAtStartup(t *testing.T) {
	cfg := &config.Config{NATSURL: "nats://" + freeLoopback(t), NATSSubject: "parley.test.startup"}
	_, err := openBus(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err == nil {
		t.Fatal("openBus succeeded with nothing listening")
	}
	if msg := err.Error(); !strings.Contains(msg, "--nats") || strings.Contains(msg, cfg.NATSURL) {
		t.Fatalf("error %q should name the option and not echo the URL (it may hold credentials)", msg)
	}
}

func TestMetrics(t *testing.T) {
	n := startNode(t, nil, buildOptions{})
	fx := seed(t, n.srv)
	for i := 0; i < 3; i++ {
		fetch(t, n.url+"/latest")
	}
	fetch(t, n.url+"/no/such/page")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	openStream(t, ctx, n.url, fmt.Sprintf("/api/live?thread=%d", fx.threadID), nil)

	m := scrape(t, n.url+"/metrics")
	want := map[string]float64{
		`parley_http_requests_total{code="2xx",method="GET",route="GET /latest"}`:    3,
		`parley_http_requests_total{code="4xx",method="GET",route="/"}`:              1,
		`parley_http_request_duration_seconds_count{route="GET /latest"}`:            3,
		`parley_http_request_duration_seconds_bucket{le="+Inf",route="GET /latest"}`: 3,
		`parley_live_clients`:                  1,
		`parley_live_bus_up`:                   1,
		`parley_live_bus_returns_total`:        0,
		`parley_live_bad_messages_total`:       0,
		`parley_live_publish_dropped_total`:    0,
		`parley_live_dropped_clients_total`:    0,
		`parley_db_write_max_open_connections`: 1, // SQLite's single writer
		`parley_view_flush_errors_total`:       0,
	}
	for k, v := range want {
		got, ok := m[k]
		if !ok {
			t.Errorf("%s missing", k)
		} else if got != v {
			t.Errorf("%s = %v, want %v", k, got, v)
		}
	}
	for _, k := range []string{"parley_db_read_open_connections", "parley_db_read_wait_count_total", "parley_view_flush_lag_seconds"} {
		if _, ok := m[k]; !ok {
			t.Errorf("%s missing", k)
		}
	}
	if _, ok := m[`parley_http_request_duration_seconds_count{route="GET /api/live"}`]; ok {
		t.Error("event streams counted in the latency histogram")
	}
}

// TestMetricsOnTheirOwnAddress keeps /metrics off the public listener when
// --metrics-addr is set.
func TestMetricsOnTheirOwnAddress(t *testing.T) {
	addr := freeLoopback(t)
	n := startNode(t, map[string]string{"PARLEY_METRICS_ADDR": addr}, buildOptions{})
	if code, _, _ := fetch(t, n.url+"/metrics"); code != http.StatusNotFound {
		t.Fatalf("/metrics on the public address: %d, want 404", code)
	}
	if m := scrape(t, "http://"+addr+"/metrics"); len(m) == 0 {
		t.Fatal("no samples on the metrics address")
	}
}

// TestBadBusPayloadIsCounted: a thread message whose payload does not
// decode still drops the thread's cached page and reaches browsers, and
// is counted rather than ignored in silence.
func TestBadBusPayloadIsCounted(t *testing.T) {
	n := startNode(t, nil, buildOptions{})
	m := live.Message{Topic: "thread:1", Type: "reply", Data: []byte("not json")}
	if err := n.srv.live.bus.Publish(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if _, body, _ := fetch(t, n.url+"/metrics"); !strings.Contains(body, "\nparley_live_bad_messages_total 1\n") {
		t.Fatal("parley_live_bad_messages_total is not 1 after a bad payload")
	}
}
