// Package config is parley's one typed table of options: each has a flag,
// an environment variable, a default and a description. Values come from
// defaults, then PARLEY_* variables, then flags. It imports nothing of
// parley's.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Config is every setting parley reads at start-up.
type Config struct {
	Addr         string
	DataDir      string
	DatabaseURL  string
	BaseURL      string
	NoDemo       bool
	DBPool       int
	RateLimits   bool
	RateRules    string // overrides of single rules, "name=N/window,…"
	RequestLimit string // overall per-IP request rule, "N/window" or off
	ViewWindow   time.Duration
	ViewFlush    time.Duration
	// DeletedRetention: deleted posts and threads are purged for good
	// this long after their delete; 0 keeps them until staff purge them.
	DeletedRetention time.Duration
	MaxBodyBytes     int64
	TitleMax         int
	BodyMax          int
	LogFormat        string
	LogLevel         string
	TrustedProxies   string
	ShutdownTimeout  time.Duration
	WaitForDB        time.Duration
	NATSURL          string // empty: no NATS (LISTEN/NOTIFY on PostgreSQL, in-memory on SQLite)
	NATSSubject      string
	MetricsAddr      string // empty: /metrics on the main listener
	HSTS             bool   // send Strict-Transport-Security when BaseURL is https
	PublicRevisions  bool   // show a post's revisions to signed-out visitors
	// Given lists the options set by a PARLEY_* variable or a flag rather
	// than left at their defaults, by flag name; such options win over
	// the site settings stored in the database.
	Given          map[string]bool
	LiveMaxClients int // live update streams this node holds at once
	LiveMaxPerIP   int // live update streams one client address may hold
	// Outbound email; SMTPHost empty means no email is sent.
	SMTPHost     string
	SMTPPort     int
	SMTPTLS      string // starttls, tls (implicit) or none
	SMTPUser     string
	SMTPPassword string
	MailFrom     string // "Name <address>" or an address
	MailReplyTo  string
}

// Option describes one setting for flags, environment and documentation.
type Option struct {
	Flag, Env, Default, Help string
	Secret                   bool
	set                      func(c *Config, v string) error
}

