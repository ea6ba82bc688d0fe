package app

import (
	"context"
	"fmt"
	"slices"
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
	all := rules.All()
	for _, item := range strings.Split(spec, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		name, value, ok := strings.Cut(item, "=")
		name = strings.TrimSpace(name)
		i := slices.IndexFunc(all, func(r *ratelimit.Rule) bool { return r.Name == name })
		if !ok || i < 0 {
			names := make([]string, len(all))
			for j, r := range all {
				names[j] = r.Name
			}
			return rules, fmt.Errorf("--rate-rules: %q is not name=N/window with a name among %s", item, strings.Join(names, ", "))
		}
		r, err := ratelimit.ParseRule(value)
		if err != nil {
			return rules, fmt.Errorf("--rate-rules: %s: %w", name, err)
		}
		r.Name = name
		*all[i] = r
	}
	return rules, nil
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
