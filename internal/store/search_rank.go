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
	created          int64 // only for SortLatest
	postBoosts       int   // only for SortBoosts
	threadBoosts     int
	answer           bool    // the thread's accepted answer
	solved           bool    // its thread is solved
	titleMatch       bool    // its thread's title holds every word
	exactTitle       bool    // ... as typed, not only by stems
	title            string  // the thread's title, read for title matches only
	relevance        float64 // text score of the title match (bm25 or ts_rank)
	score            float64
}

// Ranking: a post whose thread title holds every word scores 2 plus its
// title score squashed into [0, 1) (the engines score on different scales,
// bm25 and ts_rank; squashing keeps their order and the same range), and 1
// more when the title holds the words as typed rather than only by their
// stems (search.Query.MatchesExactly); any other match scores 1. Lifts multiply the score, so they reorder posts
// that match about equally well; a solved, much boosted thread can pass a
// bare title match.
const (
	liftSolved = 0.25 // the thread has an accepted or recommended answer
	liftAnswer = 0.25 // the post is the accepted answer
	liftBoosts = 0.10 // per natural-log unit of 1 + boosts
)

// rankCandidates scores the candidates and returns the best one of each
// thread, in result order: relevance (with lifts) for SortRelevance, then
// newest first; newest first for SortLatest; most boosted thread first for
// SortBoosts. Ties go to the higher id (the newer post), so the order is
// total and pages never overlap.
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
		base := 1.0
		if c.titleMatch {
			base = 2 + c.relevance/(1+c.relevance)
			if c.exactTitle {
				base++
			}
		}
		c.score = base * lift
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
