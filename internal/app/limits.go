package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/ratelimit"
)

// rateRules applies --rate-rules overrides ("name=N/window,…") to the
// default write and sign-in limits. Names are the rules' own names, so a
// 429 logged as "reply-user" is tuned with reply-user=….
func rateRules(spec string) (forum.RateRules, error) {
	rules := forum.DefaultRateRules()
	byName := map[string]*ratelimit.Rule{}
	for _, r := range []*ratelimit.Rule{&rules.SignUpPerIP, &rules.SignInPerIP, &rules.SignInPerAccount,
		&rules.ThreadPerUser, &rules.ThreadPerNewUser, &rules.ReplyPerUser, &rules.ReplyPerNewUser, &rules.PostPerIP} {
		byName[r.Name] = r
	}
	for _, item := range strings.Split(spec, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		name, value, ok := strings.Cut(item, "=")
		name = strings.TrimSpace(name)
		target, known := byName[name]
		if !ok || !known {
			return rules, fmt.Errorf("--rate-rules: %q is not name=N/window with a name among %s", item, ruleNames(byName))
		}
		r, err := ratelimit.ParseRule(value)
		if err != nil {
			return rules, fmt.Errorf("--rate-rules: %s: %w", name, err)
		}
		r.Name = name
		*target = r
	}
	return rules, nil
}

func ruleNames(m map[string]*ratelimit.Rule) string {
	names := make([]string, 0, len(m))
	for _, n := range []string{"signup-ip", "signin-ip", "signin-account", "thread-user", "thread-newuser", "reply-user", "reply-newuser", "post-ip"} {
		if _, ok := m[n]; ok {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// requestLimit turns --request-limit into the allow function of the
// per-IP request middleware, or nil when the limit is off.
func requestLimit(spec string, limiter ratelimit.Limiter) (func(ctx context.Context, key string) (bool, time.Duration, error), error) {
	r, err := ratelimit.ParseRule(spec)
	if err != nil {
		return nil, fmt.Errorf("--request-limit: %w", err)
	}
	if r.Disabled() {
		return nil, nil
	}
	r.Name = "request-ip"
	return func(ctx context.Context, key string) (bool, time.Duration, error) {
		return limiter.Allow(ctx, r, key)
	}, nil
}
