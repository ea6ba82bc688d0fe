package natstest

import (
	"github.com/parley-forum/parley/internal/testenv"

	"bufio"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startLimit bounds how long a start waits for the server to accept
// clients. It guards against a hang; a server starts in milliseconds.
const startLimit = 15 * time.Second

// Server is one nats-server process with JetStream on, storing in a
// directory of the test's own.
type Server struct {
	t    testing.TB
	bin  string
	dir  string
	port int
	cmd  *exec.Cmd
	done chan struct{}
}

// Binary finds nats-server on PATH or where Debian installs it.
func Binary() (string, bool) {
	if p, err := exec.LookPath("nats-server"); err == nil {
		return p, true
	}
	const debian = "/usr/sbin/nats-server"
	if _, err := os.Stat(debian); err == nil {
		return debian, true
	}
	return "", false
}

// Start runs a server until the test ends. Without the binary the test is
// skipped, or fails when CI=true: CI must not pass by skipping.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, ok := Binary()
	testenv.Require(t, "nats-server", ok, "not found on PATH or at /usr/sbin/nats-server (Debian package nats-server)")
	testenv.Ran(t, testenv.NATS)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s := &Server{t: t, bin: bin, dir: t.TempDir(), port: port}
	s.Restart()
	t.Cleanup(s.Stop)
	return s
}

// URL is the client URL of the server.
func (s *Server) URL() string { return "nats://127.0.0.1:" + strconv.Itoa(s.port) }

// Stop kills the server with SIGKILL, as a crash would, and waits until
// the process is gone. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.done
	s.cmd = nil
}

// Restart starts the server (again) on the same port and returns once it
// greets clients.
func (s *Server) Restart() {
	s.t.Helper()
	if s.cmd != nil {
		s.t.Fatal("natstest: Restart of a running server")
	}
	cmd := exec.Command(s.bin, "-a", "127.0.0.1", "-p", strconv.Itoa(s.port), "-js", "-sd", s.dir)
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start nats-server: %v", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	s.cmd, s.done = cmd, done
	deadline := time.Now().Add(startLimit)
	for !s.greets() {
		select {
		case <-done:
			s.cmd = nil
			s.t.Fatalf("nats-server on port %d exited at start-up", s.port)
		default:
		}
		if time.Now().After(deadline) {
			s.Stop()
			s.t.Fatalf("nats-server on port %d did not accept clients within %s", s.port, startLimit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// greets reports whether the server answers a connection with its INFO
// line, which it sends only once it is ready for clients.
func (s *Server) greets() bool {
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(s.port), time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && strings.HasPrefix(line, "INFO ")
}
