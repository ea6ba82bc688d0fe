package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/loadgen"
	"github.com/parley-forum/parley/internal/store"
)

// LoadOptions configure a load run against a seeded database.
type LoadOptions struct {
	DatabaseURL string
	Binary      string // parley executable to start; default: this process's
	Connections int
	Duration    time.Duration
	// OpenRate is the fixed rate (requests/s) of the open-loop runs of the
	// read scenarios; 0 means half of each scenario's closed-loop
	// throughput, a load the server should carry without queueing.
	OpenRate float64
	// SignedInRate is the fixed rate (requests/s) of the open-loop runs
	// of the signed-in scenarios; 0 means DefaultSignedInRate.
	SignedInRate float64
	// SSEClients is how many live update streams the fan-out scenario
	// holds open on one node (0: skip it).
	SSEClients int
	// NATSURL, with a PostgreSQL database, adds the two-node fan-out: a
	// second node on the same database and NATS server holds
	// TwoNodeClients streams and hears the replies posted on the first.
	NATSURL        string
	TwoNodeClients int
	// FanoutOnly skips every scenario but the fan-out ones.
	FanoutOnly bool
	Out        io.Writer
}

// DefaultSignedInRate is the open-loop rate of the signed-in scenarios:
// the rate the signed-in target is stated at.
const DefaultSignedInRate = 2000

// Fixtures are the pages a run requests, chosen from the database.
type Fixtures struct {
	Subtopic, Tag, ThreadPath, SearchQuery string
	ThreadID                               int64
	ReplyTo                                int64
	Token                                  string
	// MemberCookie and StaffCookie are session cookie values of a seeded
	// member and a seeded staff account, opened through the Service for
	// the signed-in scenarios (the seed sets no passwords).
	MemberCookie, StaffCookie string
}

// PrepareFixtures picks a busy subtopic and tag, a thread with at least 50
// replies, and creates an account with an API token for the posting run.
func PrepareFixtures(ctx context.Context, st *store.Store) (*Fixtures, error) {
	topics, err := st.Topics(ctx)
	if err != nil {
		return nil, err
	}
	fx := &Fixtures{}
	best := -1
	for _, t := range topics {
		for _, s := range t.Subtopics {
			if s.ThreadCount > best {
				best, fx.Subtopic = s.ThreadCount, s.Slug
			}
		}
	}
	tags, err := st.Tags(ctx)
	if err != nil {
		return nil, err
	}
	best = -1
	for _, g := range tags {
		if g.ThreadCount > best {
			best, fx.Tag = g.ThreadCount, g.Name
		}
	}
	top, err := st.ListThreads(ctx, forum.ListQuery{Sort: forum.SortReplies, Desc: true, Limit: 100})
	if err != nil || len(top) == 0 {
		return nil, fmt.Errorf("pick a thread: %v", err)
	}
	pickT := top[0]
	for _, t := range top {
		if t.ReplyCount >= 50 && t.ReplyCount < 200 {
			pickT = t
		}
	}
	fx.ThreadID, fx.ThreadPath = pickT.ID, "/t/"+pickT.Slug+"/"+strconv.FormatInt(pickT.ID, 10)
	fx.ReplyTo = top[len(top)-1].ID
	fx.SearchQuery = "socket timeout"
	svc := forum.NewService(forum.Config{Store: st})
	u, err := st.UserByUsername(ctx, "benchposter")
	if err != nil {
		if u, err = svc.CreateUser(ctx, forum.SignUpInput{Username: "benchposter", Email: "benchposter@example.com", Password: "bench password 123"}, forum.RoleStaff, "Bench"); err != nil {
			return nil, err
		}
	}
	if _, fx.Token, err = svc.CreateToken(ctx, u, "bench"); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		username string
		cookie   *string
	}{{"user00500", &fx.MemberCookie}, {"user00001", &fx.StaffCookie}} {
		u, err := st.UserByUsername(ctx, s.username)
		if err != nil {
			// A community seeded smaller than the default: fall back to
			// the posting account, which is staff.
			u, err = st.UserByUsername(ctx, "benchposter")
		}
		if err != nil {
			return nil, err
		}
		if *s.cookie, err = svc.OpenSession(ctx, u, "parley bench", "127.0.0.1"); err != nil {
			return nil, err
		}
	}
	return fx, nil
}

