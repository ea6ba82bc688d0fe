package forum

import (
	"context"
	"log/slog"
	"sync/atomic"
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

// RateRules are the write, sign-in and costly-read limits. Keys are per
// account or per client network (an IPv4 address or an IPv6 /64, see
// ClientNet) as each method documents. Every rule is charged before the
// work it protects (hashing, rendering, searching), so a refused request
// costs almost nothing.
type RateRules struct {
	SignUpPerIP      ratelimit.Rule
	SignInPerIP      ratelimit.Rule
	SignInPerAccount ratelimit.Rule // keyed by account and client network
	SignInAccountAll ratelimit.Rule // keyed by account alone: the ceiling on distributed guessing
	ThreadPerUser    ratelimit.Rule
	ThreadPerNewUser ratelimit.Rule
	ReplyPerUser     ratelimit.Rule
	ReplyPerNewUser  ratelimit.Rule
	PostPerIP        ratelimit.Rule
	EditPerUser      ratelimit.Rule
	PreviewPerUser   ratelimit.Rule
	BoostPerUser     ratelimit.Rule
	AcceptPerUser    ratelimit.Rule
	RecommendPerUser ratelimit.Rule
	TokenPerUser     ratelimit.Rule
	RevisionPerUser  ratelimit.Rule // staff redacting or hiding single revisions
	SearchPerIP      ratelimit.Rule
	SimilarPerIP     ratelimit.Rule
	DraftPerUser     ratelimit.Rule // saving and discarding drafts as the user types
	ForgotPerIP      ratelimit.Rule // password reset emails asked for by one client network
	ForgotPerAddress ratelimit.Rule // password reset emails asked for one address or name
	NewUserAge       time.Duration  // accounts younger than this get the stricter rules
}

// All returns pointers to every rule, so configuration can override them
// by name.
func (r *RateRules) All() []*ratelimit.Rule {
	return []*ratelimit.Rule{&r.SignUpPerIP, &r.SignInPerIP, &r.SignInPerAccount, &r.SignInAccountAll,
		&r.ThreadPerUser, &r.ThreadPerNewUser, &r.ReplyPerUser, &r.ReplyPerNewUser, &r.PostPerIP,
		&r.EditPerUser, &r.PreviewPerUser, &r.BoostPerUser, &r.AcceptPerUser, &r.RecommendPerUser,
		&r.TokenPerUser, &r.RevisionPerUser, &r.SearchPerIP, &r.SimilarPerIP,
		&r.DraftPerUser, &r.ForgotPerIP, &r.ForgotPerAddress}
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
		// A guesser spread over many networks still meets this ceiling; it
		// is high enough that one attacker cannot reach it quickly to lock
		// the owner out, who is keyed separately by signin-account.
		SignInAccountAll: ratelimit.Rule{Name: "signin-account-all", Limit: 100, Window: time.Hour},
		EditPerUser:      ratelimit.Rule{Name: "edit-user", Limit: 20, Window: time.Minute},
		PreviewPerUser:   ratelimit.Rule{Name: "preview-user", Limit: 60, Window: time.Minute},
		BoostPerUser:     ratelimit.Rule{Name: "boost-user", Limit: 60, Window: time.Minute},
		AcceptPerUser:    ratelimit.Rule{Name: "accept-user", Limit: 20, Window: time.Minute},
		RecommendPerUser: ratelimit.Rule{Name: "recommend-user", Limit: 30, Window: time.Minute},
		TokenPerUser:     ratelimit.Rule{Name: "token-user", Limit: 10, Window: time.Hour},
		RevisionPerUser:  ratelimit.Rule{Name: "revision-user", Limit: 60, Window: time.Minute},
		SearchPerIP:      ratelimit.Rule{Name: "search-ip", Limit: 60, Window: time.Minute},
		SimilarPerIP:     ratelimit.Rule{Name: "similar-ip", Limit: 60, Window: time.Minute},
		// A composer saves at most every 1.5 s of typing.
		DraftPerUser: ratelimit.Rule{Name: "draft-user", Limit: 120, Window: time.Minute},
		// Each asks for an email: few per hour, so the form cannot be
		// used to flood someone's inbox or the SMTP quota.
		ForgotPerIP:      ratelimit.Rule{Name: "forgot-ip", Limit: 10, Window: time.Hour},
		ForgotPerAddress: ratelimit.Rule{Name: "forgot-address", Limit: 3, Window: time.Hour},
		NewUserAge:       24 * time.Hour,
	}
}

