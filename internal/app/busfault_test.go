package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/parley-forum/parley/internal/natstest"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// outageLength is how long the bus stays down, as in the runs.
const outageLength = 5 * time.Second

// freshWithin is the bound from the bus's return to node B
// serving node A's new reply: a correctness requirement (the node must
// not wait for cache expiry or a slow retry), not a speed measurement.
const freshWithin = 2 * time.Second

// busFault breaks a node's bus and mends it.
type busFault struct {
	kill    func(t *testing.T) // returns once the bus is down
	restore func(t *testing.T) // returns once the bus is back
}

// TestBusOutageTwoNodes kills the bus under two nodes for five seconds
// while node A keeps taking replies and a browser watches the thread on
// node B. Afterwards (a) every reply's event either reached B's stream or
// B's stream was told to reset after the reply was sent, so no event is
// missed silently; (b) B serves the last reply of the outage from its page
// cache within two seconds of the bus's return.
func TestBusOutageTwoNodes(t *testing.T) {
	t.Run("nats", func(t *testing.T) {
		srv := natstest.Start(t)
		env := map[string]string{
			"PARLEY_DATABASE_URL": storetest.PostgresURL(t),
			"PARLEY_NATS_URL":     srv.URL(),
			"PARLEY_NATS_SUBJECT": "parley.test.outage",
		}
		runBusOutage(t, env, env, busFault{
			kill:    func(*testing.T) { srv.Stop() },
			restore: func(*testing.T) { srv.Restart() },
		})
	})
	t.Run("postgres-listen-notify", func(t *testing.T) {
		dbURL := storetest.PostgresURL(t)
		// Node B's connections carry a name of their own, so only its
		// listener is terminated, from a connection of the test's.
		u, err := url.Parse(dbURL)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("application_name", "parley-node-b")
		u.RawQuery = q.Encode()
		envA := map[string]string{"PARLEY_DATABASE_URL": dbURL}
		envB := map[string]string{"PARLEY_DATABASE_URL": u.String()}
		killer := &listenerKiller{url: dbURL, name: "parley-node-b"}
		runBusOutage(t, envA, envB, busFault{kill: killer.start, restore: killer.stop})
	})
}

