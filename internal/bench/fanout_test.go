package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeForum stands in for a parley node: a list page, /api/live streams
// and a reply endpoint that sends an event to every stream.
type fakeForum struct {
	mu      sync.Mutex
	streams []chan int
	replies int
}

func (f *fakeForum) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/api/live":
		ch := make(chan int, 16)
		f.mu.Lock()
		f.streams = append(f.streams, ch)
		f.mu.Unlock()
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "retry: 3000\n\n")
		http.NewResponseController(w).Flush()
		for {
			select {
			case <-r.Context().Done():
				return
			case n := <-ch:
				fmt.Fprintf(w, "id: %d\nevent: reply\ndata: {}\n\n", n)
				http.NewResponseController(w).Flush()
			}
		}
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/replies"):
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		f.mu.Lock()
		f.replies++
		for _, ch := range f.streams {
			ch <- f.replies
		}
		f.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	default:
		fmt.Fprint(w, "<p>a list</p>")
	}
}

// TestFanoutMeasuresEveryStream runs the fan-out scenario against a fake
// node: every round reaches every stream, the replies were posted with the
// token, and the table has the row. It asserts no timing.
func TestFanoutMeasuresEveryStream(t *testing.T) {
	ff := &fakeForum{}
	srv := httptest.NewServer(ff)
	defer srv.Close()
	self, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	node := &child{cmd: &exec.Cmd{Process: self}, base: srv.URL}
	fx := &Fixtures{Subtopic: "general", ReplyTo: 7, Token: "tok"}
	const n = 40
	res, err := fanout(context.Background(), "one node", node, node, fx, LoadOptions{Connections: 2, Duration: 50 * time.Millisecond}, n)
	if err != nil {
		t.Fatal(err)
	}
	if res.Delivery.Missed != 0 || res.Delivery.Samples != n*fanoutRounds {
		t.Fatalf("delivery %+v, want %d samples and none missed", res.Delivery, n*fanoutRounds)
	}
	if ff.replies != fanoutRounds || res.PostErrors != 0 {
		t.Fatalf("%d replies posted, %d refused; want %d and 0", ff.replies, res.PostErrors, fanoutRounds)
	}
	if res.PagesWithout.Requests == 0 || res.PagesWith.Requests == 0 || res.PagesAfter.Requests == 0 {
		t.Fatalf("page runs: %d, %d, %d requests", res.PagesWithout.Requests, res.PagesWith.Requests, res.PagesAfter.Requests)
	}
	if res.RSSWith == 0 {
		t.Error("no resident memory read")
	}
	table := FanoutTable([]FanoutResult{res})
	if !strings.Contains(table, "| one node | 40 |") || !strings.Contains(table, "0 of 400") {
		t.Fatalf("table:\n%s", table)
	}
}
