package storetest

import (
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

// Run runs the contract suite. open must return a fresh, migrated, empty
// store for each subtest and arrange for it to be closed when the subtest
// ends (t.Cleanup); it is called from parallel subtests. Every subtest ends
// by requiring that CheckCounters finds no counter that disagrees with its
// rows.
//
// The cases share nothing but the engine server: each has its own
// database and fixture, so they run in parallel (t.Parallel, as many at
// once as go test's -parallel allows). Most of a case's time is waiting
// on the database (creating it, migrating, committing), not computing.
func Run(t *testing.T, open func(t *testing.T) forum.Store) {
	for _, c := range contractCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, open(t))
			c.run(f)
			f.checkCounters()
		})
	}
}

// contractCases lists every case: each capability keeps its own list in
// its own file (auditCases in audit_cases.go, ...) and adds it here.
func contractCases() []contractCase {
	var all []contractCase
	for _, list := range [][]contractCase{
		cases(),
		searchCases(),
		stemmingCases(),
		similarCases(),
		commitCases(),
		auditCases(),
		editFoldCases(),
		draftCases(),
		siteCases(),
		peopleCases(),
		taxonomyAdminCases(),
		mailCases(),
		softDeleteCases(),
	} {
		all = append(all, list...)
	}
	return all
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
		{"RevisionRange", testRevisionRange},
	}
}
