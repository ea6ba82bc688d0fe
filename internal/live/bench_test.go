package live

import (
	"strconv"
	"sync"
	"testing"
)

// BenchmarkDeliver measures fan-out to streams whose readers keep up.
func BenchmarkDeliver(b *testing.B) {
	for _, clients := range []int{1, 100, 1000} {
		b.Run(strconv.Itoa(clients)+"clients", func(b *testing.B) {
			br := NewBroker(BrokerOptions{ClientBuffer: 1024, MaxClients: clients, MaxPerIP: clients})
			var wg sync.WaitGroup
			for range clients {
				c, _, _, _ := br.register("thread:1", "ip", "")
				wg.Go(func() {
					for {
						select {
						case <-c.ch:
						case <-c.done:
							return
						}
					}
				})
			}
			m := Message{Topic: "thread:1", Type: "reply", Data: []byte(`{"id":1234,"html":"<p>hello</p>"}`)}
			b.ReportAllocs()
			for b.Loop() {
				br.Deliver(m)
			}
			b.StopTimer()
			br.Shutdown()
			wg.Wait()
			if br.Dropped() > 0 {
				b.Logf("%d readers fell behind", br.Dropped())
			}
		})
	}
}

func BenchmarkAppendEvent(b *testing.B) {
	m := Message{Topic: "thread:1", Type: "reply", ID: formatID(1, 2), Data: []byte(`{"id":1234,"html":"<p>hello\nworld</p>"}`)}
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf = appendEvent(buf[:0], m)
	}
}

func BenchmarkEnvelope(b *testing.B) {
	m := Message{Topic: "thread:1", Type: "reply", ID: formatID(1, 2), Data: []byte(`{"id":1234,"html":"<p>hello</p>"}`)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeEnvelope(encodeEnvelope(m)); err != nil {
			b.Fatal(err)
		}
	}
}
