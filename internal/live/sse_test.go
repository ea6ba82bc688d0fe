package live

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

func TestAppendEvent(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"json", `{"a":1}`, "id: I\nevent: reply\ndata: {\"a\":1}\n\n"},
		{"empty payload", "", "id: I\nevent: reply\ndata: {}\n\n"},
		{"LF", "{\n}", "id: I\nevent: reply\ndata: {\ndata: }\n\n"},
		{"CRLF", "{\r\n}", "id: I\nevent: reply\ndata: {\ndata: }\n\n"},
		{"lone CR", "{\r}", "id: I\nevent: reply\ndata: {\ndata: }\n\n"},
		{"trailing LF", "{}\n", "id: I\nevent: reply\ndata: {}\ndata: \n\n"},
		{"injection attempt", "1\n\nevent: admin", "id: I\nevent: reply\ndata: 1\ndata: \ndata: event: admin\n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := appendEvent(nil, Message{ID: "I", Type: "reply", Data: []byte(tc.data)})
			if string(got) != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAppendControlAndRetry(t *testing.T) {
	if got := string(appendControl(nil, "reset")); got != "event: reset\ndata: {}\n\n" {
		t.Errorf("control = %q", got)
	}
	if got := string(appendRetry(nil, 3*time.Second)); got != "retry: 3000\n\n" {
		t.Errorf("retry = %q", got)
	}
}

func FuzzAppendEvent(f *testing.F) {
	f.Add("reply", []byte(`{"a":1}`))
	f.Add("edit", []byte("{\r\n\"a\":\r1\n}"))
	f.Add("x", []byte("\n\n\n"))
	f.Add("x", []byte("data: y\n\nid: z"))
	f.Add("x", []byte{})
	f.Fuzz(func(t *testing.T, typ string, data []byte) {
		m := Message{Topic: "t", Type: typ, ID: formatID(1, 2), Data: data}
		if m.validate() != nil {
			return
		}
		out := appendEvent(nil, m)
		r := newSSEReader(bufio.NewReader(bytes.NewReader(out)))
		ev, err := r.next()
		if err != nil {
			t.Fatalf("parse %q: %v", out, err)
		}
		want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(string(data))
		if len(data) == 0 {
			want = emptyData
		}
		if ev.ID != m.ID || ev.Type != typ || ev.Data != want {
			t.Fatalf("%q parsed as %+v, want type %q data %q", out, ev, typ, want)
		}
		if _, err := r.next(); err != io.EOF {
			t.Fatalf("%q holds more than one event", out)
		}
	})
}
