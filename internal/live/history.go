package live

import "container/list"

// history is the broker's memory of recent events: one ring per topic,
// topics evicted least recently published first, within a count and a byte
// budget. It is not safe for concurrent use; the broker's lock guards it.
type history struct {
	perTopic  int
	maxTopics int
	maxBytes  int

	rings map[string]*ring
	lru   *list.List // of *ring, most recently published at the front
	bytes int

	// horizonMS is the newest millisecond this node may have forgotten
	// events from: its start, or the newest event of any evicted topic. A
	// topic without a ring has had no event after the horizon.
	horizonMS uint64
}

func newHistory(perTopic, maxTopics, maxBytes int, startMS uint64) *history {
	return &history{
		perTopic:  perTopic,
		maxTopics: maxTopics,
		maxBytes:  maxBytes,
		rings:     make(map[string]*ring),
		lru:       list.New(),
		horizonMS: startMS,
	}
}

func (h *history) add(m Message) {
	r := h.rings[m.Topic]
	if r == nil {
		r = &ring{topic: m.Topic, events: make([]Message, h.perTopic)}
		r.elem = h.lru.PushFront(r)
		h.rings[m.Topic] = r
	} else {
		h.lru.MoveToFront(r.elem)
	}
	h.bytes += r.push(m)
	for h.lru.Len() > 1 && (h.lru.Len() > h.maxTopics || h.bytes > h.maxBytes) {
		h.evict(h.lru.Back().Value.(*ring))
	}
}

func (h *history) evict(r *ring) {
	if ms, ok := idMillis(r.newest().ID); ok {
		h.horizonMS = max(h.horizonMS, ms)
	}
	h.lru.Remove(r.elem)
	delete(h.rings, r.topic)
	h.bytes -= r.bytes
}

// forget drops every ring and moves the horizon to nowMS: the node may
// have missed events up to now, so resuming from any earlier event must
// reset.
func (h *history) forget(nowMS uint64) {
	clear(h.rings)
	h.lru.Init()
	h.bytes = 0
	h.horizonMS = max(h.horizonMS, nowMS)
}

// resume decides what a client reconnecting with lastID must be sent before
// live events: the events after lastID, or reset when this node cannot
// tell what the client missed (lastID is older than what it remembers, or
// unknown to it).
func (h *history) resume(topic, lastID string) (replay []Message, reset bool) {
	if lastID == "" {
		return nil, false
	}
	ms, ok := idMillis(lastID)
	if !ok {
		return nil, true
	}
	r := h.rings[topic]
	if r == nil {
		// Nothing remembered for the topic: fine if the client's event is
		// newer than anything this node could have forgotten.
		return nil, ms <= h.horizonMS
	}
	if i := r.indexOf(lastID); i >= 0 {
		return r.after(i), false
	}
	// An id newer than all remembered events was seen by the client on a
	// node that received it first; it will arrive here live, so nothing was
	// missed. Anything else fell off the ring, or was before the horizon
	// (the ring was started afresh after the topic was evicted or the
	// history forgotten; within one millisecond, ids from different
	// publishers do not order by time).
	return nil, lastID <= r.newest().ID || ms <= h.horizonMS
}
