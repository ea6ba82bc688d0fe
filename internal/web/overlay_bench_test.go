package web

import (
	"testing"

	"github.com/parley-forum/parley/internal/store/storetest"
)

// BenchmarkSignedInThread measures one signed-in request for a thread page
// with 50 replies on SQLite: rendered whole for the reader, and assembled
// from the shared rendering (a cache hit) with the reader's overlay.
func BenchmarkSignedInThread(b *testing.B) {
	f := newOverlayFixtureN(b, storetest.SQLiteURL(b), 50)
	for _, c := range []struct {
		name string
		h    func() int
	}{
		{"whole-render", func() int { return readAs(f.whole, f.threadPath, f.fan, "tok").Code }},
		{"shared-plus-overlay", func() int { return readAs(f.shared, f.threadPath, f.fan, "tok").Code }},
		{"shared-plus-overlay-staff", func() int { return readAs(f.shared, f.threadPath, f.staff, "tok").Code }},
		{"signed-out-cached", func() int { return readAs(f.shared, f.threadPath, nil, "").Code }},
	} {
		b.Run(c.name, func(b *testing.B) {
			c.h()
			b.ReportAllocs()
			for b.Loop() {
				if c.h() != 200 {
					b.Fatal("not 200")
				}
			}
		})
	}
}
