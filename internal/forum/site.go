package forum

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/parley-forum/parley/internal/ratelimit"
)

// SettingKind says how a site setting is edited and validated.
type SettingKind string

// Setting kinds.
const (
	KindText     SettingKind = "text"     // one line
	KindMarkdown SettingKind = "markdown" // a Markdown document
	KindEmail    SettingKind = "email"    // an address, or empty
	KindChoice   SettingKind = "choice"   // one of Choices
	KindBool     SettingKind = "bool"     // "true" or "false"
	KindInt      SettingKind = "int"      // within [Min, Max]
	KindDuration SettingKind = "duration" // a Go duration within [Min, Max] seconds
	KindDomains  SettingKind = "domains"  // email domains, comma or space separated
	KindRates    SettingKind = "rates"    // rate rule overrides, "name=N/window,…"
)

// SettingDef is one row of the table of site settings: its key (also the
// form field and the JSON name), what it is for, its default and how it is
// checked. Like the options of internal/config, the table is the one place
// a setting is described; forms, the API and the docs are built from it.
type SettingDef struct {
	Key     string
	Group   string // heading on the settings page
	Label   string
	Help    string
	Kind    SettingKind
	Default string
	Choices []string
	// Min and Max bound ints, durations (in seconds) and, for text kinds,
	// the length in characters (Max only).
	Min, Max int64
	// Option names the start-up option (flag and PARLEY_* variable) that,
	// when set, wins over the stored value.
	Option string
}

// Legal pages, edited as settings and served at /about, /guidelines,
// /tos and /privacy.
var LegalPages = []struct{ Key, Path, Title string }{
	{"page_about", "/about", "About"},
	{"page_guidelines", "/guidelines", "Guidelines"},
	{"page_tos", "/tos", "Terms of service"},
	{"page_privacy", "/privacy", "Privacy"},
}

// SettingDefs is the table, in the order the settings page shows it.
func SettingDefs() []SettingDef {
	d := DefaultLimits()
	r := DefaultRateRules()
	return []SettingDef{
		{Key: "name", Group: "Identity", Label: "Forum name", Help: "Shown in the header, page titles and feeds.", Kind: KindText, Default: "Parley", Max: 60},
		{Key: "tagline", Group: "Identity", Label: "Tagline", Help: "A few words beside the name in the header.", Kind: KindText, Default: "Developer Forums", Max: 80},
		{Key: "description", Group: "Identity", Label: "Description", Help: "Markdown; shown on the home page and used as the site's description for search engines.", Kind: KindMarkdown, Max: 4000},
		{Key: "contact_email", Group: "Identity", Label: "Contact email", Help: "Where members can reach the people who run the forum; shown on the About page.", Kind: KindEmail},
		{Key: "logo", Group: "Identity", Label: "Logo", Help: "Text shown instead of the name, or an https:// image URL.", Kind: KindText, Max: 300},
		{Key: "home_layout", Group: "Identity", Label: "Home page", Help: "topics: the topics with their subtopics; latest: the latest threads.", Kind: KindChoice, Default: "topics", Choices: []string{"topics", "latest"}},

		{Key: "registration", Group: "Access", Label: "Registration", Help: "open: anyone may sign up; approval: anyone, approved by staff; invite: only with an invitation; closed: nobody.", Kind: KindChoice, Default: string(RegistrationOpen), Choices: []string{string(RegistrationOpen), string(RegistrationApproval), string(RegistrationInvite), string(RegistrationClosed)}},
		{Key: "allowed_email_domains", Group: "Access", Label: "Allowed email domains", Help: "When set, only addresses at these domains may sign up (comma or space separated, e.g. example.com).", Kind: KindDomains, Max: 4000},
		{Key: "blocked_email_domains", Group: "Access", Label: "Blocked email domains", Help: "Addresses at these domains may not sign up.", Kind: KindDomains, Max: 4000},
		{Key: "login_required", Group: "Access", Label: "Private forum", Help: "Signed-out visitors see only the sign-in, sign-up and legal pages; feeds need a member's feed link.", Kind: KindBool, Default: "false"},
		{Key: "email_verification", Group: "Access", Label: "Email verification", Help: "Whether new members confirm their address by email. required: they cannot post until they do; optional: they are asked to; off: no email is sent; auto: required when an SMTP server is configured (--smtp-host), off without one.", Kind: KindChoice, Default: VerifyAuto, Choices: []string{VerifyAuto, VerifyRequired, VerifyOptional, VerifyOff}},

		{Key: "edit_grace", Group: "Posting", Label: "Edit grace window", Help: "An author's edits within this time of the previous version fold into it (no new revision).", Kind: KindDuration, Default: d.EditFold.String(), Min: 1, Max: 24 * 3600},
		{Key: "view_window", Group: "Posting", Label: "View window", Help: "A visitor's views of a thread count once per this window.", Kind: KindDuration, Default: "8h0m0s", Min: 60, Max: 7 * 24 * 3600, Option: "view-window"},
		{Key: "max_tags", Group: "Posting", Label: "Tags per thread", Help: "The most tags a thread may carry.", Kind: KindInt, Default: strconv.Itoa(d.MaxTags), Min: 1, Max: 20},
		{Key: "title_min", Group: "Posting", Label: "Shortest title", Help: "In characters.", Kind: KindInt, Default: strconv.Itoa(d.TitleMin), Min: 1, Max: 100},
		{Key: "title_max", Group: "Posting", Label: "Longest title", Help: "In characters.", Kind: KindInt, Default: strconv.Itoa(d.TitleMax), Min: 20, Max: 500, Option: "title-max"},
		{Key: "body_min", Group: "Posting", Label: "Shortest first post", Help: "In characters.", Kind: KindInt, Default: strconv.Itoa(d.BodyMin), Min: 1, Max: 1000},
		{Key: "body_max", Group: "Posting", Label: "Longest post", Help: "In characters (at most 100,000).", Kind: KindInt, Default: strconv.Itoa(d.BodyMax), Min: 100, Max: 100000, Option: "body-max"},
		{Key: "rate_rules", Group: "Posting", Label: "Rate rules", Help: "Overrides of single rules, e.g. reply-user=1/10s,thread-user=2/1m (off disables one). Names: " + strings.Join(ruleNames(&r), " ") + ".", Kind: KindRates, Max: 2000, Option: "rate-rules"},

		{Key: "page_about", Group: "Pages", Label: "About", Help: "Markdown, shown at /about.", Kind: KindMarkdown, Max: 60000},
		{Key: "page_guidelines", Group: "Pages", Label: "Guidelines", Help: "The community's rules, Markdown, shown at /guidelines and linked from sign-up.", Kind: KindMarkdown, Max: 60000},
		{Key: "page_tos", Group: "Pages", Label: "Terms of service", Help: "Markdown, shown at /tos and linked from sign-up.", Kind: KindMarkdown, Max: 60000},
		{Key: "page_privacy", Group: "Pages", Label: "Privacy", Help: "Markdown, shown at /privacy and linked from sign-up.", Kind: KindMarkdown, Max: 60000},
	}
}

