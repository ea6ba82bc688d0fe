package live

import (
	"errors"
	"fmt"
	"strings"
)

// Message is one live event. Topic names the stream it belongs to
// ("thread:42", "list:latest", "list:c/networking", "list:tags/tls"), Type
// is the SSE event name ("reply", "edit", "boost", "accepted", "recommended",
// "thread", "delete") and Data is its JSON payload.
//
// ID orders events and lets browsers resume. Publish fills it in when it is
// empty; see NewID. An empty Data means the payload could not travel with
// the event (see PostgresBus) and the browser must refetch what Topic names.
type Message struct {
	Topic string
	Type  string
	ID    string
	Data  []byte
}

// ErrClosed is returned by a Bus that has been closed.
var ErrClosed = errors.New("live: bus closed")

// maxNameLen bounds topics and types: both end up in every event on the
// wire and in ring keys, and no legitimate name comes close.
const maxNameLen = 200

// validate rejects messages that would corrupt the event stream: SSE is
// line-oriented, so a line break in a field would let its tail be read as
// another field.
func (m Message) validate() error {
	if err := checkName("topic", m.Topic); err != nil {
		return err
	}
	if err := checkName("type", m.Type); err != nil {
		return err
	}
	if strings.ContainsAny(m.ID, "\r\n\x00") {
		return fmt.Errorf("live: id %q contains a line break", m.ID)
	}
	return nil
}

func checkName(what, s string) error {
	if s == "" {
		return fmt.Errorf("live: empty %s", what)
	}
	if len(s) > maxNameLen {
		return fmt.Errorf("live: %s longer than %d bytes", what, maxNameLen)
	}
	if strings.ContainsAny(s, "\r\n\x00") {
		return fmt.Errorf("live: %s %q contains a line break", what, s)
	}
	return nil
}