// BodyRenderer turns post sources into HTML and plain text; *markup.Renderer
// is the one parley uses.
type BodyRenderer interface {
	// RenderContext stops early (and errs) when ctx ends: a render is
	// abandoned when its request is gone.
	RenderContext(ctx context.Context, src string) (string, error)
	PlainText(src string) string
}

// Config wires a Service.
type Config struct {
	Store    ServiceStore
	Renderer *markup.Renderer
	// Bodies, when set, renders post bodies and previews instead of
	// Renderer; tests wrap Renderer to see which requests render.
	Bodies     BodyRenderer
	Hasher     *auth.Hasher
	Limiter    ratelimit.Limiter
	Limits     Limits
	Rates      RateRules
	SessionTTL time.Duration
	Now        func() time.Time
	Logger     *slog.Logger
}

// Service applies the forum's rules on top of the store capabilities it
// needs (ServiceStore). It is safe for concurrent use.
type Service struct {
	store      ServiceStore
	render     *markup.Renderer
	bodies     BodyRenderer
	hasher     *auth.Hasher
	limiter    ratelimit.Limiter
	limits     Limits
	rates      RateRules
	sessionTTL time.Duration
	now        func() time.Time
	log        *slog.Logger
	listeners  []func(Event)
	usage      *UsageRecorder
	policy     policyHolder
	live       liveRules
	site       siteState
	forum      forumName
	invites    InviteSender
	sessions   *sessionCache
	mail       mailState // outbound email: see mail.go
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
	s.bodies = cfg.Bodies
	if s.bodies == nil {
		s.bodies = s.render
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
	s.sessions = newSessionCache()
	return s
}

// Limits reports the limits in force, for forms and the API document.
func (s *Service) Limits() Limits { return s.lim() }

// Renderer exposes the Markdown renderer (previews use the same one).
func (s *Service) Renderer() *markup.Renderer { return s.render }

// Subscribe registers fn to receive every domain event after it commits.
// Call it during wiring, before serving.
func (s *Service) Subscribe(fn func(Event)) { s.listeners = append(s.listeners, fn) }

func (s *Service) emit(e Event) {
	e.At = s.now()
	if e.Kind == EventAccountChanged {
		// Before any listener, so this node never answers from what it
		// remembered about the account once the write has returned.
		s.sessions.dropUser(e.UserID)
	}
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

// liveRules holds the limits and rate rules that site settings replace
// at run time; nil pointers mean the ones NewService was given.
type liveRules struct {
	limits atomic.Pointer[Limits]
	rates  atomic.Pointer[RateRules]
}

// lim is the limits in force.
func (s *Service) lim() Limits {
	if l := s.live.limits.Load(); l != nil {
		return *l
	}
	return s.limits
}

// rules is the rate rules in force.
func (s *Service) rules() RateRules {
	if r := s.live.rates.Load(); r != nil {
		return *r
	}
	return s.rates
}

// SetLimits replaces the limits in force (site settings); zero fields keep
// the start-up value.
func (s *Service) SetLimits(l Limits) {
	base := s.limits
	if l.TitleMin > 0 {
		base.TitleMin = l.TitleMin
	}
	if l.TitleMax > 0 {
		base.TitleMax = l.TitleMax
	}
	if l.BodyMin > 0 {
		base.BodyMin = l.BodyMin
	}
	if l.BodyMax > 0 {
		base.BodyMax = l.BodyMax
	}
	if l.MaxTags > 0 {
		base.MaxTags = l.MaxTags
	}
	if l.EditFold > 0 {
		base.EditFold = l.EditFold
	}
	s.live.limits.Store(&base)
}

// SetRates replaces the rate rules in force (site settings).
func (s *Service) SetRates(r RateRules) { s.live.rates.Store(&r) }

// StartupLimits and StartupRates are what NewService was given: the
// values site settings start from.
func (s *Service) StartupLimits() Limits   { return s.limits }
func (s *Service) StartupRates() RateRules { return s.rates }