func runBusOutage(t *testing.T, envA, envB map[string]string, fault busFault) {
	a := startNode(t, envA, buildOptions{})
	b := startNode(t, envB, buildOptions{})
	fx := seed(t, a.srv)
	twinURL := threadTwin(t, b.url, fx.threadID)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	thread := watchStream(t, ctx, b.url, fmt.Sprintf("/api/live?thread=%d", fx.threadID))
	list := watchStream(t, ctx, b.url, "/api/live?list=latest")

	var sent []sentReply
	post := func(body string) sentReply {
		r := sentReply{at: time.Now()}
		r.id = postReply(t, a.url, fx, body)
		sent = append(sent, r)
		return r
	}
	if first := post("Before the outage."); !thread.waitReply(first.id, 30*time.Second) {
		t.Fatalf("node B's stream did not deliver post %d", first.id)
	}
	// B caches the thread as it stands before the outage.
	get(t, twinURL)
	if _, _, h := fetch(t, twinURL); h.Get("X-Cache") != "hit" {
		t.Fatalf("node B does not serve the thread from its cache (X-Cache %q); the test would prove nothing", h.Get("X-Cache"))
	}

	fault.kill(t)
	start := time.Now()
	if b.srv.live.kind == "nats" {
		// The bus is reported down where it is asked for.
		waitFor(t, "node B's /readyz?bus=1 to report the bus down", func() bool {
			code, _, _ := fetch(t, b.url+"/readyz?bus=1")
			return code == http.StatusServiceUnavailable
		})
		if _, body, _ := fetch(t, b.url+"/metrics"); !strings.Contains(body, "\nparley_live_bus_up 0\n") {
			t.Fatal("parley_live_bus_up is not 0 during the outage")
		}
	}
	var last sentReply
	for i := 0; time.Since(start) < outageLength; i++ {
		last = post(fmt.Sprintf("Reply %d, posted on node A while the bus is down.", i))
		// Pages and writes do not depend on the bus: no node leaves
		// rotation, though the bus is reported down.
		if code, body, _ := fetch(t, b.url+"/readyz"); code != http.StatusOK {
			t.Fatalf("node B's /readyz during the bus outage: %d %q", code, body)
		}
		time.Sleep(100 * time.Millisecond) // a steady trickle of writes, not a measurement
	}
	fault.restore(t)
	back := time.Now()

	// (b) B serves the outage's last reply within the bound.
	for page := get(t, twinURL); !strings.Contains(page, fmt.Sprintf(`"id":%d`, last.id)); page = get(t, twinURL) {
		if time.Since(back) > freshWithin {
			// Say what B knew, so a failure explains itself: whether B
			// saw the bus return at all, and what its page held.
			t.Fatalf("node B still serves the thread without post %d %v after the bus returned (outage began %v before; B's bus ready: %v; B's page, %d bytes, ends %q)",
				last.id, freshWithin, back.Sub(start).Round(time.Millisecond), b.srv.live.busReady(), len(page), page[max(0, len(page)-300):])
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("node B served the outage's last reply %v after the bus returned", time.Since(back).Round(time.Millisecond))

	// Once both nodes are connected again, new replies reach B live. (A
	// reply racing B's resubscription may instead be covered by a reset,
	// so a few are tried.)
	waitFor(t, "both nodes back on the bus", func() bool {
		return a.srv.live.busReady() == nil && b.srv.live.busReady() == nil
	})
	if code, body, _ := fetch(t, b.url+"/readyz?bus=1"); code != http.StatusOK {
		t.Fatalf("node B's /readyz?bus=1 after the outage: %d %q", code, body)
	}
	for i := 0; ; i++ {
		after := post("After the outage.")
		if thread.waitReply(after.id, 5*time.Second) {
			break
		}
		if i == 5 {
			t.Fatalf("node B's stream delivers no new reply after the outage")
		}
	}

	// (a) Nothing was missed without a reset after it.
	got, resets := thread.snapshot()
	missed := 0
	for _, r := range sent {
		if _, ok := got[r.id]; ok {
			continue
		}
		missed++
		if !resetAfter(resets, r.at) {
			t.Errorf("node B's stream missed post %d (sent %s) and was never told to reset after it",
				r.id, r.at.Format("15:04:05.000"))
		}
	}
	if len(resets) == 0 {
		t.Error("node B's thread stream got no reset although its bus was down for seconds")
	}
	if _, listResets := list.snapshot(); len(listResets) == 0 {
		t.Error("node B's list stream got no reset although its bus was down for seconds")
	}
	t.Logf("%d replies: %d reached node B's stream, %d were covered by one of %d resets",
		len(sent), len(sent)-missed, missed, len(resets))
}

type sentReply struct {
	id int64
	at time.Time // before the request was sent: the event cannot be older
}

func resetAfter(resets []time.Time, at time.Time) bool {
	for _, r := range resets {
		if r.After(at) {
			return true
		}
	}
	return false
}

// watchedStream records, in the background, which replies a stream
// delivered and when it was told to reset.
type watchedStream struct {
	mu      sync.Mutex
	replies map[int64]time.Time
	resets  []time.Time
	arrived chan struct{} // pinged on every event
}

func watchStream(t *testing.T, ctx context.Context, baseURL, path string) *watchedStream {
	t.Helper()
	s := openStream(t, ctx, baseURL, path, nil)
	w := &watchedStream{replies: map[int64]time.Time{}, arrived: make(chan struct{}, 1)}
	go func() {
		for {
			ev, err := s.next()
			if err != nil {
				return
			}
			now := time.Now()
			w.mu.Lock()
			switch ev.name {
			case "reset":
				w.resets = append(w.resets, now)
			case "reply":
				var p struct {
					PostID int64 `json:"post_id"`
				}
				if json.Unmarshal([]byte(ev.data), &p) == nil {
					w.replies[p.PostID] = now
				}
			}
			w.mu.Unlock()
			select {
			case w.arrived <- struct{}{}:
			default:
			}
		}
	}()
	return w
}

func (w *watchedStream) snapshot() (map[int64]time.Time, []time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	got := make(map[int64]time.Time, len(w.replies))
	for k, v := range w.replies {
		got[k] = v
	}
	return got, append([]time.Time(nil), w.resets...)
}

// waitReply reports whether the stream delivers post id within limit.
func (w *watchedStream) waitReply(id int64, limit time.Duration) bool {
	timeout := time.After(limit)
	for {
		w.mu.Lock()
		_, ok := w.replies[id]
		w.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-w.arrived:
		case <-timeout:
			return false
		}
	}
}

// waitFor polls cond; the limit only guards against hanging.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// listenerKiller terminates the LISTEN backends of the connections named
// name, over and over, from a connection of its own: the listener keeps
// coming back and keeps being cut off, as through a flapping link.
type listenerKiller struct {
	url, name string
	done      chan struct{}
	stopped   chan struct{}
}

func (k *listenerKiller) start(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, k.url)
	if err != nil {
		t.Fatal(err)
	}
	kill := func() (int, error) {
		var n int
		err := conn.QueryRow(ctx, `SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = $1 AND query LIKE 'LISTEN%') AS killed`, k.name).Scan(&n)
		return n, err
	}
	if n, err := kill(); err != nil || n != 1 {
		conn.Close(ctx)
		t.Fatalf("terminate node B's listener: %d killed, %v", n, err)
	}
	k.done, k.stopped = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(k.stopped)
		defer conn.Close(ctx)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-k.done:
				return
			case <-tick.C:
				if _, err := kill(); err != nil {
					return
				}
			}
		}
	}()
	t.Cleanup(func() { k.stop(t) })
}

func (k *listenerKiller) stop(*testing.T) {
	if k.done == nil {
		return
	}
	close(k.done)
	<-k.stopped
	k.done = nil
}
