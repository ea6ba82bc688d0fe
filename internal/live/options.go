package live

import (
	"log/slog"
	"net"
	"net/http"
	"time"
)

// BrokerOptions tunes a Broker. Zero fields take the defaults noted.
type BrokerOptions struct {
	// Heartbeat is the interval between SSE comments that keep idle
	// streams open through proxies. Default 20 s.
	Heartbeat time.Duration
	// ClientBuffer is how many events may wait for one slow client before
	// the broker drops it. Default 64.
	ClientBuffer int
	// MaxPerIP caps concurrent streams per client address (429 above it).
	// Default 8.
	MaxPerIP int
	// MaxClients caps concurrent streams on this node (503 above it).
	// Default 10000.
	MaxClients int
	// MaxLifetime ends a stream after this long, less up to a tenth of
	// random jitter so reconnections spread out; browsers reconnect and
	// resume. Default 30 min.
	MaxLifetime time.Duration
	// Retry is the reconnection delay sent to browsers. Default 3 s.
	Retry time.Duration
	// WriteTimeout bounds each write to a client; it replaces the
	// server's WriteTimeout, which would otherwise end every stream.
	// Default 10 s.
	WriteTimeout time.Duration
	// TopicHistory is how many recent events are kept per topic for
	// resuming. Default 256.
	TopicHistory int
	// MaxTopics caps how many topics keep history. Default 4096.
	MaxTopics int
	// MaxHistoryBytes caps the memory held by history. Default 64 MiB.
	MaxHistoryBytes int
	// ClientIP names the client for MaxPerIP. Default: the host of
	// r.RemoteAddr; set it when parley runs behind a proxy.
	ClientIP func(r *http.Request) string
}

func (o BrokerOptions) withDefaults() BrokerOptions {
	setDefault(&o.Heartbeat, 20*time.Second)
	setDefault(&o.ClientBuffer, 64)
	setDefault(&o.MaxPerIP, 8)
	setDefault(&o.MaxClients, 10000)
	setDefault(&o.MaxLifetime, 30*time.Minute)
	setDefault(&o.Retry, 3*time.Second)
	setDefault(&o.WriteTimeout, 10*time.Second)
	setDefault(&o.TopicHistory, 256)
	setDefault(&o.MaxTopics, 4096)
	setDefault(&o.MaxHistoryBytes, 64<<20)
	if o.ClientIP == nil {
		o.ClientIP = remoteHost
	}
	return o
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// BusOptions are what the networked buses (NATSBus, PostgresBus) share.
type BusOptions struct {
	// Logger receives connection losses, returns and errors, so they
	// follow the application's format and level. Default slog.Default().
	Logger *slog.Logger
}

func (o BusOptions) logger(bus string) *slog.Logger {
	l := o.Logger
	if l == nil {
		l = slog.Default()
	}
	return l.With("component", "live", "bus", bus)
}