func ruleNames(r *RateRules) []string {
	var names []string
	for _, rule := range r.All() {
		names = append(names, rule.Name)
	}
	return names
}

// SettingDefByKey finds a setting's row.
func SettingDefByKey(key string) (SettingDef, bool) {
	for _, d := range SettingDefs() {
		if d.Key == key {
			return d, true
		}
	}
	return SettingDef{}, false
}

// Normalize checks v against the definition and returns its canonical
// form (trimmed, lower-cased domains, a duration as Go writes it), or the
// message to show next to the field.
func (d SettingDef) Normalize(v string) (string, string) {
	if d.Kind != KindMarkdown {
		v = strings.TrimSpace(v)
	}
	if !utf8.ValidString(v) {
		return "", "must be valid UTF-8"
	}
	if d.Max > 0 && (d.Kind == KindText || d.Kind == KindMarkdown || d.Kind == KindDomains || d.Kind == KindRates) {
		if n := utf8.RuneCountInString(v); int64(n) > d.Max {
			return "", fmt.Sprintf("must be at most %d characters (it has %d)", d.Max, n)
		}
	}
	switch d.Kind {
	case KindText:
		if strings.ContainsAny(v, "\r\n\x00") {
			return "", "must be one line"
		}
		if d.Key == "name" && v == "" {
			return "", "is required"
		}
		if d.Key == "logo" && strings.Contains(v, "://") {
			u, err := url.Parse(v)
			if err != nil || u.Scheme != "https" || u.Host == "" {
				return "", "must be text, or an image URL starting with https://"
			}
		}
	case KindMarkdown:
		if strings.ContainsRune(v, 0) {
			return "", "must not contain NUL characters"
		}
		v = strings.ReplaceAll(v, "\r\n", "\n")
	case KindEmail:
		if v == "" {
			return "", ""
		}
		v = strings.ToLower(v)
		local, domain, ok := strings.Cut(v, "@")
		if !ok || local == "" || !validDomain(domain) || strings.ContainsAny(v, " \t<>\"") {
			return "", "must be an email address such as support@example.com, or empty"
		}
	case KindChoice:
		v = strings.ToLower(v)
		if !slices.Contains(d.Choices, v) {
			return "", "must be one of " + strings.Join(d.Choices, ", ")
		}
	case KindBool:
		switch strings.ToLower(v) {
		case "true", "on", "1", "yes":
			v = "true"
		case "false", "off", "0", "no", "":
			v = "false"
		default:
			return "", "must be true or false"
		}
	case KindInt:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return "", "must be a whole number"
		}
		if n < d.Min || n > d.Max {
			return "", fmt.Sprintf("must be between %d and %d", d.Min, d.Max)
		}
		v = strconv.FormatInt(n, 10)
	case KindDuration:
		t, err := time.ParseDuration(v)
		if err != nil {
			return "", "must be a duration such as 90s, 5m or 8h"
		}
		if t < time.Duration(d.Min)*time.Second || t > time.Duration(d.Max)*time.Second {
			return "", fmt.Sprintf("must be between %s and %s", time.Duration(d.Min)*time.Second, time.Duration(d.Max)*time.Second)
		}
		v = t.String()
	case KindDomains:
		list, bad := parseDomains(v)
		if bad != "" {
			return "", fmt.Sprintf("%q is not a domain name such as example.com", bad)
		}
		v = strings.Join(list, ", ")
	case KindRates:
		if _, err := ParseRateOverrides(DefaultRateRules(), v); err != nil {
			return "", err.Error()
		}
		v = strings.Join(strings.Fields(v), "")
	}
	return v, ""
}