// child is a parley process under test.
type child struct {
	cmd     *exec.Cmd
	base    string
	startup time.Duration
}

// startChild starts parley serve on dbURL with room for streams live
// update streams from this one address; nats, when set, is its bus.
func startChild(ctx context.Context, bin, dbURL, nats string, streams int) (*child, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	args := []string{"serve", "--addr", addr, "--database", dbURL, "--no-demo", "--rate-limits", "off", "--log-level", "warn",
		"--live-max-clients", strconv.Itoa(max(10000, streams)), "--live-max-per-ip", strconv.Itoa(max(8, streams))}
	if nats != "" {
		args = append(args, "--nats", nats)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	c := &child{cmd: cmd, base: "http://" + addr}
	for time.Since(start) < 60*time.Second {
		res, err := http.Get(c.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				c.startup = time.Since(start)
				return c, nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	return nil, fmt.Errorf("parley did not become ready within a minute")
}

// memory reads the child's resident and peak resident memory in MiB.
func (c *child) memory() (rss, peak float64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && (fields[0] == "VmRSS:" || fields[0] == "VmHWM:") {
			kb, _ := strconv.ParseFloat(fields[1], 64)
			if fields[0] == "VmRSS:" {
				rss = kb / 1024
			} else {
				peak = kb / 1024
			}
		}
	}
	return rss, peak
}

func (c *child) stop() {
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = c.cmd.Process.Kill()
	}
}

// Load starts parley on the database, measures the ceiling and every
// scenario with the same connection count, and prints a Markdown report.
func Load(ctx context.Context, fx *Fixtures, opt LoadOptions) error {
	if opt.Binary == "" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		opt.Binary = exe
	}
	streams := max(opt.SSEClients, opt.TwoNodeClients)
	if streams > 0 {
		// Each stream is a descriptor here and one in the server.
		got, err := RaiseFileLimit(uint64(streams) + 1024)
		if err != nil {
			return fmt.Errorf("raise the open-file limit: %w", err)
		}
		if got < uint64(streams)+1024 {
			return fmt.Errorf("the fan-out needs %d open files and the hard limit allows %d: raise it (ulimit -Hn) or lower --sse-clients", streams+1024, got)
		}
	}
	c, err := startChild(ctx, opt.Binary, opt.DatabaseURL, opt.NATSURL, streams)
	if err != nil {
		return err
	}
	defer c.stop()
	rssIdle, _ := c.memory()
	if opt.FanoutOnly {
		fmt.Fprintf(opt.Out, "start-up to ready: %s · resident memory %.0f MiB idle\n", c.startup.Round(time.Millisecond), rssIdle)
		return printFanouts(ctx, c, fx, opt, nil)
	}
	ceilURL, stopCeiling, err := loadgen.Ceiling()
	if err != nil {
		return err
	}
	defer stopCeiling()
	run := func(name string, next func(w, i int) (*http.Request, error), conns int) (loadgen.Result, error) {
		return loadgen.Run(ctx, loadgen.Target{Name: name, Next: next}, loadgen.Options{Connections: conns, Duration: opt.Duration})
	}
	get := func(u string) func(int, int) (*http.Request, error) {
		return func(int, int) (*http.Request, error) { return http.NewRequest(http.MethodGet, u, nil) }
	}
	ceiling, err := run("ceiling: net/http, fixed 20 KB", get(ceilURL), opt.Connections)
	if err != nil {
		return err
	}
	scenarios := []scenario{
		{"subtopic list /c/" + fx.Subtopic, "/c/" + fx.Subtopic, "", true, "", 0},
		// Browsers always ask for compression; the ceiling does not compress.
		{"subtopic list, brotli as browsers ask", "/c/" + fx.Subtopic, "br", false, "", 0},
		{"tag list /tags/" + fx.Tag, "/tags/" + fx.Tag, "", true, "", 0},
		{"/latest.rss", "/latest.rss", "", false, "", 0},
		{"thread page, 50 replies", fx.ThreadPath, "", true, "", 0},
		{"thread JSON twin", fx.ThreadPath + ".json", "", false, "", 0},
		{"search: " + fx.SearchQuery, "/search?q=" + url.QueryEscape(fx.SearchQuery), "", true, "", 0},
	}
	signedInRate := opt.SignedInRate
	if signedInRate <= 0 {
		signedInRate = DefaultSignedInRate
	}
	// The same pages for a signed-in member and a staff account, whose
	// pages carry more controls.
	for _, who := range []struct{ name, cookie string }{{"member", fx.MemberCookie}, {"staff", fx.StaffCookie}} {
		if who.cookie == "" {
			continue
		}
		scenarios = append(scenarios,
			scenario{"signed-in " + who.name + ": subtopic list", "/c/" + fx.Subtopic, "", true, who.cookie, signedInRate},
			scenario{"signed-in " + who.name + ": tag list", "/tags/" + fx.Tag, "", true, who.cookie, signedInRate},
			scenario{"signed-in " + who.name + ": thread page, 50 replies", fx.ThreadPath, "", true, who.cookie, signedInRate})
	}
	var results []loadgen.Result
	var paced []loadgen.PacedRow
	for _, s := range scenarios {
		if s.cookie != "" {
			if err := checkSignedIn(ctx, c.base+s.path, s.cookie); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
		}
		next := get(c.base + s.path)
		if s.encoding != "" || s.cookie != "" {
			next = func(int, int) (*http.Request, error) {
				req, err := http.NewRequest(http.MethodGet, c.base+s.path, nil)
				if err == nil && s.encoding != "" {
					req.Header.Set("Accept-Encoding", s.encoding)
				}
				if err == nil && s.cookie != "" {
					req.AddCookie(&http.Cookie{Name: sessionCookie, Value: s.cookie})
				}
				return req, err
			}
		}
		r, err := run(s.name, next, opt.Connections)
		if err != nil {
			return err
		}
		results = append(results, r)
		if s.open {
			o := opt
			if s.rate > 0 {
				o.OpenRate = s.rate
			}
			row, err := openLoop(ctx, r, next, o)
			if err != nil {
				return err
			}
			paced = append(paced, row)
		}
	}
	// Posting alone shows what the one writer can do; posting with reads
	// continuing is the target's condition, where both share the cores.
	alone, _, err := mixed(ctx, c.base, fx, opt, 0)
	if err != nil {
		return err
	}
	alone.Name = fmt.Sprintf("posting replies alone (%d conns)", max(1, opt.Connections/8))
	post, read, err := mixed(ctx, c.base, fx, opt, opt.Connections-max(1, opt.Connections/8))
	if err != nil {
		return err
	}
	results = append(results, alone, post, read)
	rss, peak := c.memory()
	fmt.Fprintf(opt.Out, "%s\nstart-up to ready: %s · resident memory: %.0f MiB idle after start, %.0f MiB after the run, %.0f MiB peak\n",
		loadgen.Table(ceiling, results), c.startup.Round(time.Millisecond), rssIdle, rss, peak)
	fmt.Fprintf(opt.Out, "\nOpen-loop latency at a fixed rate (measured from each request's due time):\n\n%s", loadgen.PacedTable(paced))
	for _, r := range paced {
		results = append(results, r.Open)
	}
	return printFanouts(ctx, c, fx, opt, results)
}

