package reltime

import (
	"testing"
	"time"
)

func utc(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

func TestCompact(t *testing.T) {
	now := utc(2026, time.November, 25, 22, 7, 30)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	const h, dd = time.Hour, 24 * time.Hour

	tests := []struct {
		name   string
		t, now time.Time
		want   string
	}{
		{"same instant", now, now, "now"},
		{"one second in the future", ago(-time.Second), now, "now"},
		{"a day in the future", ago(-dd), now, "now"},
		{"59s", ago(59 * time.Second), now, "now"},
		{"59.999s", ago(time.Minute - time.Millisecond), now, "now"},
		{"60s", ago(time.Minute), now, "1m"},
		{"119s truncates", ago(119 * time.Second), now, "1m"},
		{"7m", ago(7 * time.Minute), now, "7m"},
		{"43m", ago(43*time.Minute + 59*time.Second), now, "43m"},
		{"59m59s", ago(59*time.Minute + 59*time.Second), now, "59m"},
		{"1h", ago(h), now, "1h"},
		{"16h", ago(16*h + 30*time.Minute), now, "16h"},
		{"23h59m", ago(23*h + 59*time.Minute), now, "23h"},
		{"23h59m59s", ago(dd - time.Second), now, "23h"},
		{"24h", ago(dd), now, "1d"},
		{"6d", ago(6 * dd), now, "6d"},
		{"6d23h", ago(6*dd + 23*h), now, "6d"},
		{"6d23h59m59s", ago(7*dd - time.Second), now, "6d"},
		{"7d", ago(7 * dd), now, "1w"},
		{"13d", ago(13 * dd), now, "1w"},
		{"14d", ago(14 * dd), now, "2w"},
		{"21d", ago(21 * dd), now, "3w"},
		{"28d", ago(28 * dd), now, "4w"},
		{"29d", ago(29 * dd), now, "4w"},
		{"29d23h59m", ago(30*dd - time.Minute), now, "4w"},
		{"30d", ago(30 * dd), now, "1mo"},
		{"2 calendar months less a second",
			utc(2026, time.September, 25, 22, 7, 31), now, "1mo"},
		{"2 calendar months exactly",
			utc(2026, time.September, 25, 22, 7, 30), now, "2mo"},
		{"11mo", utc(2025, time.December, 20, 0, 0, 0), now, "11mo"},
		{"364d", ago(364 * dd), now, "11mo"},
		{"364d23h59m59s", ago(365*dd - time.Second), now, "11mo"},
		{"365d", ago(365 * dd), now, "Nov \u201925"},
		{"years ago", utc(2019, time.February, 3, 0, 0, 0), now, "Feb \u201919"},
		{"year 2000 keeps two digits", utc(2000, time.January, 1, 0, 0, 0), now, "Jan \u201900"},

		// Month ends: the calendar month is not complete until the same
		// day-of-month and time of day come round, and a clamp keeps the
		// month band at 1mo when a short month makes the calendar count 0.
		{"Jan 31 to Mar 2 (non-leap, 30 days)",
			utc(2025, time.January, 31, 12, 0, 0), utc(2025, time.March, 2, 12, 0, 0), "1mo"},
		{"Mar 31 to Apr 30 is 30 days but not a calendar month",
			utc(2026, time.March, 31, 0, 0, 0), utc(2026, time.April, 30, 0, 0, 0), "1mo"},
		{"Mar 31 to May 30 is one calendar month",
			utc(2026, time.March, 31, 0, 0, 0), utc(2026, time.May, 30, 0, 0, 0), "1mo"},
		{"Mar 31 to May 31 is two calendar months",
			utc(2026, time.March, 31, 0, 0, 0), utc(2026, time.May, 31, 0, 0, 0), "2mo"},
		{"Jan 31 to Dec 30 stays below a year",
			utc(2025, time.January, 31, 0, 0, 0), utc(2025, time.December, 30, 0, 0, 0), "10mo"},

		// Leap years: 2024-02-29 exists, so 2024 has 366 days.
		{"Feb 29 plus 28 days crosses into March",
			utc(2024, time.February, 29, 8, 0, 0), utc(2024, time.March, 28, 8, 0, 0), "4w"},
		{"Jan 30 to Feb 29 leap (30 days)",
			utc(2024, time.January, 30, 0, 0, 0), utc(2024, time.February, 29, 0, 0, 0), "1mo"},
		{"Feb 29 to Feb 28 next year is 365 days",
			utc(2024, time.February, 29, 0, 0, 0), utc(2025, time.February, 28, 0, 0, 0), "Feb \u201924"},
		{"Mar 1 2023 to Feb 29 2024 is 365 days across the leap day",
			utc(2023, time.March, 1, 0, 0, 0), utc(2024, time.February, 29, 0, 0, 0), "Mar \u201923"},
		{"Mar 2 2023 to Feb 29 2024 is 364 days",
			utc(2023, time.March, 2, 0, 0, 0), utc(2024, time.February, 29, 0, 0, 0), "11mo"},
		{"Mar 1 2024 to Feb 28 2025 is 364 days",
			utc(2024, time.March, 1, 0, 0, 0), utc(2025, time.February, 28, 0, 0, 0), "11mo"},

		// Zones: the result depends on instants, and the year label on UTC.
		{"inputs in other zones",
			time.Date(2026, time.November, 26, 9, 0, 30, 0, time.FixedZone("x", 11*3600)),
			time.Date(2026, time.November, 25, 22, 7, 30, 0, time.FixedZone("y", 0)), "7m"},
		{"year label uses the UTC month",
			time.Date(2024, time.March, 1, 1, 0, 0, 0, time.FixedZone("east", 2*3600)), now, "Feb \u201924"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Compact(tc.t, tc.now); got != tc.want {
				t.Errorf("Compact(%s, %s) = %q, want %q",
					tc.t.Format(time.RFC3339), tc.now.Format(time.RFC3339), got, tc.want)
			}
		})
	}
}

