package reltime

import (
	"strconv"
	"time"
)

const (
	day = 24 * time.Hour

	// yearLayout renders old timestamps as month and two-digit year joined
	// by a typographic apostrophe (U+2019), as in "Feb ’25".
	yearLayout  = "Jan \u201906"
	exactLayout = "Jan 2, 2006 at 15:04 UTC"
)

// Compact returns the compact relative age of t as seen at now, following the
// boundaries documented in the package comment. Times after now read "now".
func Compact(t, now time.Time) string {
	t, now = t.UTC(), now.UTC()
	age := now.Sub(t)
	switch {
	case age < time.Minute:
		return "now"
	case age < time.Hour:
		return strconv.Itoa(int(age/time.Minute)) + "m"
	case age < day:
		return strconv.Itoa(int(age/time.Hour)) + "h"
	}
	days := int(age / day)
	switch {
	case days < 7:
		return strconv.Itoa(days) + "d"
	case days < 30:
		return strconv.Itoa(days/7) + "w"
	case days < 365:
		return strconv.Itoa(calendarMonths(t, now)) + "mo"
	}
	return t.Format(yearLayout)
}

// calendarMonths counts the whole calendar months from t to now (t before
// now, both UTC), clamped to 1..11 for the month band of Compact.
func calendarMonths(t, now time.Time) int {
	months := (now.Year()-t.Year())*12 + int(now.Month()) - int(t.Month())
	if laterInMonth(t, now) {
		months--
	}
	return min(max(months, 1), 11)
}

// laterInMonth reports whether t's position within its month (day, then time
// of day) is past now's, which means the last month is not yet complete.
func laterInMonth(t, now time.Time) bool {
	if t.Day() != now.Day() {
		return t.Day() > now.Day()
	}
	tc := t.Sub(t.Truncate(day))
	nc := now.Sub(now.Truncate(day))
	return tc > nc
}

// Exact returns a stable, human-readable UTC rendering of t for hover
// titles, such as "Nov 25, 2026 at 22:07 UTC".
func Exact(t time.Time) string {
	return t.UTC().Format(exactLayout)
}

// RFC3339 returns t in UTC as RFC 3339 with second precision, for the
// datetime attribute of a <time> element.
func RFC3339(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}
