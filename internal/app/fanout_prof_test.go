//go:build benchprof

package app

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/loadgen"
)

// TestFanoutMemoryProfile holds PARLEY_PROFILE_STREAMS streams (default
// 2,000) on a node and writes a heap profile to fanout-heap.prof, to see
// what a stream costs (client and server share the process, so the
// figures include the client's few hundred bytes per stream):
//
//	go test -tags benchprof -run TestFanoutMemoryProfile -v ./internal/app/
//	go tool pprof -sample_index=inuse_space -top internal/app/fanout-heap.prof
func TestFanoutMemoryProfile(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("PARLEY_PROFILE_STREAMS"))
	if n == 0 {
		n = 2000
	}
	node := startNode(t, map[string]string{"PARLEY_DATABASE_URL": sqliteFile(t), "PARLEY_LIVE_MAX_PER_IP": strconv.Itoa(n)}, buildOptions{})
	fx := seed(t, node.srv)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	g0 := runtime.NumGoroutine()
	f, err := loadgen.DialSSE(context.Background(), fmt.Sprintf("%s/api/live?thread=%d", node.url, fx.threadID), n, loadgen.SSEDialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	time.Sleep(time.Second)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("%d streams, %d goroutines more (client and server in this process)", n, runtime.NumGoroutine()-g0)
	t.Logf("heap in use +%.1f KiB/stream, stacks +%.1f KiB/stream, sys +%.1f KiB/stream",
		float64(after.HeapInuse-before.HeapInuse)/1024/float64(n), float64(after.StackInuse-before.StackInuse)/1024/float64(n),
		float64(after.Sys-before.Sys)/1024/float64(n))
	out, _ := os.Create("fanout-heap.prof")
	defer out.Close()
	_ = pprof.Lookup("heap").WriteTo(out, 0)
}
