package live

import "container/list"

// ring holds the most recent events of one topic, oldest first.
type ring struct {
	topic  string
	events []Message
	start  int // index of the oldest event
	n      int
	bytes  int
	elem   *list.Element // position in history.lru
}

func (r *ring) at(i int) Message { return r.events[(r.start+i)%len(r.events)] }

func (r *ring) newest() Message { return r.at(r.n - 1) }

// push appends m, overwriting the oldest event when full, and reports the
// change in retained bytes.
func (r *ring) push(m Message) (delta int) {
	size := messageSize(m)
	if r.n < len(r.events) {
		r.events[(r.start+r.n)%len(r.events)] = m
		r.n++
	} else {
		delta -= messageSize(r.events[r.start])
		r.events[r.start] = m
		r.start = (r.start + 1) % len(r.events)
	}
	r.bytes += size + delta
	return size + delta
}

// indexOf finds id, searching from the newest end because resuming clients
// are usually only a few events behind.
func (r *ring) indexOf(id string) int {
	for i := r.n - 1; i >= 0; i-- {
		if r.at(i).ID == id {
			return i
		}
	}
	return -1
}

// after copies the events following index i; the caller writes them after
// releasing the broker's lock.
func (r *ring) after(i int) []Message {
	if i+1 >= r.n {
		return nil
	}
	out := make([]Message, 0, r.n-i-1)
	for j := i + 1; j < r.n; j++ {
		out = append(out, r.at(j))
	}
	return out
}

// messageSize approximates the memory an event holds, counting a fixed
// overhead so that floods of tiny events are still bounded.
func messageSize(m Message) int {
	return 64 + len(m.Topic) + len(m.Type) + len(m.ID) + len(m.Data)
}
