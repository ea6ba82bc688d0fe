package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parley-forum/parley/internal/api"
	"github.com/parley-forum/parley/internal/auth"
	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/httpx"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/jobs"
	"github.com/parley-forum/parley/internal/metrics"
	"github.com/parley-forum/parley/internal/pagecache"
	"github.com/parley-forum/parley/internal/ratelimit"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/web"
)

// Server is a wired parley instance: everything serve needs, also used
// whole by tests.
type Server struct {
	Config  *config.Config
	Store   *store.Store
	Service *forum.Service
	Views   *forum.ViewCounter
	Jobs    *jobs.Queue
	Handler http.Handler
	Logger  *slog.Logger

	live      *liveUpdates
	cache     *pagecache.Cache
	site      *siteSettings
	lastSweep time.Time // of idempotency keys; only the flush loop uses it
	metrics   *metrics.Registry
	flushOK   atomic.Int64 // Unix nanoseconds of the last successful view flush
	flushErrs atomic.Uint64
	closeOnce sync.Once
	closeErr  error
	mail      *mailer
}

// Build opens the database, migrates it, loads the demo into an empty
// database (unless disabled) and wires the HTTP handler.
func Build(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*Server, error) {
	return buildWith(ctx, cfg, logger, buildOptions{open: openBus})
}

// buildWith is Build with the parts tests replace.
func buildWith(ctx context.Context, cfg *config.Config, logger *slog.Logger, opts buildOptions) (*Server, error) {
	st, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return nil, err
	}
	if err := migrateAll(ctx, st); err != nil {
		st.Close()
		return nil, err
	}
	s, err := wire(ctx, cfg, st, logger, opts)
	if err != nil {
		st.Close()
		return nil, err
	}
	return s, nil
}