// TestCompactMonotonic walks ages across two years one hour at a time and
// checks that the band never moves backwards and numbers within a band never
// shrink, which catches a boundary flipped in any single place.
func TestCompactMonotonic(t *testing.T) {
	now := utc(2025, time.March, 31, 23, 30, 0)
	rank := map[string]int{"now": 0, "m": 1, "h": 2, "d": 3, "w": 4, "mo": 5}
	prevBand, prevN := -1, -1
	prev := ""
	for age := time.Duration(0); age < 2*366*24*time.Hour; age += 37 * time.Minute {
		got := Compact(now.Add(-age), now)
		band, n := 6, 0
		if got == "now" {
			band = 0
		} else if i := indexUnit(got); i > 0 {
			band = rank[got[i:]]
			n = atoi(got[:i])
		}
		if band < prevBand || (band == prevBand && band != 6 && n < prevN) {
			t.Fatalf("age %v: %q follows %q", age, got, prev)
		}
		prevBand, prevN, prev = band, n, got
	}
}

func indexUnit(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return i
		}
	}
	return 0
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestExact(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{utc(2026, time.November, 25, 22, 7, 59), "Nov 25, 2026 at 22:07 UTC"},
		{utc(2024, time.February, 29, 0, 0, 0), "Feb 29, 2024 at 00:00 UTC"},
		{time.Date(2026, time.January, 1, 1, 30, 0, 0, time.FixedZone("x", 3*3600)), "Dec 31, 2025 at 22:30 UTC"},
	}
	for _, tc := range tests {
		if got := Exact(tc.in); got != tc.want {
			t.Errorf("Exact(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRFC3339(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{utc(2026, time.November, 25, 22, 7, 59), "2026-11-25T22:07:59Z"},
		{time.Date(2026, time.January, 1, 1, 30, 0, 999, time.FixedZone("x", -5*3600)), "2026-01-01T06:30:00Z"},
	}
	for _, tc := range tests {
		if got := RFC3339(tc.in); got != tc.want {
			t.Errorf("RFC3339(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func BenchmarkCompact(b *testing.B) {
	now := utc(2026, time.November, 25, 22, 7, 30)
	ages := []time.Duration{
		30 * time.Second, 7 * time.Minute, 16 * time.Hour,
		3 * 24 * time.Hour, 20 * 24 * time.Hour, 200 * 24 * time.Hour, 900 * 24 * time.Hour,
	}
	times := make([]time.Time, len(ages))
	for i, a := range ages {
		times[i] = now.Add(-a)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = Compact(times[i%len(times)], now)
	}
}
