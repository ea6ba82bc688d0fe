package search

import (
	"fmt"
	"strings"
	"testing"
)

// benchLog is a 50 KB crash log of the kind people paste into posts: hex
// addresses, mixed-case symbols, snake_case functions, file names.
func benchLog() string {
	var b strings.Builder
	for i := 0; b.Len() < 50<<10; i++ {
		fmt.Fprintf(&b, "%d  NetworkExtension  0x%09x NEFilterDataProvider.handleNewFlow(_:) + %d (FlowFilterProvider%d.swift:%d)\n",
			i, 0x100a7ee60+i*16, i%400, i%50, i%900)
		fmt.Fprintf(&b, "Thread %d: nw_path_evaluator_start skbuf_slab.c errno=24 Code=450 URLSessionTask%d\n", i, i%30)
	}
	return b.String()
}

func BenchmarkIndexText50KB(b *testing.B) {
	log := benchLog()
	b.SetBytes(int64(len(log)))
	b.ReportAllocs()
	var extra int
	for b.Loop() {
		extra = len(IndexText(log)) - len(log)
	}
	b.ReportMetric(float64(extra), "extra-bytes")
}

func BenchmarkParse(b *testing.B) {
	const q = `FlowFilterProvider "too many open files" -simulator tag:swift is:solved boosts:>5 after:2026-01-01 sort:latest`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(q); err != nil {
			b.Fatal(err)
		}
	}
}