func wire(ctx context.Context, cfg *config.Config, st *store.Store, logger *slog.Logger, opts buildOptions) (*Server, error) {
	var limiter ratelimit.Limiter = ratelimit.Off{}
	if cfg.RateLimits {
		limiter = ratelimit.NewMemory(time.Now)
	}
	limits := forum.DefaultLimits()
	limits.TitleMax, limits.BodyMax = cfg.TitleMax, cfg.BodyMax
	rates, err := rateRules(cfg.RateRules)
	if err != nil {
		return nil, err
	}
	allowRequest, err := requestLimit(cfg.RequestLimit, limiter)
	if err != nil {
		return nil, err
	}
	var svcStore forum.Store = st
	if opts.wrap != nil {
		svcStore = opts.wrap(st)
	}
	svc := forum.NewService(forum.Config{Store: svcStore, Limiter: limiter, Limits: limits, Rates: rates, Logger: logger})
	svc.SetSettingOverrides(settingOverrides(cfg))
	empty, err := st.IsEmpty(ctx)
	if err != nil {
		return nil, err
	}
	if empty && !cfg.NoDemo {
		start := time.Now()
		if err := loadDemo(ctx, st, svc.Renderer(), start); err != nil {
			return nil, fmt.Errorf("load demo community: %w", err)
		}
		logger.Info("loaded the demo community", "took", time.Since(start).Round(time.Millisecond))
	}
	site, _, err := svc.LoadSettings(ctx)
	if err != nil {
		return nil, fmt.Errorf("load site settings: %w", err)
	}
	if err := prepareSetup(ctx, svc, logger); err != nil {
		return nil, err
	}
	csrfKey, err := sharedSecret(ctx, st, "csrf_key")
	if err != nil {
		return nil, err
	}
	views := forum.NewViewCounter(st, site.ViewWindow, nil)
	clientIP := clientIPFunc(cfg.TrustedProxies)
	a := api.New(svc, views, cfg.BaseURL, logger)
	a.ClientIP = clientIP
	a.PublicRevisions = cfg.PublicRevisions
	resolver := &identity.Resolver{Service: svc, CSRF: auth.NewCSRF(csrfKey), Secure: strings.HasPrefix(cfg.BaseURL, "https://")}
	cache := pagecache.New(64<<20, 30*time.Second, nil)
	var lu *liveUpdates // set below, before anything is served
	w, err := web.New(web.Deps{Service: svc, Views: views, API: a, Resolver: resolver, BaseURL: cfg.BaseURL,
		Logger: logger, ClientIP: clientIP, Ready: func(ctx context.Context) error { return ready(ctx, st) },
		BusReady: func() error { return lu.busReady() }, Cache: cache,
		PublicRevisions: cfg.PublicRevisions})
	if err != nil {
		return nil, err
	}
	svc.Subscribe(w.Invalidate)
	bc, err := opts.open(ctx, cfg, logger)
	if err != nil {
		return nil, fmt.Errorf("live updates: %w", err)
	}
	brokerOpts := opts.broker
	if brokerOpts.MaxClients == 0 {
		brokerOpts.MaxClients = cfg.LiveMaxClients
	}
	if brokerOpts.MaxPerIP == 0 {
		brokerOpts.MaxPerIP = cfg.LiveMaxPerIP
	}
	if lu, err = startLive(bc, brokerOpts, clientIP, webCache{w, cache}, logger); err != nil {
		bc.bus.Close()
		return nil, err
	}
	svc.Subscribe(lu.pub.enqueue)
	a.Live = lu.broker
	// Outbound email: the worker joins this node's jobs, and every email
	// the store queues enqueues its job in the same transaction.
	ml, err := newMailer(cfg, svcStore, svc, logger)
	if err != nil {
		_ = lu.close(ctx)
		return nil, err
	}
	svc.SetMailEnabled(ml.send != nil)
	if ml.send != nil {
		svc.SetInviteSender(ml)
	}
	register := opts.jobs
	if register == nil {
		register = func(ws *jobs.Workers) {
			registerJobs(ws)
			ml.register(ws)
			registerPurge(ws, svc, cfg.DeletedRetention)
		}
	}
	queue, err := newQueue(cfg, st, logger, register)
	if err != nil {
		_ = lu.close(ctx)
		return nil, err
	}
	st.SetEmailEnqueuer(ml.enqueuer(queue))
	srv := &Server{Config: cfg, Store: st, Service: svc, Views: views, Jobs: queue, Logger: logger, live: lu, cache: cache, mail: ml}
	srv.site = &siteSettings{svc: svc, views: views, cache: webCache{w, cache}, log: logger}
	heard := srv.site.heard
	lu.onSite.Store(&heard)
	svc.Subscribe(func(e forum.Event) {
		if e.Kind == forum.EventSettingsChanged {
			views.SetWindow(svc.Site().ViewWindow) // saved on this node
		}
	})
	srv.flushOK.Store(time.Now().UnixNano())
	srv.metrics = srv.registerMetrics()
	httpMetrics := metrics.NewHTTP(srv.metrics)
	mux := http.NewServeMux()
	a.Routes(mux)
	w.Routes(mux)
	if cfg.MetricsAddr == "" {
		mux.Handle("GET /metrics", srv.metrics.Handler())
	}
	chain := []func(http.Handler) http.Handler{
		httpx.RequestID,
		httpMetrics.Middleware,
		httpx.AccessLog(logger),
		httpx.Recover(logger, nil),
		httpx.SecurityHeaders(httpx.DefaultCSP, securityOptions(cfg)...),
		// Inside the security headers, logging and metrics, so a refused
		// cross-origin request is logged and its 403 carries CSP and
		// X-Frame-Options like every other answer.
		http.NewCrossOriginProtection().Handler,
	}
	if allowRequest != nil {
		// After logging and metrics, so refused requests are seen.
		chain = append(chain, httpx.RequestLimit(allowRequest, clientIP))
	}
	chain = append(chain, httpx.Compress, httpx.MaxBody(cfg.MaxBodyBytes), resolver.Middleware)
	srv.Handler = httpx.Chain(httpMetrics.Route(w.Gate(mux)), chain...)
	return srv, nil
}

