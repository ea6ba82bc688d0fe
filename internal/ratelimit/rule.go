package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rule allows at most Limit events per key in any sliding Window. Name
// identifies the rule's counters: two rules with the same Name share them,
// so give each purpose its own name ("signin", "post", ...). A Rule with
// Limit <= 0 or Window <= 0 is disabled and allows everything.
type Rule struct {
	Name   string
	Limit  int
	Window time.Duration
}

// Disabled reports whether r imposes no limit.
func (r Rule) Disabled() bool { return r.Limit <= 0 || r.Window <= 0 }

// String renders r in the form ParseRule accepts.
func (r Rule) String() string {
	if r.Disabled() {
		return "off"
	}
	return strconv.Itoa(r.Limit) + "/" + r.Window.String()
}

// Limiter decides whether one more event may happen for key under rule.
// When it may not, retryAfter is how long until it could (suitable for a
// Retry-After header). err reports a failure of the limiter itself, after
// which the caller chooses whether to fail open or closed.
type Limiter interface {
	Allow(ctx context.Context, rule Rule, key string) (ok bool, retryAfter time.Duration, err error)
}

// Off is a Limiter that allows everything, for PARLEY_RATE_LIMITS=off.
type Off struct{}

// Allow always allows.
func (Off) Allow(context.Context, Rule, string) (bool, time.Duration, error) { return true, 0, nil }

// Bounds on configurable rules. Memory keeps one timestamp per accepted event
// in the window, so Limit also bounds memory per key.
const (
	MaxLimit  = 100_000
	MaxWindow = 30 * 24 * time.Hour
	MinWindow = time.Millisecond
)

var errRuleSyntax = errors.New(`want "N/DURATION" (e.g. "5/15m", "10/1h", "3/1d") or "off"`)

// ParseRule reads a rule from configuration. The forms are:
//
//	"N/DURATION"  at most N events per window; DURATION is a Go duration
//	              ("90s", "15m", "1h30m") or a whole number of days ("1d")
//	"off" or "0"  the rule is disabled and allows everything
//
// "0" means disabled rather than "allow nothing" because a limit of zero
// would lock every user out, which is never what a setting of 0 intends.
// The returned Rule has no Name; the caller sets it.
func ParseRule(s string) (Rule, error) {
	s = strings.TrimSpace(s)
	if s == "off" || s == "0" {
		return Rule{}, nil
	}
	num, dur, ok := strings.Cut(s, "/")
	if !ok {
		return Rule{}, fmt.Errorf("parse rate rule %q: %w", s, errRuleSyntax)
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || n > MaxLimit {
		return Rule{}, fmt.Errorf("parse rate rule %q: count must be 1-%d", s, MaxLimit)
	}
	w, err := parseWindow(dur)
	if err != nil {
		return Rule{}, fmt.Errorf("parse rate rule %q: %w", s, err)
	}
	return Rule{Limit: n, Window: w}, nil
}

func parseWindow(s string) (time.Duration, error) {
	var w time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		d, err := strconv.Atoi(days)
		if err != nil || d < 1 || d > int(MaxWindow/(24*time.Hour)) {
			return 0, fmt.Errorf("window %q: %w", s, errRuleSyntax)
		}
		w = time.Duration(d) * 24 * time.Hour
	} else {
		d, err := time.ParseDuration(s)
		if err != nil {
			return 0, fmt.Errorf("window %q: %w", s, errRuleSyntax)
		}
		w = d
	}
	if w < MinWindow || w > MaxWindow {
		return 0, fmt.Errorf("window %q must be between %v and %v", s, MinWindow, MaxWindow)
	}
	return w, nil
}
