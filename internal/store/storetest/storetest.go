package storetest

import (
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

// Run runs the contract suite. open must return a fresh, migrated, empty
// store for each subtest and arrange for it to be closed when the subtest
// ends (t.Cleanup). Every subtest ends by requiring that CheckCounters finds
// no counter that disagrees with its rows.
func Run(t *testing.T, open func(t *testing.T) forum.Store) {
	for _, c := range append(append(cases(), searchCases()...), commitCases()...) {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, open(t))
			c.run(f)
			f.checkCounters()
		})
	}
}

type contractCase struct {
	name string
	run  func(f *fixture)
}

func cases() []contractCase {
	return []contractCase{
		{"TopicsOrderAndCounts", testTopics},
		{"TaxonomyConflicts", testTaxonomyConflicts},
		{"UsersCreateAndLookup", testUsers},
		{"UsersConflicts", testUserConflicts},
		{"Sessions", testSessions},
		{"Tokens", testTokens},
		{"DeleteTokens", testDeleteTokens},
		{"Settings", testSettings},
		{"CreateThreadAndReplies", testCreateThread},
		{"ThreadFlags", testThreadFlags},
		{"ListSortsScopesFilters", testListMatrix},
		{"ListKeysetWalk", testKeysetWalk},
		{"ListKeysetWithInserts", testKeysetInserts},
		{"EditFolding", testEditFolding},
		{"EditOpeningPostTitle", testEditTitle},
		{"EditRefused", testEditRefused},
		{"DeleteReply", testDeleteReply},
		{"DeleteOpeningPost", testDeleteOpening},
		{"BoostSequential", testBoostSequential},
		{"BoostConcurrentOpeningPost", func(f *fixture) { testBoostConcurrent(f, true) }},
		{"BoostConcurrentReply", func(f *fixture) { testBoostConcurrent(f, false) }},
		{"Accept", testAccept},
		{"Recommend", testRecommend},
		{"Views", testViews},
		{"ActivityOnlyMovesForward", testActivity},
		{"ConcurrentReplies", testConcurrentReplies},
		{"ConcurrentMixedWrites", testConcurrentMixed},
		{"AnswerPosts", testAnswerPosts},
		{"PostsByID", testPostsByID},
		{"UserReplies", testUserReplies},
		{"Revisions", testRevisions},
		{"EditRedactsEarlierRevisions", testEditRedactsEarlier},
		{"RevisionModeration", testRevisionModeration},
	}
}
