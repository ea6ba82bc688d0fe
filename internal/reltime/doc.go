// Package reltime formats timestamps for forum lists and hover titles.
//
// Lists show activity as a compact relative age ("now", "7m", "16h", "3d",
// "2w", "5mo", "Feb ’25") so a column of ages stays narrow and scannable.
// The exact instant goes into a hover title (Exact) and the machine-readable
// datetime attribute of a <time> element (RFC3339).
//
// Compact uses these boundaries, where age = now - t:
//
//	age < 1 minute (or negative)   "now"   future times come from clock skew
//	age < 1 hour                   "Nm"    whole minutes, 1..59
//	age < 24 hours                 "Nh"    whole hours, 1..23
//	days < 7                       "Nd"    days = whole 24-hour periods, 1..6
//	days < 30                      "Nw"    days/7, 1..4
//	days < 365                     "Nmo"   whole calendar months, 1..11
//	days >= 365                    "Jan ’06" month and two-digit year of t
//
// Every unit truncates: 119 seconds is "1m", 13 days is "1w". Months are
// counted on the calendar (March 31 to April 30 is not yet a full month), and
// clamped to 1..11 so the month band never shows "0mo" or "12mo" when the
// calendar and the day count disagree at month ends and across leap days.
// The year band is chosen by elapsed days alone, so 365 days after
// 2023-03-01 (which is 2024-02-29) already reads "Mar ’23".
//
// All calendar arithmetic and all output happen in UTC, so the same instant
// renders the same way on every server regardless of its local zone.
//
// The package imports only the standard library.
package reltime
