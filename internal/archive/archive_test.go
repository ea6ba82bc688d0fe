package archive

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"
)

func gz(t *testing.T, text string) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf
}

func TestWriteRead(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, Header{Engine: "sqlite", Schema: 2})
	if err != nil {
		t.Fatal(err)
	}
	in := []User{{ID: 1, Username: "ada", DisplayName: "Ada <&>", Role: "admin"}, {ID: 5, Username: "bo", Role: "member"}}
	for i := range in {
		if err := w.Write(KindUser, &in[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Header.Format != Format || r.Header.Version != Version || r.Header.Engine != "sqlite" {
		t.Fatalf("header %+v", r.Header)
	}
	var out []User
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var u User
		if err := rec.Decode(&u); err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	if len(out) != 2 || out[0] != in[0] || out[1] != in[1] {
		t.Fatalf("read %+v, wrote %+v", out, in)
	}
}

func TestReaderRefuses(t *testing.T) {
	head := `{"format":"parley-export","version":1,"engine":"sqlite"}` + "\n"
	user := `{"kind":"user","row":{"id":1,"username":"a","display_name":"a","role":"member","created_at":0,"thread_count":0,"reply_count":0}}` + "\n"
	cases := []struct {
		name, text, want string
	}{
		{"other format", `{"format":"something-else","version":1}` + "\n", "not a parley export"},
		{"newer version", `{"format":"parley-export","version":99}` + "\n", "version 99 is not supported"},
		{"no end record", head + user, "truncated"},
		{"counts differ", head + user + `{"kind":"end","row":{"counts":{"user":2}}}` + "\n", "differ"},
		{"not a record", head + "[1,2]\n", "not a record"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := NewReader(gz(t, c.text))
			for err == nil {
				_, err = r.Next()
			}
			if errors.Is(err, io.EOF) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
	if _, err := NewReader(strings.NewReader("plain text")); err == nil || !strings.Contains(err.Error(), "not a parley export") {
		t.Fatalf("plain text: %v", err)
	}
}

func TestDecodeRefusesUnknownFields(t *testing.T) {
	rec := Record{Kind: KindTag, Row: []byte(`{"id":1,"name":"go","colour":"blue"}`)}
	var tag Tag
	if err := rec.Decode(&tag); err == nil {
		t.Fatal("a field the format lacks was accepted")
	}
}

func TestSecretSetting(t *testing.T) {
	for key, secret := range map[string]bool{"csrf_key": true, "smtp_password": true, "webhook_secret": true, "site_title": false, "keyboard": false} {
		if SecretSetting(key) != secret {
			t.Errorf("SecretSetting(%q) = %v", key, !secret)
		}
	}
}
