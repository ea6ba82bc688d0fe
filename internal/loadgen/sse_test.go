package loadgen

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestSSEFleetSeesEveryEvent: every stream of a fleet records the event
// sent after Arm, heartbeats and the retry block are not taken for it, and
// a round in which nothing is sent counts every stream as missed.
func TestSSEFleetSeesEveryEvent(t *testing.T) {
	var mu sync.Mutex
	var subs []chan string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ch := make(chan string, 4)
		mu.Lock()
		subs = append(subs, ch)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "retry: 3000\n\n")
		http.NewResponseController(w).Flush()
		for {
			select {
			case <-r.Context().Done():
				return
			case s := <-ch:
				fmt.Fprint(w, s)
				http.NewResponseController(w).Flush()
			}
		}
	}))
	defer srv.Close()
	const n = 50
	ctx := context.Background()
	f, err := DialSSE(ctx, srv.URL+"/live", n, SSEDialOptions{Concurrency: 8})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	send := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		for _, ch := range subs {
			ch <- s
		}
	}
	for round := range 3 {
		f.Arm()
		send(": keep-alive\n\n")
		send(fmt.Sprintf("id: %d\nevent: reply\ndata: {}\n\n", round))
		lat, missed := f.Wait(ctx, time.Minute)
		if missed != 0 || len(lat) != n {
			t.Fatalf("round %d: %d delays, %d missed; want %d and 0", round, len(lat), missed, n)
		}
	}
	f.Arm()
	send(": keep-alive\n\n")
	if lat, missed := f.Wait(ctx, 50*time.Millisecond); missed != n || len(lat) != 0 {
		t.Fatalf("a round without an event: %d delays, %d missed", len(lat), missed)
	}
	if d := Summarize([]time.Duration{3, 1, 2}, 0); d.Min != 1 || d.Max != 3 || d.P50 != 2 {
		t.Fatalf("Summarize: %+v", d)
	}
}

func TestDialSSERefusesRemoteAndFailedStreams(t *testing.T) {
	if _, err := DialSSE(context.Background(), "http://192.0.2.1/live", 1, SSEDialOptions{}); err == nil {
		t.Fatal("dialed a non-loopback address")
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	if _, err := DialSSE(context.Background(), srv.URL+"/live", 3, SSEDialOptions{}); err == nil {
		t.Fatal("a 404 was taken for a stream")
	}
}
