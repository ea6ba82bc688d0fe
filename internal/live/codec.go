package live

import (
	"bytes"
	"fmt"
)

// envelopeVersion starts every message on a shared bus. Nodes of different
// releases share the bus during a rolling deploy; a version lets a newer
// format be introduced without older nodes misreading it.
const envelopeVersion = "p1\n"

// encodeEnvelope frames a message for NATS and NOTIFY alike: the version,
// then topic, type and id on a line each, then the data verbatim. Text
// framing keeps NOTIFY payloads (which must be text) free of base64 growth.
// The message must already be valid, so no field holds a line break.
func encodeEnvelope(m Message) []byte {
	n := len(envelopeVersion) + len(m.Topic) + len(m.Type) + len(m.ID) + 3 + len(m.Data)
	b := make([]byte, 0, n)
	b = append(b, envelopeVersion...)
	b = append(b, m.Topic...)
	b = append(b, '\n')
	b = append(b, m.Type...)
	b = append(b, '\n')
	b = append(b, m.ID...)
	b = append(b, '\n')
	return append(b, m.Data...)
}

// decodeEnvelope is the inverse of encodeEnvelope. The returned Data does
// not alias p, since buses reuse their receive buffers.
func decodeEnvelope(p []byte) (Message, error) {
	rest, ok := bytes.CutPrefix(p, []byte(envelopeVersion))
	if !ok {
		return Message{}, fmt.Errorf("decode envelope: unknown version")
	}
	var fields [3]string
	for i := range fields {
		line, tail, found := bytes.Cut(rest, []byte{'\n'})
		if !found {
			return Message{}, fmt.Errorf("decode envelope: truncated header")
		}
		fields[i] = string(line)
		rest = tail
	}
	m := Message{Topic: fields[0], Type: fields[1], ID: fields[2]}
	if len(rest) > 0 {
		m.Data = bytes.Clone(rest)
	}
	if err := m.validate(); err != nil {
		return Message{}, fmt.Errorf("decode envelope: %w", err)
	}
	return m, nil
}