// printFanouts runs and prints the fan-out scenarios, then the errors of
// every scenario.
func printFanouts(ctx context.Context, c *child, fx *Fixtures, opt LoadOptions, results []loadgen.Result) error {
	fan, err := fanouts(ctx, c, fx, opt)
	if err != nil {
		return err
	}
	if len(fan) > 0 {
		fmt.Fprintf(opt.Out, "\nLive updates: %d replies posted one after another, delay from sending each to every stream reading it; page throughput of %s on the streaming node (%d conns) before, while and after the streams are open (change: with streams against the mean of before and after):\n\n%s",
			fanoutRounds, fan[0].PageScenarioName, opt.Connections, FanoutTable(fan))
	}
	for _, f := range fan {
		results = append(results, f.PagesWithout, f.PagesWith, f.PagesAfter)
		if f.PostErrors > 0 || f.Ended > 0 {
			fmt.Fprintf(opt.Out, "in %q: %d replies refused, %d streams ended by the server\n", f.Name, f.PostErrors, f.Ended)
		}
	}
	for _, r := range results {
		if r.Errors > 0 {
			fmt.Fprintf(opt.Out, "errors in %q: %d, first: %s\n", r.Name, r.Errors, r.FirstError)
		}
	}
	return nil
}

// fanouts runs the SSE fan-out on the node under test and, with NATS on
// PostgreSQL, from it to a second node.
func fanouts(ctx context.Context, c *child, fx *Fixtures, opt LoadOptions) ([]FanoutResult, error) {
	var out []FanoutResult
	if opt.SSEClients > 0 {
		r, err := fanout(ctx, "one node", c, c, fx, opt, opt.SSEClients)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if opt.NATSURL == "" || opt.TwoNodeClients <= 0 || !strings.HasPrefix(opt.DatabaseURL, "postgres") {
		return out, nil
	}
	b, err := startChild(ctx, opt.Binary, opt.DatabaseURL, opt.NATSURL, opt.TwoNodeClients)
	if err != nil {
		return nil, fmt.Errorf("second node: %w", err)
	}
	defer b.stop()
	r, err := fanout(ctx, "two nodes over NATS: reply on A, streams on B", c, b, fx, opt, opt.TwoNodeClients)
	if err != nil {
		return nil, err
	}
	return append(out, r), nil
}

// scenario is one read measured closed-loop and maybe open-loop.
type scenario struct {
	name, path, encoding string
	open                 bool    // also measured open-loop
	cookie               string  // a session cookie: the scenario reads signed in
	rate                 float64 // the open-loop rate, when not opt.OpenRate's
}

// sessionCookie is the name of parley's session cookie (identity.SessionCookie).
const sessionCookie = "parley_session"

// checkSignedIn makes sure a signed-in scenario really is: a cookie the
// server does not accept would be measured as a signed-out (cached) page.
func checkSignedIn(ctx context.Context, u, cookie string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `action="/signout"`) {
		return fmt.Errorf("the page is not signed in (status %d)", res.StatusCode)
	}
	return nil
}