// Options is the table, in the order the README documents it.
func Options() []Option {
	return []Option{
		{"addr", "PARLEY_ADDR", "127.0.0.1:8080", "address to listen on", false, func(c *Config, v string) error { c.Addr = v; return nil }},
		{"data", "PARLEY_DATA_DIR", "./parley-data", "folder for the SQLite database and other files", false, func(c *Config, v string) error { c.DataDir = v; return nil }},
		{"database", "PARLEY_DATABASE_URL", "", "postgres://… URL or SQLite file path (default: parley.db in the data folder)", true, func(c *Config, v string) error { c.DatabaseURL = v; return nil }},
		{"base-url", "PARLEY_BASE_URL", "", "public URL used in feeds and canonical links (default: http://ADDR)", false, func(c *Config, v string) error { c.BaseURL = v; return nil }},
		{"no-demo", "PARLEY_NO_DEMO", "false", "start with an empty forum instead of loading the demo community", false, boolSetter(func(c *Config) *bool { return &c.NoDemo })},
		{"db-pool", "PARLEY_DB_POOL", "0", "maximum database connections (0: engine default)", false, intSetter(func(c *Config) *int { return &c.DBPool })},
		{"rate-limits", "PARLEY_RATE_LIMITS", "on", "on, or off to disable every rate limit (benchmarks, load tests)", false, func(c *Config, v string) error {
			switch strings.ToLower(v) {
			case "on", "true", "1":
				c.RateLimits = true
			case "off", "false", "0":
				c.RateLimits = false
			default:
				return fmt.Errorf("must be on or off")
			}
			return nil
		}},
		{"rate-rules", "PARLEY_RATE_RULES", "", "override single limits, e.g. reply-user=1/10s,thread-user=2/1m (names: signup-ip signin-ip signin-account signin-account-all thread-user thread-newuser reply-user reply-newuser post-ip edit-user preview-user boost-user accept-user recommend-user token-user revision-user search-ip similar-ip draft-user forgot-ip forgot-address)", false, func(c *Config, v string) error { c.RateRules = v; return nil }},
		{"request-limit", "PARLEY_REQUEST_LIMIT", "off", "overall requests per client IP, e.g. 600/1m (static files and health checks exempt)", false, func(c *Config, v string) error { c.RequestLimit = v; return nil }},
		{"view-window", "PARLEY_VIEW_WINDOW", "8h", "a visitor's views of a thread count once per this window", false, durationSetter(func(c *Config) *time.Duration { return &c.ViewWindow })},
		{"view-flush", "PARLEY_VIEW_FLUSH", "10s", "how often buffered view counts are written", false, durationSetter(func(c *Config) *time.Duration { return &c.ViewFlush })},
		{"deleted-retention", "PARLEY_DELETED_RETENTION", "0", "purge deleted posts and threads for good this long after their delete (720h is 30 days); 0 keeps them until staff purge them", false, retentionSetter},
		{"max-body", "PARLEY_MAX_BODY_BYTES", "1048576", "largest request body accepted, in bytes", false, func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1024 {
				return fmt.Errorf("must be a number of bytes of at least 1024")
			}
			c.MaxBodyBytes = n
			return nil
		}},
		{"title-max", "PARLEY_TITLE_MAX", "200", "longest thread title, in characters", false, intSetter(func(c *Config) *int { return &c.TitleMax })},
		{"body-max", "PARLEY_BODY_MAX", "60000", "longest post, in characters", false, intSetter(func(c *Config) *int { return &c.BodyMax })},
		{"log-format", "PARLEY_LOG_FORMAT", "text", "text or json", false, func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return fmt.Errorf("must be text or json")
			}
			c.LogFormat = v
			return nil
		}},
		{"log-level", "PARLEY_LOG_LEVEL", "info", "debug, info, warn or error", false, func(c *Config, v string) error { c.LogLevel = v; return nil }},
		{"trusted-proxies", "PARLEY_TRUSTED_PROXIES", "", "comma-separated CIDRs whose X-Forwarded-For is believed", false, func(c *Config, v string) error { c.TrustedProxies = v; return nil }},
		{"shutdown-timeout", "PARLEY_SHUTDOWN_TIMEOUT", "20s", "how long in-flight requests get to finish on SIGTERM", false, durationSetter(func(c *Config) *time.Duration { return &c.ShutdownTimeout })},
		{"wait-for-db", "PARLEY_WAIT_FOR_DB", "0", "at start-up, keep retrying an unreachable database for this long, e.g. 60s (0: give up at once)", false, func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("must be a duration such as 60s, or 0 to not wait")
			}
			c.WaitForDB = d
			return nil
		}},
		{"nats", "PARLEY_NATS_URL", "", "nats://… server carrying live updates between nodes (default: PostgreSQL LISTEN/NOTIFY, or in-process on SQLite)", true, func(c *Config, v string) error { c.NATSURL = v; return nil }},
		{"nats-subject", "PARLEY_NATS_SUBJECT", "parley.events", "NATS subject shared by the nodes of one deployment", false, func(c *Config, v string) error {
			if v == "" || strings.ContainsAny(v, " \t*>") {
				return fmt.Errorf("must be a NATS subject without spaces or wildcards")
			}
			c.NATSSubject = v
			return nil
		}},
		{"metrics-addr", "PARLEY_METRICS_ADDR", "", "serve /metrics on this address only, e.g. 127.0.0.1:9090 (default: on --addr)", false, func(c *Config, v string) error { c.MetricsAddr = v; return nil }},
		{"hsts", "PARLEY_HSTS", "on", "on: send Strict-Transport-Security (one year) when --base-url is https; off to leave it to the proxy", false, func(c *Config, v string) error {
			switch strings.ToLower(v) {
			case "on", "true", "1":
				c.HSTS = true
			case "off", "false", "0":
				c.HSTS = false
			default:
				return fmt.Errorf("must be on or off")
			}
			return nil
		}},
		{"public-revisions", "PARLEY_PUBLIC_REVISIONS", "false", "show the revisions of edited posts to signed-out visitors (members always see them)", false, boolSetter(func(c *Config) *bool { return &c.PublicRevisions })},
		{"live-max-clients", "PARLEY_LIVE_MAX_CLIENTS", "10000", "live update streams (SSE) this node holds at once; more get 503 and retry (each needs a file descriptor)", false, positiveSetter(func(c *Config) *int { return &c.LiveMaxClients })},
		{"smtp-host", "PARLEY_SMTP_HOST", "", "SMTP server for outbound email (empty: parley sends no email)", false, func(c *Config, v string) error { c.SMTPHost = v; return nil }},
		{"smtp-port", "PARLEY_SMTP_PORT", "587", "SMTP server port", false, positiveSetter(func(c *Config) *int { return &c.SMTPPort })},
		{"smtp-tls", "PARLEY_SMTP_TLS", "starttls", "starttls (required), tls (implicit TLS, port 465) or none (local relays and tests only)", false, func(c *Config, v string) error {
			switch v {
			case "starttls", "tls", "none":
				c.SMTPTLS = v
				return nil
			}
			return fmt.Errorf("must be starttls, tls or none")
		}},
		{"smtp-user", "PARLEY_SMTP_USER", "", "SMTP user name (empty: no authentication)", true, func(c *Config, v string) error { c.SMTPUser = v; return nil }},
		{"smtp-password", "PARLEY_SMTP_PASSWORD", "", "SMTP password; prefer the environment variable to the flag", true, func(c *Config, v string) error { c.SMTPPassword = v; return nil }},
		{"mail-from", "PARLEY_MAIL_FROM", "", "sender of outbound email, e.g. \"Parley <forum@example.org>\" (default: the forum's name at noreply@ the base URL's host)", false, func(c *Config, v string) error { c.MailFrom = v; return nil }},
		{"mail-reply-to", "PARLEY_MAIL_REPLY_TO", "", "Reply-To address of outbound email (empty: none)", false, func(c *Config, v string) error { c.MailReplyTo = v; return nil }},
		{"live-max-per-ip", "PARLEY_LIVE_MAX_PER_IP", "8", "live update streams one client address may hold (429 above it); raise it behind a NAT or proxy that --trusted-proxies does not see through", false, positiveSetter(func(c *Config) *int { return &c.LiveMaxPerIP })},
	}
}

