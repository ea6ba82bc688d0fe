package bench

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/markup"
	"github.com/parley-forum/parley/internal/store"
)

// SeedOptions size the synthetic community.
type SeedOptions struct {
	Users, Threads, Replies int
	Seed                    uint64
	BodyPool                int // distinct rendered bodies reused across posts
	Batch                   int // threads per transaction
	Now                     time.Time
}

// DefaultSeed is the million-post community of the benchmark.
func DefaultSeed() SeedOptions {
	return SeedOptions{Users: 10000, Threads: 100000, Replies: 1000000, Seed: 1, BodyPool: 3000, Batch: 2000}
}

// SeedReport says what was written and how long it took.
type SeedReport struct {
	Users, Threads, Posts int
	Took                  time.Duration
}

// Seed fills an empty store. Post bodies come from a pool of rendered
// templates (Markdown rendering dominates otherwise), each with a slot in
// plain prose that gets the post's own number, so every body is distinct
// and still exactly what the renderer makes of its source; titles are all
// distinct. Secondary indexes are built after the load (BeginBulkLoad). Reply counts, authorship and boosts follow Zipf-like
// popularity, so a few threads are huge and most are small.
func Seed(ctx context.Context, st *store.Store, opt SeedOptions, progress func(string)) (SeedReport, error) {
	start := time.Now()
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	empty, err := st.IsEmpty(ctx)
	if err != nil {
		return SeedReport{}, err
	}
	if !empty {
		return SeedReport{}, fmt.Errorf("seed: the database already has a forum; seed an empty one")
	}
	r := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	subIDs, tagIDs, err := seedStructure(ctx, st)
	if err != nil {
		return SeedReport{}, err
	}
	users := make([]*forum.User, opt.Users)
	for i := range users {
		role, title := forum.RoleMember, ""
		if i < 20 {
			role, title = forum.RoleStaff, "Support Engineer"
		}
		users[i] = &forum.User{Username: fmt.Sprintf("user%05d", i), DisplayName: fmt.Sprintf("User %d", i), Role: role, Title: title,
			CreatedAt: opt.Now.Add(-time.Duration(800+r.IntN(1000)) * 24 * time.Hour)}
	}
	if err := st.BulkUsers(ctx, users); err != nil {
		return SeedReport{}, err
	}
	progress(fmt.Sprintf("%d users", len(users)))
	// The load allocates a lot of short-lived garbage and memory is not
	// what limits it: collect less often.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	finish, err := st.BeginBulkLoad(ctx)
	if err != nil {
		return SeedReport{}, err
	}
	rep, err := seedThreads(ctx, st, opt, r, users, subIDs, tagIDs, progress, start)
	// The indexes come back even when the load failed half-way.
	if ferr := finish(ctx); ferr != nil && err == nil {
		err = ferr
	}
	if err == nil {
		progress(fmt.Sprintf("indexes built, settings restored (%s)", time.Since(start).Round(time.Second)))
	}
	rep.Took = time.Since(start)
	return rep, err
}

