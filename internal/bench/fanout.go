package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/loadgen"
)

// FanoutResult is one SSE fan-out measurement: Clients streams of one
// thread held open on the streaming node, Rounds replies posted (on the
// posting node, which is the same one unless two nodes are measured), and
// how long each reply took to reach every stream, from just before the
// POST was sent to the stream reading the event.
type FanoutResult struct {
	Name             string
	Clients, Rounds  int
	Connect          time.Duration // to open every stream
	Delivery         loadgen.Delivery
	RSSBefore        float64 // MiB, streaming node, before the streams
	RSSWith          float64 // MiB, with every stream open, after the rounds
	PeakRSS          float64
	PagesWithout     loadgen.Result // page throughput before the streams
	PagesWith        loadgen.Result // the same with every stream open
	PagesAfter       loadgen.Result // and again once they are closed
	Ended            int            // streams the server closed during the run
	PostErrors       int
	PageScenarioName string
}

// fanoutRounds is how many replies each fan-out posts.
const fanoutRounds = 10

// fanout opens n streams of fx.ReplyTo on the streaming node, measures a
// page's throughput on it without and with them, then posts replies on
// the posting node and waits for each to reach every stream.
func fanout(ctx context.Context, name string, posting, streaming *child, fx *Fixtures, opt LoadOptions, n int) (FanoutResult, error) {
	res := FanoutResult{Name: name, Clients: n, Rounds: fanoutRounds, PageScenarioName: "subtopic list /c/" + fx.Subtopic}
	page := func(label string) (loadgen.Result, error) {
		return loadgen.Run(ctx, loadgen.Target{Name: label, Next: func(int, int) (*http.Request, error) {
			return http.NewRequest(http.MethodGet, streaming.base+"/c/"+fx.Subtopic, nil)
		}}, loadgen.Options{Connections: opt.Connections, Duration: opt.Duration})
	}
	var err error
	if res.PagesWithout, err = page("without streams"); err != nil {
		return res, err
	}
	res.RSSBefore, _ = streaming.memory()
	t0 := time.Now()
	fleet, err := loadgen.DialSSE(ctx, fmt.Sprintf("%s/api/live?thread=%d", streaming.base, fx.ReplyTo), n, loadgen.SSEDialOptions{})
	if err != nil {
		return res, fmt.Errorf("open %d streams: %w", n, err)
	}
	defer fleet.Close()
	res.Connect = time.Since(t0)
	if res.PagesWith, err = page(fmt.Sprintf("with %d streams", n)); err != nil {
		return res, err
	}
	client := &http.Client{Timeout: 30 * time.Second}
	replyURL := fmt.Sprintf("%s/api/threads/%d/replies", posting.base, fx.ReplyTo)
	var all []time.Duration
	missed := 0
	for round := 0; round < fanoutRounds; round++ {
		body := fmt.Sprintf(`{"body":"Fan-out reply %d: every open stream of this thread should hear of it."}`, round)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, replyURL, strings.NewReader(body))
		if err != nil {
			return res, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+fx.Token)
		fleet.Arm()
		r, err := client.Do(req)
		if err != nil {
			return res, err
		}
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
		if r.StatusCode/100 != 2 {
			res.PostErrors++
		}
		lat, miss := fleet.Wait(ctx, 30*time.Second)
		all = append(all, lat...)
		missed += miss
	}
	res.Delivery = loadgen.Summarize(all, missed)
	res.RSSWith, res.PeakRSS = streaming.memory()
	res.Ended = fleet.Ended()
	fleet.Close()
	// Measured again once the streams are gone, so the comparison is with
	// a neighbour on either side on a machine whose load drifts.
	res.PagesAfter, err = page("after the streams closed")
	return res, err
}

// FanoutTable formats fan-out results as Markdown.
func FanoutTable(rows []FanoutResult) string {
	var b strings.Builder
	b.WriteString("| SSE fan-out | clients | open all | delivery p50 | p90 | p99 | max | missed | RSS before | RSS with streams | per stream | page req/s before | with streams | after | change |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rows {
		per := 0.0
		if r.Clients > 0 {
			per = (r.RSSWith - r.RSSBefore) * 1024 / float64(r.Clients)
		}
		without := (r.PagesWithout.RPS + r.PagesAfter.RPS) / 2
		change := 0.0
		if without > 0 {
			change = (r.PagesWith.RPS/without - 1) * 100
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %d of %d | %.0f MiB | %.0f MiB | %.1f KiB | %.0f | %.0f | %.0f | %+.1f %% |\n",
			r.Name, r.Clients, r.Connect.Round(time.Millisecond), msd(r.Delivery.P50), msd(r.Delivery.P90), msd(r.Delivery.P99), msd(r.Delivery.Max),
			r.Delivery.Missed, r.Clients*r.Rounds, r.RSSBefore, r.RSSWith, per, r.PagesWithout.RPS, r.PagesWith.RPS, r.PagesAfter.RPS, change)
	}
	return b.String()
}

func msd(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
