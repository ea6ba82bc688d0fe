package ratelimit

import (
	"testing"
	"time"
)

func TestParseRule(t *testing.T) {
	cases := []struct {
		in    string
		limit int
		win   time.Duration
		bad   bool
	}{
		{in: "5/15s", limit: 5, win: 15 * time.Second},
		{in: "10/1m", limit: 10, win: time.Minute},
		{in: " 3/1h30m ", limit: 3, win: 90 * time.Minute},
		{in: "20/1d", limit: 20, win: 24 * time.Hour},
		{in: "1/30d", limit: 1, win: 30 * 24 * time.Hour},
		{in: "100000/1ms", limit: 100000, win: time.Millisecond},
		{in: "off"},
		{in: "0"},
		{in: "", bad: true},
		{in: "5", bad: true},
		{in: "5/", bad: true},
		{in: "/1m", bad: true},
		{in: "0/1m", bad: true},
		{in: "-1/1m", bad: true},
		{in: "100001/1m", bad: true},
		{in: "5/0s", bad: true},
		{in: "5/-1m", bad: true},
		{in: "5/1us", bad: true},
		{in: "5/31d", bad: true},
		{in: "5/721h", bad: true},
		{in: "5/1.5d", bad: true},
		{in: "5/d", bad: true},
		{in: "5/m", bad: true},
		{in: "five/1m", bad: true},
		{in: "5/1m/2", bad: true},
		{in: "OFF", bad: true},
	}
	for _, c := range cases {
		r, err := ParseRule(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("ParseRule(%q) = %+v; want error", c.in, r)
			}
			continue
		}
		if err != nil || r.Limit != c.limit || r.Window != c.win {
			t.Errorf("ParseRule(%q) = %+v, %v; want %d/%v", c.in, r, err, c.limit, c.win)
		}
		if (c.limit == 0) != r.Disabled() {
			t.Errorf("ParseRule(%q).Disabled() = %v", c.in, r.Disabled())
		}
		back, err := ParseRule(r.String())
		if err != nil || back != r {
			t.Errorf("round trip %q → %q → %+v, %v", c.in, r.String(), back, err)
		}
	}
}