func seedThreads(ctx context.Context, st *store.Store, opt SeedOptions, r *rand.Rand, users []*forum.User, subIDs, tagIDs []int64,
	progress func(string), start time.Time) (SeedReport, error) {
	// A small community needs fewer templates than the default pool.
	questions, replies := renderPool(max(1, min(opt.BodyPool, (opt.Threads+opt.Replies)/8)), opt.Seed)
	progress(fmt.Sprintf("rendered %d body templates", len(questions)+len(replies)))
	replyCounts := zipfCounts(r, opt.Threads, opt.Replies)
	userZipf := rand.NewZipf(r, 1.2, 8, uint64(opt.Users-1))
	tagZipf := rand.NewZipf(r, 1.3, 2, uint64(len(tagIDs)-1))
	span := 730 * 24 * time.Hour
	posts := 0
	batch := make([]store.BulkThread, 0, opt.Batch)
	for i := 0; i < opt.Threads; i++ {
		created := opt.Now.Add(-span + time.Duration(float64(span)*float64(i)/float64(opt.Threads)))
		t := title(r)
		q := questions[r.IntN(len(questions))].fill(posts + 1)
		bt := store.BulkThread{Row: forum.NewThreadRow{SubtopicID: subIDs[r.IntN(len(subIDs))], AuthorID: users[userZipf.Uint64()].ID,
			Title: t, Slug: forum.Slugify(t), Excerpt: markup.Excerpt(q.Text, 300), Body: q, CreatedAt: created},
			Accepted: -1, Views: int64(20 + replyCounts[i]*40 + r.IntN(200))}
		seen := map[int64]bool{}
		for n := r.IntN(4); n > 0; n-- {
			if tg := tagIDs[tagZipf.Uint64()]; !seen[tg] {
				seen[tg] = true
				bt.Row.TagIDs = append(bt.Row.TagIDs, tg)
			}
		}
		bt.Boosters = boosters(r, users, bt.Row.AuthorID)
		at := created
		for j := 0; j < replyCounts[i]; j++ {
			at = at.Add(time.Duration(1+r.IntN(180)) * time.Minute)
			if at.After(opt.Now) {
				at = opt.Now
			}
			author := users[userZipf.Uint64()].ID
			bt.Replies = append(bt.Replies, store.BulkReply{AuthorID: author, Body: replies[r.IntN(len(replies))].fill(posts + 2 + j), CreatedAt: at, Boosters: boosters(r, users, author)})
		}
		if n := len(bt.Replies); n > 0 {
			if r.IntN(10) < 4 && bt.Replies[0].AuthorID != bt.Row.AuthorID {
				bt.Accepted = 0
			}
			if r.IntN(10) == 0 {
				bt.Recommended, bt.RecommendBy = []int{r.IntN(n)}, users[r.IntN(20)].ID
			}
		}
		posts += 1 + len(bt.Replies)
		batch = append(batch, bt)
		if len(batch) == opt.Batch || i == opt.Threads-1 {
			if err := st.BulkThreads(ctx, batch); err != nil {
				return SeedReport{}, err
			}
			batch = batch[:0]
			if (i+1)%(opt.Batch*20) == 0 || i == opt.Threads-1 {
				progress(fmt.Sprintf("%d threads, %d posts (%s)", i+1, posts, time.Since(start).Round(time.Second)))
			}
		}
	}
	return SeedReport{Users: len(users), Threads: opt.Threads, Posts: posts}, nil
}

func seedStructure(ctx context.Context, st *store.Store) (subIDs, tagIDs []int64, err error) {
	for ti, topic := range []string{"App Services", "Developer Tools", "Hardware"} {
		t := &forum.Topic{Title: topic, Slug: fmt.Sprintf("topic-%d", ti)}
		if err := st.CreateTopic(ctx, t); err != nil {
			return nil, nil, err
		}
		for si := 0; si < 4; si++ {
			name := nouns[ti*4+si]
			s := &forum.Subtopic{TopicID: t.ID, Title: "Bench " + name, Slug: "bench-" + name, Description: "Synthetic threads about " + name + "."}
			if err := st.CreateSubtopic(ctx, s); err != nil {
				return nil, nil, err
			}
			subIDs = append(subIDs, s.ID)
		}
	}
	for i := 0; i < 30; i++ {
		g := &forum.Tag{Name: fmt.Sprintf("%s-%d", nouns[20+i%30], i)}
		if err := st.CreateTag(ctx, g); err != nil {
			return nil, nil, err
		}
		tagIDs = append(tagIDs, g.ID)
	}
	return subIDs, tagIDs, nil
}

// zipfCounts spreads total replies over n threads with a heavy head:
// weight(i) ∝ 1/(i+10)^0.9, shuffled so popularity is not by age.
func zipfCounts(r *rand.Rand, n, total int) []int {
	w := make([]float64, n)
	sum := 0.0
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+10), 0.9)
		sum += w[i]
	}
	counts := make([]int, n)
	assigned := 0
	for i := range counts {
		counts[i] = int(float64(total) * w[i] / sum)
		assigned += counts[i]
	}
	for assigned < total {
		counts[r.IntN(n)]++
		assigned++
	}
	r.Shuffle(n, func(i, j int) { counts[i], counts[j] = counts[j], counts[i] })
	return counts
}

func boosters(r *rand.Rand, users []*forum.User, author int64) []int64 {
	n := 0
	for r.IntN(3) == 0 && n < 40 {
		n++
	}
	out := make([]int64, 0, n)
	seen := map[int64]bool{author: true}
	for len(out) < n {
		id := users[r.IntN(len(users))].ID
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// renderPool renders distinct question and reply templates on every core.
func renderPool(n int, seed uint64) (questions, replies []template) {
	questions, replies = make([]template, n), make([]template, n)
	rd := markup.New()
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed+uint64(w)+1, 7))
			for i := w; i < n; i += workers {
				questions[i] = renderTemplate(rd, question(r))
				replies[i] = renderTemplate(rd, reply(r))
			}
		}(w)
	}
	wg.Wait()
	return questions, replies
}
