//go:build faults

package crashtest

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fault suite (go test -tags faults ./internal/crashtest/ -run Fault)
// injects faults into a running parley binary and reports what clients
// saw. kill -9 cycles and backups under load are the untagged tests of
// this package and run with every go test; backend kills under retrying
// writers are internal/app's TestBackendKillsWriteExactlyOnce.

var soak = flag.Duration("soak", 30*time.Second, "how long TestFaultSoak runs (CI: 30s; -soak=5m on request)")

// statusTally counts answers by status; 0 stands for no answer.
type statusTally struct {
	mu sync.Mutex
	m  map[int]int
}

func (s *statusTally) add(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[int]int{}
	}
	s.m[code]++
}

func (s *statusTally) get(code int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[code]
}

func (s *statusTally) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprint(s.m)
}

// serveBinary starts parley serve on a free port with the demo and returns
// the node; it is killed when the test ends.
func serveBinary(t *testing.T, dataDir, dbURL string, env ...string) *node {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	n := &node{t: t, bin: parleyBinary(t), base: "http://" + addr,
		args: []string{"serve", "--addr", addr, "--data", dataDir, "--database", dbURL, "--rate-limits", "off", "--view-flush", "1s"}}
	n.start()
	t.Cleanup(func() {
		if n.cmd.ProcessState == nil {
			n.kill()
		}
	})
	return n
}

// cli runs a parley command against a database and returns its output.
func cli(t *testing.T, dataDir, dbURL, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(parleyBinary(t), append(args, "--data", dataDir, "--database", dbURL)...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("parley %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// account creates a user with a token and returns the token.
func account(t *testing.T, dataDir, dbURL, name string) string {
	t.Helper()
	cli(t, dataDir, dbURL, "a strong password\n", "user", "create", name, "--email", name+"@example.com", "--password-stdin")
	return strings.TrimSpace(cli(t, dataDir, dbURL, "", "token", "create", name, "--name", "faults"))
}

// post sends a JSON write with a token and returns the status (0 when
// there was no answer).
func post(client *http.Client, method, url, token, body, key string) int {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, res.Body) //nolint:errcheck // draining
	res.Body.Close()
	return res.StatusCode
}

// rssKB reads a process's resident set size from /proc (Linux).
func rssKB(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// metric reads one unlabelled value from /metrics.
func metric(base, name string) float64 {
	res, err := http.Get(base + "/metrics")
	if err != nil {
		return -1
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			v, _ := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			return v
		}
	}
	return -1
}

func decodeJSON(res *http.Response, v any) error { return json.NewDecoder(res.Body).Decode(v) }
