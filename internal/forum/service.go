package forum

import (
	"context"
	"log/slog"
	"time"

	"github.com/parley-forum/parley/internal/auth"
	"github.com/parley-forum/parley/internal/markup"
	"github.com/parley-forum/parley/internal/ratelimit"
)

// Limits bound what users may write. Zero values take the defaults.
type Limits struct {
	TitleMin, TitleMax int // characters
	BodyMin, BodyMax   int // characters
	MaxTags            int
	EditFold           time.Duration // edits by the author within this window fold into the previous version
	PostsPerPage       int
}

// DefaultLimits are the limits parley starts with.
func DefaultLimits() Limits {
	return Limits{TitleMin: 8, TitleMax: 200, BodyMin: 10, BodyMax: 60000, MaxTags: 5, EditFold: 5 * time.Minute, PostsPerPage: 50}
}

// RateRules are the write and sign-in limits. Keys are per account or per
// client IP as each method documents.
type RateRules struct {
	SignUpPerIP      ratelimit.Rule
	SignInPerIP      ratelimit.Rule
	SignInPerAccount ratelimit.Rule
	ThreadPerUser    ratelimit.Rule
	ThreadPerNewUser ratelimit.Rule
	ReplyPerUser     ratelimit.Rule
	ReplyPerNewUser  ratelimit.Rule
	PostPerIP        ratelimit.Rule
	NewUserAge       time.Duration // accounts younger than this get the stricter rules
}

// DefaultRateRules are no looser than Discourse's defaults: a thread every
// 15 s and a reply every 5 s per user, stricter for accounts under a day old.
func DefaultRateRules() RateRules {
	return RateRules{
		SignUpPerIP:      ratelimit.Rule{Name: "signup-ip", Limit: 5, Window: time.Hour},
		SignInPerIP:      ratelimit.Rule{Name: "signin-ip", Limit: 20, Window: 5 * time.Minute},
		SignInPerAccount: ratelimit.Rule{Name: "signin-account", Limit: 6, Window: 5 * time.Minute},
		ThreadPerUser:    ratelimit.Rule{Name: "thread-user", Limit: 1, Window: 15 * time.Second},
		ThreadPerNewUser: ratelimit.Rule{Name: "thread-newuser", Limit: 1, Window: 2 * time.Minute},
		ReplyPerUser:     ratelimit.Rule{Name: "reply-user", Limit: 1, Window: 5 * time.Second},
		ReplyPerNewUser:  ratelimit.Rule{Name: "reply-newuser", Limit: 1, Window: 30 * time.Second},
		PostPerIP:        ratelimit.Rule{Name: "post-ip", Limit: 30, Window: time.Minute},
		NewUserAge:       24 * time.Hour,
	}
}

// Config wires a Service.
type Config struct {
	Store      Store
	Renderer   *markup.Renderer
	Hasher     *auth.Hasher
	Limiter    ratelimit.Limiter
	Limits     Limits
	Rates      RateRules
	SessionTTL time.Duration
	Now        func() time.Time
	Logger     *slog.Logger
}

// Service applies the forum's rules on top of a Store. It is safe for
// concurrent use.
type Service struct {
	store      Store
	render     *markup.Renderer
	hasher     *auth.Hasher
	limiter    ratelimit.Limiter
	limits     Limits
	rates      RateRules
	sessionTTL time.Duration
	now        func() time.Time
	log        *slog.Logger
	listeners  []func(Event)
	usage      *UsageRecorder
}

// NewService builds a Service; zero fields of cfg take defaults.
func NewService(cfg Config) *Service {
	s := &Service{store: cfg.Store, render: cfg.Renderer, hasher: cfg.Hasher, limiter: cfg.Limiter,
		limits: cfg.Limits, rates: cfg.Rates, sessionTTL: cfg.SessionTTL, now: cfg.Now, log: cfg.Logger}
	def := DefaultLimits()
	if s.limits.TitleMax == 0 {
		s.limits = def
	}
	if s.rates.ThreadPerUser.Limit == 0 && s.rates.ThreadPerUser.Name == "" {
		s.rates = DefaultRateRules()
	}
	if s.render == nil {
		s.render = markup.New()
	}
	if s.hasher == nil {
		s.hasher = auth.NewHasher(auth.DefaultParams, 2)
	}
	if s.limiter == nil {
		s.limiter = ratelimit.Off{}
	}
	if s.sessionTTL == 0 {
		s.sessionTTL = 30 * 24 * time.Hour
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.usage = newUsageRecorder(s.store)
	return s
}

// Limits reports the limits in force, for forms and the API document.
func (s *Service) Limits() Limits { return s.limits }

// Store exposes the store to the composition root (demo loading, checks).
func (s *Service) Store() Store { return s.store }

// Renderer exposes the Markdown renderer (previews use the same one).
func (s *Service) Renderer() *markup.Renderer { return s.render }

// Subscribe registers fn to receive every domain event after it commits.
// Call it during wiring, before serving.
func (s *Service) Subscribe(fn func(Event)) { s.listeners = append(s.listeners, fn) }

func (s *Service) emit(e Event) {
	e.At = s.now()
	for _, fn := range s.listeners {
		fn(e)
	}
}

// charge applies a rate rule; the caller validates input first so that
// mistakes never cost the user an attempt.
func (s *Service) charge(ctx context.Context, rule Rule, key string) error {
	if rule.Limit <= 0 {
		return nil
	}
	ok, retry, err := s.limiter.Allow(ctx, rule, key)
	if err != nil {
		return err
	}
	if !ok {
		secs := int(retry.Round(time.Second) / time.Second)
		if secs < 1 {
			secs = 1
		}
		return &RateLimitError{RetryAfterSeconds: secs}
	}
	return nil
}

// Rule is a rate-limit rule.
type Rule = ratelimit.Rule
