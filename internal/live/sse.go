package live

import (
	"bytes"
	"strconv"
	"time"
)

// emptyData stands in for a missing payload: browsers parse every event's
// data as JSON, and an event without a data line would not be dispatched.
const emptyData = "{}"

// heartbeat is an SSE comment: browsers ignore it, proxies see traffic.
const heartbeat = ": keep-alive\n\n"

// appendEvent encodes m as one SSE event.
func appendEvent(b []byte, m Message) []byte {
	b = append(b, "id: "...)
	b = append(b, m.ID...)
	b = append(b, "\nevent: "...)
	b = append(b, m.Type...)
	b = append(b, '\n')
	return appendData(b, m.Data)
}

// appendQueued encodes what the broker queued for a stream: a delivered
// message, or a control event (Reset's, which alone has no id).
func appendQueued(b []byte, m *Message) []byte {
	if m.ID == "" {
		return appendControl(b, m.Type)
	}
	return appendEvent(b, *m)
}

// appendControl encodes a broker-generated event such as "reset" or
// "reconnect". It has no id, so the browser's Last-Event-ID is unchanged.
func appendControl(b []byte, typ string) []byte {
	b = append(b, "event: "...)
	b = append(b, typ...)
	b = append(b, '\n')
	return appendData(b, nil)
}

func appendRetry(b []byte, d time.Duration) []byte {
	b = append(b, "retry: "...)
	b = strconv.AppendInt(b, d.Milliseconds(), 10)
	return append(b, "\n\n"...)
}

// appendData writes data as "data:" lines and ends the event. SSE splits
// lines at CR, LF and CRLF, so each becomes its own data line; browsers
// rejoin them with LF, which JSON treats as the same whitespace.
func appendData(b []byte, data []byte) []byte {
	if len(data) == 0 {
		return append(b, "data: "+emptyData+"\n\n"...)
	}
	for {
		b = append(b, "data: "...)
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			b = append(b, data...)
			return append(b, "\n\n"...)
		}
		b = append(b, data[:i]...)
		b = append(b, '\n')
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
}
