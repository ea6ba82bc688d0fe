// Package bench generates synthetic communities at scale and drives the
// load harness against a parley process, for docs/BENCHMARKS.md. It is
// reached through "parley bench seed" and "parley bench load"; it imports
// forum, markup, store and loadgen.
package bench
