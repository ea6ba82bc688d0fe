package live

import (
	"slices"
	"strconv"
	"testing"
)

// historyWith returns a history (4 events per topic, node started at ms
// 100) holding events at ms 200..205 on topic "t", and their ids.
func historyWith(t *testing.T) (*history, []string) {
	t.Helper()
	h := newHistory(4, 10, 1<<20, 100)
	var ids []string
	for i := range 6 {
		id := formatID(uint64(200+i), 7)
		ids = append(ids, id)
		h.add(Message{Topic: "t", Type: "reply", ID: id})
	}
	return h, ids // the ring keeps ids[2:]
}

func TestHistoryResume(t *testing.T) {
	_, ids := historyWith(t)
	for _, tc := range []struct {
		name, topic, lastID string
		replay              []string
		reset               bool
	}{
		{name: "fresh connection", topic: "t", lastID: ""},
		{name: "up to date", topic: "t", lastID: ids[5]},
		{name: "one behind", topic: "t", lastID: ids[4], replay: ids[5:]},
		{name: "oldest kept", topic: "t", lastID: ids[2], replay: ids[3:]},
		{name: "older than the ring", topic: "t", lastID: ids[1], reset: true},
		{name: "newer than the ring, not yet arrived", topic: "t", lastID: formatID(900, 0)},
		{name: "inside the ring but unknown", topic: "t", lastID: formatID(203, 8), reset: true},
		{name: "malformed", topic: "t", lastID: "42", reset: true},
		{name: "unknown topic, after node start", topic: "u", lastID: formatID(101, 0)},
		{name: "unknown topic, before node start", topic: "u", lastID: formatID(99, 0), reset: true},
		{name: "unknown topic, at node start", topic: "u", lastID: formatID(100, 0), reset: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := historyWith(t)
			replay, reset := h.resume(tc.topic, tc.lastID)
			var got []string
			for _, m := range replay {
				got = append(got, m.ID)
			}
			if !slices.Equal(got, tc.replay) || reset != tc.reset {
				t.Errorf("resume(%q) = %v, reset %v; want %v, reset %v", tc.lastID, got, reset, tc.replay, tc.reset)
			}
		})
	}
}

func TestHistoryEvictsLeastRecentlyPublishedTopic(t *testing.T) {
	h := newHistory(4, 2, 1<<20, 100)
	h.add(Message{Topic: "a", Type: "x", ID: formatID(300, 0)})
	h.add(Message{Topic: "b", Type: "x", ID: formatID(200, 0)})
	h.add(Message{Topic: "a", Type: "x", ID: formatID(400, 0)}) // a is now fresher than b
	h.add(Message{Topic: "c", Type: "x", ID: formatID(500, 0)})
	if _, ok := h.rings["b"]; ok || len(h.rings) != 2 {
		t.Fatalf("rings = %v, want b evicted", keys(h.rings))
	}
	// b's events are forgotten: a client that saw one must reset, while an
	// unknown topic's client with a newer id need not.
	if _, reset := h.resume("b", formatID(200, 0)); !reset {
		t.Error("resume on evicted topic did not reset")
	}
	if _, reset := h.resume("d", formatID(201, 0)); reset {
		t.Error("resume on a never-seen topic after the horizon reset")
	}
}

func TestHistoryKeepsWithinByteBudget(t *testing.T) {
	data := make([]byte, 1000)
	budget := 3 * messageSize(Message{Topic: "t00", Type: "x", ID: formatID(0, 0), Data: data})
	h := newHistory(2, 100, budget, 0)
	for i := range 20 {
		h.add(Message{Topic: "t" + strconv.Itoa(10+i), Type: "x", ID: formatID(uint64(i+1), 0), Data: data})
		total := 0
		for _, r := range h.rings {
			total += r.bytes
		}
		if total != h.bytes {
			t.Fatalf("after %d adds: accounted %d bytes, rings hold %d", i+1, h.bytes, total)
		}
		if h.bytes > budget {
			t.Fatalf("after %d adds: %d bytes, budget %d", i+1, h.bytes, budget)
		}
	}
	if len(h.rings) != 3 {
		t.Errorf("%d topics kept, want 3", len(h.rings))
	}
}

func TestRingOverwritesOldest(t *testing.T) {
	r := &ring{events: make([]Message, 3)}
	for i := range 5 {
		r.push(Message{ID: strconv.Itoa(i)})
	}
	var got []string
	for i := range r.n {
		got = append(got, r.at(i).ID)
	}
	if want := []string{"2", "3", "4"}; !slices.Equal(got, want) {
		t.Errorf("ring = %v, want %v", got, want)
	}
	if want := 3 * messageSize(Message{ID: "0"}); r.bytes != want {
		t.Errorf("ring bytes = %d, want %d", r.bytes, want)
	}
}

func keys(m map[string]*ring) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
