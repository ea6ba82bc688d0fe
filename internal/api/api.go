package api

import (
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/parley-forum/parley/internal/forum"
)

// DefaultMaxBodyBytes bounds a request body when the server in front sets
// no smaller limit. The longest post fits with room for JSON escaping.
const DefaultMaxBodyBytes = 1 << 20

// API serves the JSON surface.
type API struct {
	svc     *forum.Service
	views   *forum.ViewCounter
	baseURL string
	log     *slog.Logger
	doc     []byte // the OpenAPI document as served

	// ClientIP tells the address a request came from, for per-IP rate
	// limits. Nil uses the host of r.RemoteAddr; set it when parley runs
	// behind a trusted proxy.
	ClientIP func(*http.Request) string
	// MaxBodyBytes bounds request bodies; zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Live streams events at /api/live; nil answers 503 there.
	Live LiveBroker
	// PublicRevisions lets signed-out clients read the kept versions of
	// posts; otherwise they are answered 401 (--public-revisions).
	PublicRevisions bool

	liveOnce    sync.Once
	liveHandler http.Handler
}

// New builds the JSON surface. baseURL ("https://forums.example.com") makes
// every URL in a response absolute; views may be nil.
func New(svc *forum.Service, views *forum.ViewCounter, baseURL string, logger *slog.Logger) *API {
	if logger == nil {
		logger = slog.Default()
	}
	base := strings.TrimRight(baseURL, "/")
	return &API{svc: svc, views: views, baseURL: base, log: logger, doc: openAPIFor(base)}
}

func (a *API) clientIP(r *http.Request) string {
	if a.ClientIP != nil {
		return a.ClientIP(r)
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (a *API) maxBody() int64 {
	if a.MaxBodyBytes > 0 {
		return a.MaxBodyBytes
	}
	return DefaultMaxBodyBytes
}
