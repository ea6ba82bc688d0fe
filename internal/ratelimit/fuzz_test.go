package ratelimit

import "testing"

// FuzzParseRule: configuration parsing must never panic, and every rule it
// accepts must be within bounds and survive a String round trip.
func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"5/15s", "10/1m", "3/1d", "off", "0", "1/1h30m", "100000/1ms", "5/", "/", "9999999999/1s", "1/-0s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRule(s)
		if err != nil {
			return
		}
		if !r.Disabled() && (r.Limit < 1 || r.Limit > MaxLimit || r.Window < MinWindow || r.Window > MaxWindow) {
			t.Fatalf("ParseRule(%q) = %+v out of bounds", s, r)
		}
		back, err := ParseRule(r.String())
		if err != nil || back != r {
			t.Fatalf("round trip %q → %q → %+v, %v", s, r.String(), back, err)
		}
	})
}
