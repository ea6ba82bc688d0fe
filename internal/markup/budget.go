package markup

import (
	"bytes"
	"context"
	"errors"
	"time"
	"unicode/utf8"
)

// The render budget. Every post is rendered within these bounds whatever
// its Markdown, so one body can neither stall a request nor store
// megabytes of HTML (see "Render budget" in docs/ARCHITECTURE.md):
//
//   - output: at most outputFactor bytes of HTML per source byte plus
//     outputSlack. A render that would write more is abandoned and redone
//     without highlighting, then, if still too large, written as escaped
//     preformatted text, which is at most six bytes per source byte.
//   - time: highlighting stops when renderBudget has passed since the render
//     began; that block and every later one are written plainly. Parsing
//     and the rest of rendering are linear thanks to the caps on tables,
//     links and nesting, so they need no clock.
//   - cancellation: a render whose context ends stops at the next node or
//     highlighted token and returns the context's error.
const (
	outputFactor = 20
	outputSlack  = 64 << 10
	renderBudget = 250 * time.Millisecond
)

// errOutputBound stops a render whose HTML outgrew its bound.
var errOutputBound = errors.New("markup: rendered HTML exceeds its bound")

// outputBound is the most HTML a source of n bytes may render to.
func outputBound(n int) int { return outputFactor*n + outputSlack }

// sink is the writer goldmark renders into. It carries the state of one
// render to the node renderers (goldmark hands them the writer unchanged
// because sink is a util.BufWriter): the output bound, the context, the
// highlighting deadline, and counters of the work done so far.
type sink struct {
	buf   bytes.Buffer
	limit int
	ctx   context.Context
	err   error // first reason to stop; later writes are dropped

	highlight bool      // highlighting allowed in this pass
	deadline  time.Time // highlighting stops at this instant
	now       func() time.Time

	steps  int // node visits, for tests of the work bound
	tokens int // highlighted tokens, likewise
	lexed  int // bytes handed to lexers
}

func newSink(ctx context.Context, limit int, highlight bool, deadline time.Time, now func() time.Time) *sink {
	return &sink{limit: limit, ctx: ctx, highlight: highlight, deadline: deadline, now: now}
}

// check records and returns the reason to stop rendering, if any.
func (s *sink) check() error {
	if s.err == nil {
		s.err = s.ctx.Err()
	}
	return s.err
}

// highlightExpired reports whether the time for highlighting is used up; once
// it is, highlighting stays off for the rest of the render.
func (s *sink) highlightExpired() bool {
	if s.highlight && !s.now().Before(s.deadline) {
		s.highlight = false
	}
	return !s.highlight
}

func (s *sink) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.buf.Len()+len(p) > s.limit {
		s.err = errOutputBound
		return 0, s.err
	}
	return s.buf.Write(p)
}

func (s *sink) WriteString(p string) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.buf.Len()+len(p) > s.limit {
		s.err = errOutputBound
		return 0, s.err
	}
	return s.buf.WriteString(p)
}

func (s *sink) WriteByte(c byte) error {
	_, err := s.Write([]byte{c})
	return err
}

func (s *sink) WriteRune(r rune) (int, error) {
	return s.Write(utf8.AppendRune(nil, r))
}

// Available, Buffered and Flush complete util.BufWriter; sink buffers
// everything itself, so there is nothing to flush.
func (s *sink) Available() int { return max(s.limit-s.buf.Len(), 0) }
func (s *sink) Buffered() int  { return 0 }
func (s *sink) Flush() error   { return s.err }
