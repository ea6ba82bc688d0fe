package live

import (
	"bytes"
	"testing"
)

func TestEnvelopeRoundTrip(t *testing.T) {
	for _, m := range []Message{
		{Topic: "thread:42", Type: "reply", ID: formatID(1, 2), Data: []byte(`{"id":7}`)},
		{Topic: "list:c/networking", Type: "thread", ID: formatID(3, 4)},
		{Topic: "list:tags/tls", Type: "edit", ID: formatID(5, 6), Data: []byte("{\n\"multi\": \"line\"\n}\n")},
	} {
		got, err := decodeEnvelope(encodeEnvelope(m))
		if err != nil {
			t.Fatalf("decode %+v: %v", m, err)
		}
		if got.Topic != m.Topic || got.Type != m.Type || got.ID != m.ID || !bytes.Equal(got.Data, m.Data) {
			t.Errorf("round trip %+v gave %+v", m, got)
		}
	}
}

func TestDecodeEnvelopeRejects(t *testing.T) {
	for name, p := range map[string]string{
		"empty":           "",
		"unknown version": "p2\nthread:1\nreply\nid\n{}",
		"no id line":      "p1\nthread:1\nreply",
		"empty topic":     "p1\n\nreply\nid\n{}",
		"empty type":      "p1\nthread:1\n\nid\n{}",
		"CR in type":      "p1\nthread:1\nre\rply\nid\n{}",
	} {
		if m, err := decodeEnvelope([]byte(p)); err == nil {
			t.Errorf("%s: decoded %+v, want an error", name, m)
		}
	}
}

func TestDecodeEnvelopeDoesNotAliasInput(t *testing.T) {
	p := encodeEnvelope(Message{Topic: "t", Type: "x", ID: "i", Data: []byte("abc")})
	m, err := decodeEnvelope(p)
	if err != nil {
		t.Fatal(err)
	}
	p[len(p)-1] = 'Z'
	if string(m.Data) != "abc" {
		t.Errorf("Data changed with the receive buffer: %q", m.Data)
	}
}

func FuzzDecodeEnvelope(f *testing.F) {
	f.Add([]byte("p1\nthread:1\nreply\n" + formatID(1, 1) + "\n{\"a\":1}"))
	f.Add([]byte("p1\nt\nx\n\n"))
	f.Add([]byte("p1\n\n\n\n"))
	f.Add([]byte("p1\nt\r\nx\ny\nz"))
	f.Add([]byte("p1"))
	f.Fuzz(func(t *testing.T, p []byte) {
		m, err := decodeEnvelope(p)
		if err != nil {
			return
		}
		// Anything accepted is valid and re-encodes to the same bytes, so
		// nodes relaying a message cannot alter it.
		if err := m.validate(); err != nil {
			t.Fatalf("decoded an invalid message %+v: %v", m, err)
		}
		if again := encodeEnvelope(m); !bytes.Equal(again, p) {
			t.Fatalf("re-encoded %q as %q", p, again)
		}
	})
}
