package api

import (
	"net/http"
	"sync"
	"testing"
)

func TestBoostIsIdempotent(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Boost me if this helps")
	path := "/api/posts/" + itoa(w.PostID) + "/boost"
	steps := []struct {
		method  string
		as      string
		boosts  int
		boosted bool
	}{
		{"PUT", "bob", 1, true},
		{"PUT", "bob", 1, true}, // again: no change
		{"PUT", "carol", 2, true},
		{"DELETE", "bob", 1, false},
		{"DELETE", "bob", 1, false},
	}
	for i, s := range steps {
		var out BoostDTO
		h.must(http.StatusOK, req{method: s.method, path: path, as: s.as}).decode(t, &out)
		if out.PostID != w.PostID || out.Boosts != s.boosts || out.Boosted != s.boosted {
			t.Errorf("step %d %s by %s: %+v, want %d boosts, boosted=%v", i, s.method, s.as, out, s.boosts, s.boosted)
		}
	}
	res := h.must(http.StatusForbidden, req{method: "PUT", path: path, as: "alice"})
	if code, _ := res.errorCode(t); code != CodeForbidden {
		t.Errorf("own boost: code %q", code)
	}
}

func TestConcurrentBoostsCountExactly(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Popular question of the week")
	const n = 20
	var names []string
	for i := range n {
		name := "booster" + itoa(int64(i))
		h.addUser(name, "member")
		names = append(names, name)
	}
	path := "/api/posts/" + itoa(w.PostID) + "/boost"
	var wg sync.WaitGroup
	results := make([]*response, n)
	for i, name := range names {
		wg.Go(func() { results[i] = h.do(req{method: "PUT", path: path, as: name}) })
	}
	wg.Wait()
	seen := map[int]bool{}
	for i, res := range results {
		if res.status != http.StatusOK {
			t.Fatalf("boost %d: status %d %s", i, res.status, res.body)
		}
		var out BoostDTO
		res.decode(t, &out)
		seen[out.Boosts] = true
	}
	// Each boost commits alone, so each response reports a distinct count.
	if len(seen) != n {
		t.Errorf("responses reported %d distinct counts, want %d", len(seen), n)
	}
	var p PostDTO
	h.must(http.StatusOK, req{method: "GET", path: "/api/posts/" + itoa(w.PostID)}).decode(t, &p)
	if p.Boosts != n {
		t.Errorf("post has %d boosts, want %d", p.Boosts, n)
	}
	var th ThreadPageDTO
	h.must(http.StatusOK, req{method: "GET", path: "/t/x/" + itoa(w.ThreadID)}).decode(t, &th)
	if th.Thread.Boosts != n {
		t.Errorf("thread shows %d boosts, want %d", th.Thread.Boosts, n)
	}
}

func TestAcceptAnswer(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Which API should I use?", "bob", "alice")
	bobs, alices := h.postID(w.ThreadID, 2), h.postID(w.ThreadID, 3)
	path := "/api/threads/" + itoa(w.ThreadID) + "/accepted"

	var th ThreadDTO
	h.must(http.StatusOK, req{method: "PUT", path: path, as: "alice", body: map[string]any{"post_id": bobs}}).decode(t, &th)
	if th.AcceptedPostID == nil || *th.AcceptedPostID != bobs || !th.Solved {
		t.Errorf("after accept: %+v", th)
	}
	var tp ThreadPageDTO
	h.must(http.StatusOK, req{method: "GET", path: "/t/x/" + itoa(w.ThreadID)}).decode(t, &tp)
	if len(tp.Answers) != 1 || tp.Answers[0].ID != bobs || !tp.Answers[0].Accepted {
		t.Errorf("answers %+v", tp.Answers)
	}

	for _, c := range []struct {
		name string
		as   string
		body any
		want int
		code string
	}{
		{"someone else", "bob", map[string]any{"post_id": bobs}, 403, CodeForbidden},
		{"the question", "alice", map[string]any{"post_id": w.PostID}, 422, CodeInvalid},
		{"own reply", "alice", map[string]any{"post_id": alices}, 422, CodeInvalid},
		{"unknown post", "alice", map[string]any{"post_id": 999999}, 422, CodeInvalid},
		{"wrong type", "alice", map[string]any{"post_id": "two"}, 400, CodeBadRequest},
	} {
		res := h.must(c.want, req{method: "PUT", path: path, as: c.as, body: c.body})
		if code, _ := res.errorCode(t); code != c.code {
			t.Errorf("%s: code %q, want %q", c.name, code, c.code)
		}
	}

	// null, 0 and an empty object all clear.
	for _, body := range []string{`{"post_id":null}`, `{"post_id":0}`, `{}`} {
		h.must(http.StatusOK, req{method: "PUT", path: path, as: "alice", body: map[string]any{"post_id": bobs}})
		h.must(http.StatusOK, req{method: "PUT", path: path, as: "maria", body: body}).decode(t, &th)
		if th.AcceptedPostID != nil || th.Solved {
			t.Errorf("%s did not clear: %+v", body, th)
		}
	}
}

func TestRecommend(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Staff please weigh in", "bob")
	reply := h.postID(w.ThreadID, 2)
	path := "/api/posts/" + itoa(reply) + "/recommended"

	var p PostDTO
	h.must(http.StatusOK, req{method: "PUT", path: path, as: "carol"}).decode(t, &p)
	if !p.Recommended || p.ID != reply {
		t.Errorf("after recommend: %+v", p)
	}
	h.must(http.StatusOK, req{method: "PUT", path: path, as: "carol"}).decode(t, &p)
	var tp ThreadPageDTO
	h.must(http.StatusOK, req{method: "GET", path: "/t/x/" + itoa(w.ThreadID)}).decode(t, &tp)
	if tp.Thread.RecommendedCount != 1 || !tp.Thread.Solved || len(tp.Answers) != 1 {
		t.Errorf("thread after recommend: %+v answers %d", tp.Thread, len(tp.Answers))
	}
	h.must(http.StatusOK, req{method: "DELETE", path: path, as: "carol"}).decode(t, &p)
	if p.Recommended {
		t.Errorf("after withdrawing: %+v", p)
	}
	res := h.must(http.StatusForbidden, req{method: "PUT", path: path, as: "bob"})
	if code, _ := res.errorCode(t); code != CodeForbidden {
		t.Errorf("member recommends: code %q", code)
	}
	res = h.must(http.StatusUnprocessableEntity, req{method: "PUT", path: "/api/posts/" + itoa(w.PostID) + "/recommended", as: "carol"})
	if _, fields := res.errorCode(t); fields["post_id"] == "" {
		t.Errorf("recommending the question: fields %v", fields)
	}
}
