package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/loadgen"
	"github.com/parley-forum/parley/internal/store/storetest"
	"github.com/parley-forum/parley/internal/testenv"
)

// TestTwoNodeFanOutReachesEveryStream: with two nodes on PostgreSQL and
// NATS, each reply posted on node A reaches every one of many streams of
// the thread held open on node B, streams that node B serves on
// connections taken over from its HTTP server. The bench's two-node
// fan-out measures the same path at 5,000 streams; this proves delivery
// to all of them and asserts no timing (the wait is only a hang guard).
func TestTwoNodeFanOutReachesEveryStream(t *testing.T) {
	const streams = 300
	natsURL := testenv.NATSServer(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	env := map[string]string{
		"PARLEY_DATABASE_URL":     storetest.PostgresURL(t),
		"PARLEY_NATS_URL":         natsURL,
		"PARLEY_NATS_SUBJECT":     "parley.test." + hex.EncodeToString(b[:]),
		"PARLEY_LIVE_MAX_PER_IP":  strconv.Itoa(streams),
		"PARLEY_LIVE_MAX_CLIENTS": strconv.Itoa(streams),
	}
	a := startNode(t, env, buildOptions{})
	nodeB := startNode(t, env, buildOptions{})
	fx := seed(t, a.srv)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	fleet, err := loadgen.DialSSE(ctx, fmt.Sprintf("%s/api/live?thread=%d", nodeB.url, fx.threadID), streams, loadgen.SSEDialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer fleet.Close()
	if got := nodeB.srv.live.broker.Clients(); got != streams {
		t.Fatalf("node B holds %d streams, want %d", got, streams)
	}
	for round := range 3 {
		fleet.Arm()
		postReply(t, a.url, fx, fmt.Sprintf("Reply %d on node A for every stream on node B.", round))
		lat, missed := fleet.Wait(ctx, time.Minute)
		if missed != 0 {
			t.Fatalf("round %d: %d of %d streams on node B never heard the reply", round, missed, streams)
		}
		d := loadgen.Summarize(lat, missed)
		t.Logf("round %d: all %d streams on B heard the reply from A; p50 %v, max %v", round, streams, d.P50, d.Max)
	}
	if n := fleet.Ended(); n != 0 {
		t.Fatalf("node B ended %d streams", n)
	}
}
