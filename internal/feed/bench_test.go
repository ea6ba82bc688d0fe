package feed

import "testing"

// Benchmarks encode a thread page: 50 posts of about 4 KB of HTML each.

func BenchmarkRSS(b *testing.B) {
	f := sampleFeed(50, 4096)
	b.ReportAllocs()
	for b.Loop() {
		doc, err := RSS(f)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(doc)))
	}
}

func BenchmarkAtom(b *testing.B) {
	f := sampleFeed(50, 4096)
	b.ReportAllocs()
	for b.Loop() {
		doc, err := Atom(f)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(doc)))
	}
}

func BenchmarkETag(b *testing.B) {
	f := sampleFeed(50, 4096)
	b.ReportAllocs()
	for b.Loop() {
		_ = ETag(f)
	}
}