// ready is /readyz's check: the database answers and its storage takes
// writes (after a write failed for want of space, StorageFault probes
// until one succeeds). The bus is left out (see busConn); /readyz?bus=1
// adds it.
func ready(ctx context.Context, st *store.Store) error {
	if err := st.Ping(ctx); err != nil {
		return err
	}
	return st.StorageFault(ctx)
}

// webCache is the page cache as live updates use it: web knows which
// pages an event touches.
type webCache struct {
	w     *web.Web
	pages *pagecache.Cache
}

func (c webCache) Invalidate(e forum.Event) { c.w.Invalidate(e) }
func (c webCache) ForgetAccount(id int64)   { c.w.Service.ForgetAccount(id) }

// InvalidateAll also forgets every cached session: the events that would
// have revoked some may have been missed.
func (c webCache) InvalidateAll() {
	c.pages.InvalidateAll()
	c.w.Service.ForgetAllAccounts()
}

// Close releases what Build acquired once Serve has returned: live
// updates still queued are sent, the bus connection closes, then the
// database. It is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.closeErr = errors.Join(s.live.close(ctx), s.Store.Close())
	})
	return s.closeErr
}

// sharedSecret returns a random secret stored in the database, so every
// node of a deployment signs with the same key.
func sharedSecret(ctx context.Context, st *store.Store, key string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	v, err := st.SetSettingIfAbsent(ctx, key, hex.EncodeToString(b))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", key, err)
	}
	return hex.DecodeString(v)
}

func clientIPFunc(trusted string) func(*http.Request) string {
	var prefixes []netip.Prefix
	for _, p := range strings.Split(trusted, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if pr, err := netip.ParsePrefix(p); err == nil {
			prefixes = append(prefixes, pr)
		}
	}
	return func(r *http.Request) string { return httpx.ClientIP(r, prefixes).String() }
}

func serve(ctx context.Context, env Env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg, _, err := config.Load(fs, args, env.Getenv)
	if err != nil {
		return err
	}
	logger := newLogger(env.Stderr, cfg.LogFormat, cfg.LogLevel)
	started := time.Now()
	srv, err := Build(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	return srv.Serve(ctx, ln, started)
}

// Serve answers HTTP on ln and runs the node's background jobs until ctx
// ends, then shuts down gracefully: event streams are told to reconnect
// (to another node), in-flight requests finish, running jobs finish or
// return to the queue, and buffered views are flushed. Call Close
// afterwards.
func (s *Server) Serve(ctx context.Context, ln net.Listener, started time.Time) error {
	hs := &http.Server{Handler: s.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn)}
	flushCtx, stopFlush := context.WithCancel(context.Background())
	flushed := make(chan struct{})
	go func() {
		s.runViewFlush(flushCtx)
		close(flushed)
	}()
	go s.site.run(flushCtx)
	metricsServer, err := s.serveMetrics()
	if err == nil {
		if err = s.startJobs(); err != nil && metricsServer != nil {
			_ = metricsServer.Close()
		}
	}
	if err != nil {
		ln.Close()
		stopFlush()
		<-flushed
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.Logger.Info("parley is serving", "url", s.Config.BaseURL, "listen", ln.Addr().String(), "engine", s.Store.EngineName(),
		"live", s.live.kind, "startup", time.Since(started).Round(time.Millisecond), "settings", strings.Join(s.Config.Dump(), " "))
	var serveErr error
	select {
	case <-ctx.Done():
		s.Logger.Info("shutting down")
	case serveErr = <-errc:
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.Config.ShutdownTimeout)
	defer cancel()
	// Streams never end by themselves, so the broker ends them first;
	// otherwise Shutdown would wait for them until its timeout.
	s.live.broker.Shutdown()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		s.Logger.Warn("shutdown", "err", err)
	}
	if metricsServer != nil {
		_ = metricsServer.Shutdown(shutdownCtx)
	}
	// After the requests, which may enqueue jobs; before the views flush
	// and the database closes, which running jobs may still need.
	s.stopJobs()
	stopFlush()
	<-flushed
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	return serveErr
}
