package e2e

import (
	"bytes"
	"regexp"
	"strconv"
	"sync"
)

// nodeSummary watches the output of `node --test` for the summary the
// spec reporter ends with ("ℹ pass 23"), so the run can report how many
// browser tests passed.
type nodeSummary struct {
	mu   sync.Mutex
	line []byte // the unfinished last line
	pass int
}

var (
	passLine = regexp.MustCompile(`^\S*\s*pass (\d+)$`)
	colour   = regexp.MustCompile(`\x1b\[[0-9;]*m`)
)

func (s *nodeSummary) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.line = append(s.line, p...)
	for {
		i := bytes.IndexByte(s.line, '\n')
		if i < 0 {
			break
		}
		if m := passLine.FindSubmatch(bytes.TrimSpace(colour.ReplaceAll(s.line[:i], nil))); m != nil {
			s.pass, _ = strconv.Atoi(string(m[1]))
		}
		s.line = s.line[i+1:]
	}
	return len(p), nil
}

func (s *nodeSummary) passed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pass
}
