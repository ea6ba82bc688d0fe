package app

import (
	"net/http"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/httpx"
)

// hstsMaxAge is how long browsers keep to https once told: a year, the
// common choice, without includeSubDomains (other hosts of the domain
// are not ours to commit).
const hstsMaxAge = 365 * 24 * time.Hour

// securityOptions adds Strict-Transport-Security when the public URL is
// https and --hsts is on. TLS usually ends at a proxy in front of parley,
// so r.TLS says nothing; the base URL is what every browser uses, and
// over plain http a browser ignores the header anyway.
func securityOptions(cfg *config.Config) []httpx.SecurityOption {
	if !cfg.HSTS || !strings.HasPrefix(cfg.BaseURL, "https://") {
		return nil
	}
	return []httpx.SecurityOption{httpx.WithHSTS(hstsMaxAge, false),
		httpx.WithTLSDetector(func(*http.Request) bool { return true })}
}