// openLoop measures a read scenario open-loop at opt.OpenRate, or at half
// its closed-loop throughput when no rate is set.
func openLoop(ctx context.Context, closed loadgen.Result, next func(w, i int) (*http.Request, error), opt LoadOptions) (loadgen.PacedRow, error) {
	rate := opt.OpenRate
	if rate <= 0 {
		rate = max(1, float64(int(closed.RPS/2)))
	}
	open, err := loadgen.RunPaced(ctx, loadgen.Target{Name: closed.Name + ", open-loop", Next: next},
		loadgen.PacedOptions{Rate: rate, Duration: opt.Duration, MaxInFlight: max(256, opt.Connections)})
	return loadgen.PacedRow{Closed: closed, Rate: rate, Open: open}, err
}

// mixed posts replies on an eighth of the connections while readers more
// keep reading a list, so write throughput is measured with reads
// continuing. With no readers it measures posting alone.
func mixed(ctx context.Context, base string, fx *Fixtures, opt LoadOptions, readers int) (post, read loadgen.Result, err error) {
	writers := max(1, opt.Connections/8)
	replyURL := fmt.Sprintf("%s/api/threads/%d/replies", base, fx.ReplyTo)
	var wg sync.WaitGroup
	var perr, rerr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		post, perr = loadgen.Run(ctx, loadgen.Target{Name: fmt.Sprintf("posting replies (%d conns, with reads)", writers), Next: func(w, i int) (*http.Request, error) {
			body := fmt.Sprintf(`{"body":"Bench reply %d from worker %d: the connection recovered after the path changed."}`, i, w)
			req, err := http.NewRequest(http.MethodPost, replyURL, strings.NewReader(body))
			if err == nil {
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+fx.Token)
			}
			return req, err
		}}, loadgen.Options{Connections: writers, Duration: opt.Duration})
	}()
	go func() {
		defer wg.Done()
		if readers == 0 {
			return
		}
		read, rerr = loadgen.Run(ctx, loadgen.Target{Name: fmt.Sprintf("reads during posting (%d conns)", readers), Next: func(int, int) (*http.Request, error) {
			return http.NewRequest(http.MethodGet, base+"/c/"+fx.Subtopic, nil)
		}}, loadgen.Options{Connections: readers, Duration: opt.Duration})
	}()
	wg.Wait()
	if perr != nil {
		return post, read, perr
	}
	return post, read, rerr
}