func parseDomains(v string) ([]string, string) {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == ';' }) {
		f = strings.ToLower(strings.TrimPrefix(f, "@"))
		if !validDomain(f) {
			return nil, f
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, ""
}

func validDomain(d string) bool {
	if len(d) < 3 || len(d) > 253 || !strings.Contains(d, ".") || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") {
		return false
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// ParseRateOverrides applies overrides ("name=N/window,…", names the
// rules' own) to base.
func ParseRateOverrides(base RateRules, spec string) (RateRules, error) {
	rules := base
	all := rules.All()
	for _, item := range strings.Split(spec, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		name, value, ok := strings.Cut(item, "=")
		name = strings.TrimSpace(name)
		i := slices.IndexFunc(all, func(r *ratelimit.Rule) bool { return r.Name == name })
		if !ok || i < 0 {
			return rules, fmt.Errorf("%q is not name=N/window with a name among %s", item, strings.Join(ruleNames(&rules), ", "))
		}
		r, err := ratelimit.ParseRule(strings.TrimSpace(value))
		if err != nil {
			return rules, fmt.Errorf("%s: %w", name, err)
		}
		r.Name = name
		*all[i] = r
	}
	return rules, nil
}

// StoredSetting is a setting's row: its value and version (1 on the
// first save, one more on every save), and who saved it when.
type StoredSetting struct {
	Key       string
	Value     string
	Version   int64
	UpdatedAt time.Time
	UpdatedBy int64
}

// SettingChange is one setting to save. Version is the version the
// change was made from (0: the setting was never saved); the store
// refuses the whole save with a *SettingsConflictError when another save
// came first.
type SettingChange struct {
	Key     string
	Value   string
	Version int64
	At      time.Time
	By      int64
}

// SettingsConflictError refuses a save made from a stale version of some
// settings: Current holds what is stored now for each of them, so the
// person can see the other change before deciding again.
type SettingsConflictError struct {
	Current map[string]StoredSetting
}

func (e *SettingsConflictError) Error() string {
	keys := make([]string, 0, len(e.Current))
	for k := range e.Current {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return "conflict: changed meanwhile by someone else: " + strings.Join(keys, ", ")
}

// Is makes a SettingsConflictError match ErrConflict.
func (e *SettingsConflictError) Is(target error) bool { return target == ErrConflict }

// SettingOverride is a start-up option that wins over a stored setting.
type SettingOverride struct {
	Source string // "--title-max / PARLEY_TITLE_MAX"
	Value  string // its value, normalized like the setting's
}

// Site is the site settings in force on this node: the values, their
// rendered Markdown, and what start-up options override. It is replaced
// whole, never changed in place.
type Site struct {
	Name, Tagline, Logo, ContactEmail string
	Description                       string // Markdown source
	DescriptionHTML                   string // sanitized
	HomeLayout                        string // "topics" or "latest"
	Policy                            Policy
	Limits                            Limits
	Rates                             RateRules
	ViewWindow                        time.Duration
	// Pages are the legal pages' sanitized HTML by key (page_about, …).
	Pages map[string]string
	// Values is every setting's effective value by key; Stored what the
	// database holds (absent: never saved); Overrides the start-up options
	// that win.
	Values    map[string]string
	Stored    map[string]StoredSetting
	Overrides map[string]SettingOverride
	// Stamp identifies this state; two nodes with the same stored rows
	// and overrides have the same Stamp.
	Stamp string
}

// LogoURL is the logo when it is an image URL, else "".
func (s *Site) LogoURL() string {
	if strings.HasPrefix(s.Logo, "https://") {
		return s.Logo
	}
	return ""
}

// DefaultSite is the site before anything was saved.
func DefaultSite() *Site {
	return BuildSite(nil, nil, DefaultLimits(), DefaultRateRules(), nil)
}

// BuildSite combines the defaults, the stored rows and the overrides
// into a Site. render turns Markdown into sanitized HTML (nil: pages stay
// empty). Stored values that no longer validate (an older release's
// bounds) fall back to the default. base and baseRates are the start-up
// limits and rules the settings modify.
func BuildSite(stored []StoredSetting, overrides map[string]SettingOverride, base Limits, baseRates RateRules, render func(string) string) *Site {
	s := &Site{Values: map[string]string{}, Stored: map[string]StoredSetting{}, Overrides: overrides, Pages: map[string]string{}}
	if s.Overrides == nil {
		s.Overrides = map[string]SettingOverride{}
	}
	for _, st := range stored {
		s.Stored[st.Key] = st
	}
	var stamp strings.Builder
	for _, d := range SettingDefs() {
		v := d.Default
		if st, ok := s.Stored[d.Key]; ok {
			if nv, msg := d.Normalize(st.Value); msg == "" {
				v = nv
			}
			fmt.Fprintf(&stamp, "%s=%d;", d.Key, st.Version)
		}
		if o, ok := s.Overrides[d.Key]; ok {
			v = o.Value
			fmt.Fprintf(&stamp, "%s!%s;", d.Key, o.Value)
		}
		s.Values[d.Key] = v
	}
	s.Stamp = stamp.String()
	val := s.Values
	s.Name, s.Tagline, s.Logo, s.ContactEmail = val["name"], val["tagline"], val["logo"], val["contact_email"]
	s.Description, s.HomeLayout = val["description"], val["home_layout"]
	allowed, _ := parseDomains(val["allowed_email_domains"])
	blocked, _ := parseDomains(val["blocked_email_domains"])
	s.Policy = Policy{Registration: Registration(val["registration"]), AllowedEmailDomains: allowed,
		BlockedEmailDomains: blocked, LoginRequired: val["login_required"] == "true"}
	atoi := func(k string) int { n, _ := strconv.Atoi(val[k]); return n }
	s.Limits = base
	s.Limits.TitleMin, s.Limits.TitleMax = atoi("title_min"), atoi("title_max")
	s.Limits.BodyMin, s.Limits.BodyMax = atoi("body_min"), atoi("body_max")
	s.Limits.MaxTags = atoi("max_tags")
	s.Limits.EditFold, _ = time.ParseDuration(val["edit_grace"])
	if s.Limits.TitleMin >= s.Limits.TitleMax {
		s.Limits.TitleMin = min(base.TitleMin, s.Limits.TitleMax-1)
	}
	if s.Limits.BodyMin >= s.Limits.BodyMax {
		s.Limits.BodyMin = min(base.BodyMin, s.Limits.BodyMax-1)
	}
	s.ViewWindow, _ = time.ParseDuration(val["view_window"])
	if _, overridden := s.Overrides["rate_rules"]; overridden {
		// The option's rules were applied at start-up already.
		s.Rates = baseRates
	} else if r, err := ParseRateOverrides(baseRates, val["rate_rules"]); err == nil {
		s.Rates = r
	} else {
		s.Rates = baseRates
	}
	if render != nil {
		s.DescriptionHTML = render(s.Description)
		for _, p := range LegalPages {
			s.Pages[p.Key] = render(val[p.Key])
		}
	}
	return s
}

// crossCheck reports problems between settings (a minimum above its
// maximum) in the values a save would leave in force.
func crossCheck(v map[string]string) map[string]string {
	bad := map[string]string{}
	n := func(k string) int { x, _ := strconv.Atoi(v[k]); return x }
	if n("title_min") >= n("title_max") {
		bad["title_min"] = fmt.Sprintf("must be less than the longest title (%d)", n("title_max"))
	}
	if n("body_min") >= n("body_max") {
		bad["body_min"] = fmt.Sprintf("must be less than the longest post (%d)", n("body_max"))
	}
	return bad
}

type siteHolder struct{ p atomic.Pointer[Site] }
