package storetest

import "slices"

// stemmingCases check English stems, CJK words inside clauses and the rank
// of exact over stemmed title matches, on every engine.
func stemmingCases() []contractCase {
	return []contractCase{
		{"SearchStems", testSearchStems},
		{"SearchStemsKeepCodeExact", testSearchStemsKeepCodeExact},
		{"SearchCJKSubstrings", testSearchCJK},
		{"SearchExactTitleFirst", testSearchExactTitleFirst},
	}
}

func testSearchStems(f *fixture) {
	_, a := f.post(f.sub, f.alice, "App crashes on launch", "it crashes every time", f.tick())
	_, b := f.post(f.sub, f.bob, "Sync crashed overnight", "crashed twice with a timeout", f.tick())
	_, c := f.post(f.sub, f.carol, "Crash when offline", "one crash log attached; the connections timed out", f.tick())
	_, d := f.post(f.sub, f.carol, "Unrelated question", "nothing to see", f.tick())
	_ = d
	// Every form of the word finds every thread that has any form.
	for _, q := range []string{"crash", "crashes", "crashed", "crashing"} {
		wantHitSet(f, q, a, b, c)
	}
	wantHitSet(f, "timeouts", b)
	wantHitSet(f, "connection", c)
	wantHitSet(f, "crashes timeout", b)
	// Quoted, a word is matched as written.
	wantHitSet(f, `"crashes"`, a)
	// An edit re-indexes the stems.
	f.must(f.edit(d, f.carol, "now it crashes too", f.tick()))
	wantHitSet(f, "crash", a, b, c, d)
}

func testSearchStemsKeepCodeExact(f *fixture) {
	_, a := f.post(f.sub, f.alice, "handleNewFlow never called",
		"nw_connection fails with Code=-1009 at 0x600002a1c4e0; EMFILE", f.tick())
	_, b := f.post(f.sub, f.bob, "Handles new flows", "handle the new flows yourself", f.tick())
	wantHitSet(f, "handleNewFlow", a)
	wantHitSet(f, "Code=-1009", a)
	wantHitSet(f, "0x600002a1c4e0", a)
	wantHitSet(f, "0x600002a1c4e", nil...)
	wantHitSet(f, "EMFILE", a)
	wantHitSet(f, "handles", b) // stems are of words, not of the parts of handleNewFlow
	wantHitSet(f, "HandleNewFlows", nil...)
}

func testSearchCJK(f *fixture) {
	_, a := f.post(f.sub, f.alice, "Wi-Fi 切り替え後に再接続できない", "iOS 17 で発生します", f.tick())
	_, b := f.post(f.sub, f.bob, "网络连接超时", "连接失败", f.tick())
	_, c := f.post(f.sub, f.carol, "서버에 연결할 수 없습니다", "연결 오류", f.tick())
	_, d := f.post(f.sub, f.carol, "Wi-Fi toggles", "reconnects fine", f.tick())
	wantHitSet(f, "できない", a)
	wantHitSet(f, "再接続", a)
	wantHitSet(f, "接続できる", nil...)
	wantHitSet(f, "连接", b)
	wantHitSet(f, "연결", c)
	wantHitSet(f, "wi-fi", a, d)
}

func testSearchExactTitleFirst(f *fixture) {
	// The stemmed title is newer, so only the exact-match rule puts the
	// other first.
	_, exact := f.post(f.sub, f.alice, "Sync crashes after update", "see title", f.tick())
	_, stemmed := f.post(f.sub, f.bob, "Sync crashed after update", "see title", f.tick())
	wantHits(f, "crashes", exact, stemmed)
	wantHits(f, "crashed", stemmed, exact)
}

// wantHitSet checks the posts a search finds, in any order.
func wantHitSet(f *fixture, raw string, want ...int64) {
	f.t.Helper()
	var got []int64
	for _, h := range f.search(raw) {
		got = append(got, h.Post.ID)
	}
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	eqIDs(f.t, "search "+raw, got, want)
}
