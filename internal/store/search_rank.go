package store

import (
	"cmp"
	"math"
	"slices"

	"github.com/parley-forum/parley/internal/search"
)

// candidate is one matching post as the engine query returns it.
type candidate struct {
	postID, threadID int64
	created          int64
	postBoosts       int
	threadBoosts     int
	answer           bool // the accepted answer or a staff-recommended reply
	solved           bool // its thread is solved
	relevance        float64
	score            float64
}

// Ranking lifts: multipliers on text relevance, so they reorder posts that
// match about equally well but never lift a weak match over a far better
// one. The engines score relevance on different scales (bm25, ts_rank);
// multiplying keeps the lifts' effect the same on both.
const (
	liftSolved = 0.25 // the thread has an accepted or recommended answer
	liftAnswer = 0.25 // the post is that answer
	liftBoosts = 0.10 // per natural-log unit of 1 + boosts
)

// rankCandidates scores the candidates and returns the best one of each
// thread, in result order: relevance (with lifts) for SortRelevance, then
// newest first; newest first for SortLatest; most boosted thread first for
// SortBoosts. Ties go to the newer post, then the higher id, so the order
// is total and pages never overlap.
func rankCandidates(cands []candidate, sort string) []candidate {
	for i := range cands {
		c := &cands[i]
		lift := 1 + liftBoosts*math.Log1p(float64(c.threadBoosts+c.postBoosts))
		if c.solved {
			lift += liftSolved
		}
		if c.answer {
			lift += liftAnswer
		}
		c.score = c.relevance * lift
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		switch sort {
		case search.SortLatest:
		case search.SortBoosts:
			if r := cmp.Compare(b.threadBoosts, a.threadBoosts); r != 0 {
				return r
			}
			if r := cmp.Compare(b.postBoosts, a.postBoosts); r != 0 {
				return r
			}
		default:
			if r := cmp.Compare(b.score, a.score); r != 0 {
				return r
			}
		}
		if r := cmp.Compare(b.created, a.created); r != 0 {
			return r
		}
		return cmp.Compare(b.postID, a.postID)
	})
	seen := map[int64]bool{}
	out := cands[:0:0]
	for _, c := range cands {
		if !seen[c.threadID] {
			seen[c.threadID] = true
			out = append(out, c)
		}
	}
	return out
}