// Load builds a Config for a subcommand from defaults, the environment
// (getenv) and args. It returns the remaining positional arguments.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (*Config, []string, error) {
	c := &Config{Given: map[string]bool{}}
	opts := Options()
	values := map[string]*string{}
	for _, o := range opts {
		v := o.Default
		if e := getenv(o.Env); e != "" {
			v = e
			c.Given[o.Flag] = true
		}
		if o.Default == "false" {
			// Boolean options work as bare flags (--no-demo) too.
			b := &boolValue{s: v}
			fs.Var(b, o.Flag, o.Help+" ("+o.Env+")")
			values[o.Flag] = &b.s
			continue
		}
		values[o.Flag] = fs.String(o.Flag, v, o.Help+" ("+o.Env+")")
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	fs.Visit(func(f *flag.Flag) { c.Given[f.Name] = true })
	var errs []error
	for _, o := range opts {
		if err := o.set(c, *values[o.Flag]); err != nil {
			errs = append(errs, fmt.Errorf("--%s / %s: %w", o.Flag, o.Env, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	if err := c.finish(); err != nil {
		return nil, nil, err
	}
	return c, fs.Args(), nil
}

func (c *Config) finish() error {
	if c.DatabaseURL == "" {
		c.DatabaseURL = filepath.Join(c.DataDir, "parley.db")
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--base-url / PARLEY_BASE_URL: must be an absolute http(s) URL, got %q", c.BaseURL)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.TitleMax < 20 || c.BodyMax < 100 {
		return fmt.Errorf("--title-max must be at least 20 and --body-max at least 100")
	}
	return nil
}

// IsPostgres reports whether the database URL selects PostgreSQL.
func (c *Config) IsPostgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// Dump lists the effective settings with secrets hidden, for start-up logs.
func (c *Config) Dump() []string {
	db := c.DatabaseURL
	if u, err := url.Parse(db); err == nil && u.User != nil {
		u.User = url.User(u.User.Username())
		db = u.String()
	}
	out := []string{
		"addr=" + c.Addr, "data=" + c.DataDir, "database=" + db, "base-url=" + c.BaseURL,
		"rate-limits=" + strconv.FormatBool(c.RateLimits), "view-window=" + c.ViewWindow.String(),
	}
	sort.Strings(out)
	return out
}

func boolSetter(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("must be true or false")
		}
		*field(c) = b
		return nil
	}
}

func intSetter(field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("must be a whole number")
		}
		*field(c) = n
		return nil
	}
}

func positiveSetter(field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("must be a whole number of at least 1")
		}
		*field(c) = n
		return nil
	}
}

func durationSetter(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("must be a positive duration such as 10s or 8h")
		}
		*field(c) = d
		return nil
	}
}

// retentionSetter reads --deleted-retention: a duration of at least an
// hour, or 0 for none.
func retentionSetter(c *Config, v string) error {
	if v == "0" {
		c.DeletedRetention = 0
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Hour {
		return fmt.Errorf("must be 0 (keep until staff purge) or a duration of at least 1h such as 720h")
	}
	c.DeletedRetention = d
	return nil
}

// boolValue is a string-backed flag that may be given without a value.
type boolValue struct{ s string }

func (b *boolValue) String() string     { return b.s }
func (b *boolValue) Set(v string) error { b.s = v; return nil }
func (b *boolValue) IsBoolFlag() bool   { return true }
