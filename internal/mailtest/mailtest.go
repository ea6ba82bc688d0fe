// Package mailtest runs a real SMTP server for tests: a mailpit process
// of the test's own on free ports, with its HTTP API to read back what
// arrived. Tests skip (and fail under CI) when mailpit is not installed.
package mailtest

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/testenv"
)

// Server is one mailpit instance.
type Server struct {
	t        testing.TB
	bin      string
	SMTPPort int
	HTTPPort int
	cmd      *exec.Cmd
}

// Binary finds mailpit on PATH or in GOPATH/bin.
func Binary() string {
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	home, _ := os.UserHomeDir()
	for _, dir := range []string{os.Getenv("GOPATH"), filepath.Join(home, "go")} {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, "bin", "mailpit")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// Start runs mailpit until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary()
	testenv.Require(t, "mailpit", bin != "", "install it: go install github.com/axllent/mailpit@v1.33.1")
	s := &Server{t: t, bin: bin, SMTPPort: freePort(t), HTTPPort: freePort(t)}
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

// Start (re)starts a stopped server on the same ports, with no messages.
func (s *Server) Start() {
	s.t.Helper()
	if s.cmd != nil {
		return
	}
	cmd := exec.Command(s.bin, "--smtp", "127.0.0.1:"+strconv.Itoa(s.SMTPPort),
		"--listen", "127.0.0.1:"+strconv.Itoa(s.HTTPPort), "--disable-version-check",
		"--smtp-auth-accept-any", "--smtp-auth-allow-insecure")
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start mailpit: %v", err)
	}
	s.cmd = cmd
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(s.api("/api/v1/messages"))
		if err == nil {
			resp.Body.Close()
			if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(s.SMTPPort)); err == nil {
				c.Close()
				return
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("mailpit did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop ends the server; its SMTP port then refuses connections.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

func (s *Server) api(path string) string {
	return "http://127.0.0.1:" + strconv.Itoa(s.HTTPPort) + path
}

// Summary is one message in the list.
type Summary struct {
	ID      string `json:"ID"`
	Subject string `json:"Subject"`
	To      []struct {
		Address string `json:"Address"`
	} `json:"To"`
}

// Message is one message in full.
type Message struct {
	ID        string `json:"ID"`
	MessageID string `json:"MessageID"`
	Subject   string `json:"Subject"`
	Text      string `json:"Text"`
	HTML      string `json:"HTML"`
	From      struct{ Name, Address string }
	ReplyTo   []struct{ Name, Address string }
	To        []struct{ Name, Address string }
}

// Messages lists what arrived, newest first.
func (s *Server) Messages() []Summary {
	s.t.Helper()
	var out struct {
		Messages []Summary `json:"messages"`
	}
	s.get("/api/v1/messages", &out)
	return out.Messages
}

// Message reads one message.
func (s *Server) Message(id string) Message {
	s.t.Helper()
	var m Message
	s.get("/api/v1/message/"+id, &m)
	return m
}

// Headers reads one message's headers.
func (s *Server) Headers(id string) map[string][]string {
	s.t.Helper()
	h := map[string][]string{}
	s.get("/api/v1/message/"+id+"/headers", &h)
	return h
}

// WaitFor waits until n messages have arrived for to and returns the newest.
func (s *Server) WaitFor(to string, n int) Message {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var found []Summary
		for _, m := range s.Messages() {
			for _, r := range m.To {
				if r.Address == to {
					found = append(found, m)
				}
			}
		}
		if len(found) >= n {
			return s.Message(found[0].ID)
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waited 30s for %d messages to %s, have %d", n, to, len(found))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Server) get(path string, v any) {
	s.t.Helper()
	resp, err := http.Get(s.api(path))
	if err != nil {
		s.t.Fatalf("mailpit %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		s.t.Fatalf("mailpit %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		s.t.Fatalf("mailpit %s: %v", path, err)
	}
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
