package loadgen

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/url"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// SSEFleet is many Server-Sent Events streams held open to one URL, each a
// raw TCP connection with one goroutine and a small read buffer, so a
// single process can hold tens of thousands (an http.Client per stream
// would cost several times the memory). It measures how long an event
// takes to reach every stream: Arm starts a round, and each stream records
// the delay until the first event with an id that it reads after that.
type SSEFleet struct {
	conns   []*sseConn
	started atomic.Int64 // Unix nanoseconds of the current round's start; 0: no round
	round   atomic.Int64
	got     atomic.Int64 // streams that have their event of the current round
	closed  atomic.Int64 // streams the server ended
	wg      sync.WaitGroup
}

type sseConn struct {
	c     net.Conn
	round int64 // last round this stream counted; only its reader touches it
	lat   atomic.Int64
}

// SSEDialOptions bound how streams are opened.
type SSEDialOptions struct {
	// Concurrency is how many connections are being opened at once
	// (default 64), so the server's accept queue never overflows.
	Concurrency int
	// Timeout bounds each connection's dial and response headers
	// (default 10 s).
	Timeout time.Duration
}

// DialSSE opens n streams to rawURL (loopback only) and waits for each
// one's 200 response headers. On error every stream opened is closed.
func DialSSE(ctx context.Context, rawURL string, n int, opt SSEDialOptions) (*SSEFleet, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("loadgen: %s is not a loopback address", u.Host)
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 64
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 10 * time.Second
	}
	req := []byte("GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n")
	f := &SSEFleet{conns: make([]*sseConn, n)}
	var next atomic.Int64
	var firstErr error
	var errOnce sync.Once
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < opt.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() && ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				sc, br, err := dialOne(u.Host, req, opt.Timeout)
				if err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("stream %d: %w", i, err) })
					failed.Store(true)
					return
				}
				f.conns[i] = sc
				f.wg.Add(1)
				go f.read(sc, br)
			}
		}()
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		f.Close()
		return nil, firstErr
	}
	return f, nil
}

// dialOne connects, sends the request and reads the response headers.
func dialOne(host string, req []byte, timeout time.Duration) (*sseConn, *bufio.Reader, error) {
	c, err := net.DialTimeout("tcp", host, timeout)
	if err != nil {
		return nil, nil, err
	}
	_ = c.SetDeadline(time.Now().Add(timeout))
	if _, err := c.Write(req); err != nil {
		c.Close()
		return nil, nil, err
	}
	// Events are small; a small buffer keeps the fleet's memory low.
	br := bufio.NewReaderSize(c, 512)
	status, err := br.ReadSlice('\n')
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	if !bytes.HasPrefix(status, []byte("HTTP/1.1 200")) {
		c.Close()
		return nil, nil, fmt.Errorf("response %q", bytes.TrimSpace(status))
	}
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			c.Close()
			return nil, nil, err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			break
		}
	}
	_ = c.SetDeadline(time.Time{})
	sc := &sseConn{c: c}
	sc.lat.Store(-1)
	return sc, br, nil
}

// read consumes one stream until it ends. The body is chunked; chunk-size
// lines never start with "id:", so looking for that prefix at the start of
// a line is enough to see events.
func (f *SSEFleet) read(sc *sseConn, br *bufio.Reader) {
	defer f.wg.Done()
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			continue // a long data line: skip its middle
		}
		if err != nil {
			f.closed.Add(1)
			return
		}
		if !bytes.HasPrefix(line, []byte("id:")) {
			continue
		}
		start := f.started.Load()
		if start == 0 {
			continue
		}
		if r := f.round.Load(); sc.round != r {
			sc.round = r
			sc.lat.Store(time.Now().UnixNano() - start)
			f.got.Add(1)
		}
	}
}

// Len is the number of streams.
func (f *SSEFleet) Len() int { return len(f.conns) }

// Ended reports how many streams the server has closed.
func (f *SSEFleet) Ended() int { return int(f.closed.Load()) }

// Arm starts a round at the current time: call it just before causing the
// event whose delivery is measured.
func (f *SSEFleet) Arm() {
	f.got.Store(0)
	f.round.Add(1)
	f.started.Store(time.Now().UnixNano())
}

// Wait returns once every stream has its event of the current round, or
// when timeout passes or ctx ends, with each stream's delay (missed streams
// left out) and how many missed it.
func (f *SSEFleet) Wait(ctx context.Context, timeout time.Duration) (lat []time.Duration, missed int) {
	deadline := time.Now().Add(timeout)
	for int(f.got.Load()) < len(f.conns) && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(2 * time.Millisecond)
	}
	f.started.Store(0)
	lat = make([]time.Duration, 0, len(f.conns))
	for _, sc := range f.conns {
		// A stream that counted this round stored its delay before
		// adding to got; one that did not is a miss.
		if d := sc.lat.Swap(-1); d >= 0 {
			lat = append(lat, time.Duration(d))
		}
	}
	return lat, len(f.conns) - len(lat)
}

// Close ends every stream and waits for their readers.
func (f *SSEFleet) Close() {
	for _, sc := range f.conns {
		if sc != nil {
			sc.c.Close()
		}
	}
	f.wg.Wait()
}

// Delivery summarizes delivery delays over all rounds.
type Delivery struct {
	Samples, Missed         int
	P50, P90, P99, Max, Min time.Duration
}

// Summarize sorts lat and returns its percentiles.
func Summarize(lat []time.Duration, missed int) Delivery {
	d := Delivery{Samples: len(lat), Missed: missed}
	if len(lat) == 0 {
		return d
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	d.P50, d.P90, d.P99 = pct(lat, 50), pct(lat, 90), pct(lat, 99)
	d.Min, d.Max = lat[0], lat[len(lat)-1]
	return d
}
