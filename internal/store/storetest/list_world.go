package storetest

import (
	"slices"
	"sort"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// listWorld builds threads whose sort keys collide often (equal creation
// times, boosts, views and replies) so lists must break ties by id, plus
// the cases filters get wrong: a pinned thread, a deleted thread, a thread
// whose only reply was deleted and one whose accepted answer was deleted.
// It returns the live threads as Thread reports them.
func (f *fixture) listWorld(n int) []forum.Thread {
	t := f.t
	users := []*forum.User{f.alice, f.bob, f.carol, f.staff}
	base := f.clock
	var live []int64
	for i := range n {
		sub := f.sub
		if i%3 == 2 {
			sub = f.sub2
		}
		var tags []*forum.Tag
		if i%2 == 0 {
			tags = append(tags, f.tagGo)
		}
		if i%3 == 0 {
			tags = append(tags, f.tagSQL)
		}
		created := base.Add(time.Duration(i/2) * time.Minute) // pairs share a creation time
		row := forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: users[i%3].ID, Title: "Thread " + string(rune('A'+i%26)),
			Slug: "thread", Excerpt: "x", Body: body("question"), Pinned: i == 5, CreatedAt: created}
		for _, tg := range tags {
			row.TagIDs = append(row.TagIDs, tg.ID)
		}
		th, op, err := f.st.CreateThread(f.ctx, row)
		f.must(err)
		var replies []int64
		for r := range i % 4 {
			replies = append(replies, f.reply(th, users[(i+r+1)%4], created.Add(time.Duration(r+1)*time.Second)))
		}
		boosters := (i * 7) % 5
		for b := range boosters {
			_, err := f.st.SetBoost(f.ctx, op, users[b].ID, true, created)
			f.must(err)
		}
		if views := int64(i%3) * 10; views > 0 {
			f.must(f.st.AddViews(f.ctx, map[int64]int64{th: views}))
		}
		if i%4 == 3 {
			f.must(f.st.SetAccepted(f.ctx, th, replies[0], created.Add(10*time.Second)))
		}
		if i%8 == 6 {
			f.must(f.st.SetRecommended(f.ctx, replies[1], f.staff.ID, true, created.Add(11*time.Second)))
		}
		switch {
		case i == 9:
			f.must(f.st.DeletePost(f.ctx, op, created.Add(time.Minute)))
			continue
		case i == 1:
			f.must(f.st.DeletePost(f.ctx, replies[0], created.Add(time.Minute)))
		case i == 7:
			f.must(f.st.DeletePost(f.ctx, replies[0], created.Add(time.Minute)))
		}
		live = append(live, th)
		// The model below trusts Thread, so check the inputs it will use.
		got := f.getThread(th)
		wantReplies := i % 4
		if i == 1 || i == 7 {
			wantReplies--
		}
		eq(t, "world reply count", got.ReplyCount, wantReplies)
		eq(t, "world boost count", got.BoostCount, boosters)
		eq(t, "world views", got.ViewCount, int64(i%3)*10)
		eq(t, "world solved", got.Solved(), i%4 == 3 && i != 7 || i%8 == 6)
	}
	f.clock = base.Add(time.Hour)
	out := make([]forum.Thread, len(live))
	for i, id := range live {
		out[i] = *f.getThread(id)
	}
	return out
}

// expectList computes a list from the model threads: what ListThreads must
// return for q, ignoring its limit and cursor.
func expectList(all []forum.Thread, q forum.ListQuery, tagName string) []int64 {
	var out []forum.Thread
	for _, th := range all {
		switch {
		case q.Scope.SubtopicID != 0 && (th.Subtopic.ID != q.Scope.SubtopicID || th.Pinned):
			continue
		case q.Scope.TagID != 0 && !slices.Contains(th.Tags, tagName):
			continue
		case q.Scope.AuthorID != 0 && th.Author.ID != q.Scope.AuthorID:
			continue
		case q.Filter == forum.FilterUnanswered && th.ReplyCount != 0:
			continue
		case q.Filter == forum.FilterSolved && !th.Solved():
			continue
		}
		out = append(out, th)
	}
	sort.Slice(out, func(i, j int) bool {
		ki, kj := forum.SortKey(q.Sort, &out[i]), forum.SortKey(q.Sort, &out[j])
		if ki != kj {
			return (ki < kj) != q.Desc
		}
		return (out[i].ID < out[j].ID) != q.Desc
	})
	return threadIDs(out)
}

func allSorts() []forum.Sort {
	return []forum.Sort{forum.SortActivity, forum.SortNewest, forum.SortBoosts, forum.SortViews, forum.SortReplies}
}
