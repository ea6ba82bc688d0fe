package forum

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/parley-forum/parley/internal/auth"
)

// siteState is the Service's share of site settings: the Site in force,
// the start-up options that win, and whether the forum still waits for
// its first administrator.
type siteState struct {
	site       siteHolder
	overrides  atomic.Pointer[map[string]SettingOverride]
	needsSetup atomic.Bool
}

// Site is the site settings in force (never nil).
func (s *Service) Site() *Site {
	if p := s.site.site.p.Load(); p != nil {
		return p
	}
	return DefaultSite()
}

// SetSettingOverrides records the start-up options that win over stored
// settings; call it before the first ApplySettings.
func (s *Service) SetSettingOverrides(o map[string]SettingOverride) { s.site.overrides.Store(&o) }

func (s *Service) settingOverrides() map[string]SettingOverride {
	if p := s.site.overrides.Load(); p != nil {
		return *p
	}
	return nil
}

// ApplySettings builds the Site from stored rows and puts it in force:
// the Policy, the limits and the rate rules change for every request from
// now on. It reports whether anything differs from the Site before.
func (s *Service) ApplySettings(stored []StoredSetting) (*Site, bool) {
	old := s.site.site.p.Load()
	site := BuildSite(stored, s.settingOverrides(), s.limits, s.rates, s.renderMarkdown)
	if old != nil && old.Stamp == site.Stamp {
		return old, false
	}
	s.site.site.p.Store(site)
	s.SetPolicy(site.Policy)
	s.SetLimits(site.Limits)
	s.SetRates(site.Rates)
	s.SetForumName(site.Name)
	return site, true
}

// LoadSettings reads the stored settings and applies them.
func (s *Service) LoadSettings(ctx context.Context) (*Site, bool, error) {
	stored, err := s.store.SiteSettings(ctx)
	if err != nil {
		return nil, false, err
	}
	site, changed := s.ApplySettings(stored)
	return site, changed, nil
}

func (s *Service) renderMarkdown(src string) string {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	html, err := s.render.Render(src)
	if err != nil {
		s.log.Warn("render a site setting", "err", err)
		return ""
	}
	return html
}

// SettingInput is one submitted setting: its value and the version the
// form or client saw (-1: not given, the save then wins whatever came
// before).
type SettingInput struct {
	Value   string
	Version int64
}

// SettingState is a setting as the settings page and API show it.
type SettingState struct {
	Def       SettingDef
	Value     string // stored (or default) value, what the form edits
	Effective string // what is in force (an option may win)
	Version   int64
	UpdatedAt time.Time
	Override  *SettingOverride
}

// Settings lists every setting for an administrator.
func (s *Service) Settings(ctx context.Context, actor *User) ([]SettingState, error) {
	if err := s.canAdmin(actor, ActAdminSettings, "only administrators may change the forum's settings"); err != nil {
		return nil, err
	}
	stored, err := s.store.SiteSettings(ctx)
	if err != nil {
		return nil, err
	}
	site, _ := s.ApplySettings(stored)
	return settingStates(site), nil
}

func settingStates(site *Site) []SettingState {
	var out []SettingState
	for _, d := range SettingDefs() {
		st := SettingState{Def: d, Value: d.Default, Effective: site.Values[d.Key]}
		if row, ok := site.Stored[d.Key]; ok {
			st.Value, st.Version, st.UpdatedAt = row.Value, row.Version, row.UpdatedAt
		}
		if o, ok := site.Overrides[d.Key]; ok {
			o := o
			st.Override = &o
		}
		out = append(out, st)
	}
	return out
}

func (s *Service) canAdmin(actor *User, act Action, reason string) error {
	if actor == nil {
		return ErrUnauthorized
	}
	if !Can(actor, act, 0, 0, false) {
		return &ForbiddenError{Reason: reason}
	}
	return nil
}

// SaveSettings validates and saves the settings in, by key. A value equal
// to the stored one changes nothing; each changed one must come with the
// version it was edited from, and the whole save is refused (409) when
// another save of that setting came first, so a stale form never undoes
// someone else's change. Every changed setting gets an audit row with the
// old and new value in the same transaction; then the settings are in
// force on this node and an event tells the others.
func (s *Service) SaveSettings(ctx context.Context, actor *User, cl Client, in map[string]SettingInput) ([]SettingState, error) {
	if err := s.canAdmin(actor, ActAdminSettings, "only administrators may change the forum's settings"); err != nil {
		return nil, err
	}
	v := &ValidationError{}
	norm := map[string]string{}
	for key, input := range in {
		d, ok := SettingDefByKey(key)
		if !ok {
			v.add(key, "is not a setting")
			continue
		}
		nv, msg := d.Normalize(input.Value)
		if msg != "" {
			v.add(key, msg)
			continue
		}
		norm[key] = nv
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	stored, err := s.store.SiteSettings(ctx)
	if err != nil {
		return nil, err
	}
	current := BuildSite(stored, nil, s.limits, s.rates, nil)
	next := map[string]string{}
	for k, val := range current.Values {
		next[k] = val
	}
	now := s.now()
	var changes []SettingChange
	var audit []AuditEntry
	stale := map[string]StoredSetting{}
	for _, d := range SettingDefs() {
		nv, ok := norm[d.Key]
		if !ok {
			continue
		}
		row, saved := current.Stored[d.Key]
		old := d.Default
		if saved {
			old = row.Value
		}
		if nv == old {
			continue
		}
		version := in[d.Key].Version
		if version >= 0 && version != row.Version {
			if !saved {
				row = StoredSetting{Key: d.Key, Value: d.Default}
			}
			stale[d.Key] = row
			continue
		}
		next[d.Key] = nv
		changes = append(changes, SettingChange{Key: d.Key, Value: nv, Version: row.Version, At: now, By: actor.ID})
		detail, _ := json.Marshal(map[string]string{"old": old, "new": nv})
		e := AuditActor(actor, cl.IP)
		e.At, e.Action, e.TargetKind, e.TargetLabel, e.Detail = now, "setting.change", "setting", d.Key, string(detail)
		audit = append(audit, e)
	}
	if len(stale) > 0 {
		return nil, &SettingsConflictError{Current: stale}
	}
	for k, msg := range crossCheck(next) {
		if _, touched := norm[k]; touched || len(changes) > 0 {
			v.add(k, msg)
		}
	}
	if err := v.err(); err != nil && len(changes) > 0 {
		return nil, err
	}
	if len(changes) > 0 {
		if _, err := s.store.SaveSiteSettings(ctx, changes, audit); err != nil {
			return nil, err
		}
		if stored, err = s.store.SiteSettings(ctx); err != nil {
			return nil, err
		}
	}
	site, changed := s.ApplySettings(stored)
	if changed {
		s.emit(Event{Kind: EventSettingsChanged})
	}
	return settingStates(site), nil
}

// NeedsSetup reports whether the forum waits for its first administrator
// (an empty forum without the demo): then "/" shows the setup page.
func (s *Service) NeedsSetup() bool { return s.site.needsSetup.Load() }

// SetNeedsSetup records whether setup is pending, from PrepareSetup or a
// re-read of the database.
func (s *Service) SetNeedsSetup(v bool) { s.site.needsSetup.Store(v) }

// SetupCodeHash is how a setup code is kept: its SHA-256.
func SetupCodeHash(code string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(code)))
	return hex.EncodeToString(sum[:])
}

// PrepareSetup decides, at start-up, whether the forum waits for its
// first administrator; when it does, it makes a one-time setup code,
// stores its hash and returns it to be printed in the log. A forum with
// an administrator (the demo's, or one made with `parley user create`)
// needs none.
func (s *Service) PrepareSetup(ctx context.Context) (string, error) {
	s.SetNeedsSetup(true)
	if err := s.RefreshSetup(ctx); err != nil {
		s.SetNeedsSetup(false)
		return "", err
	}
	if !s.NeedsSetup() {
		return "", nil
	}
	// 16 base32 characters (80 bits) in groups of four, easier to copy
	// from a log by eye.
	t := rand.Text()
	code := t[:4] + "-" + t[4:8] + "-" + t[8:12] + "-" + t[12:16]
	if err := s.store.AddSetupCode(ctx, SetupCodeHash(code), s.now()); err != nil {
		return "", err
	}
	return code, nil
}

// RefreshSetup re-reads whether setup is still pending: it ends once an
// administrator exists (made by another node or the command line) or the
// forum has topics (an imported or seeded database), never the other
// way. It costs two queries only while setup is pending.
func (s *Service) RefreshSetup(ctx context.Context) error {
	if !s.NeedsSetup() {
		return nil
	}
	exists, err := s.store.AdminExists(ctx)
	if err != nil {
		return err
	}
	if !exists {
		topics, err := s.store.Topics(ctx)
		if err != nil {
			return err
		}
		exists = len(topics) > 0
	}
	if exists {
		s.SetNeedsSetup(false)
	}
	return nil
}

// SetupInput is the first-run form.
type SetupInput struct {
	Code      string
	ForumName string
	Account   SignUpInput
	UserAgent string
}

// CompleteSetup creates the first administrator with the forum's name,
// spending the setup code, and opens a session for them. It is refused
// with the code's field error when the code is wrong or spent, or an
// administrator exists already.
func (s *Service) CompleteSetup(ctx context.Context, cl Client, in SetupInput) (*User, string, error) {
	refused := Invalid("code", "is not the setup code printed in the server's log, or setup is already done")
	if !s.NeedsSetup() {
		return nil, "", refused
	}
	v := &ValidationError{}
	u, err := s.checkUser(in.Account, RoleAdmin, "")
	if err != nil {
		errors.As(err, &v)
	}
	nameDef, _ := SettingDefByKey("name")
	name, msg := nameDef.Normalize(in.ForumName)
	if msg != "" {
		v.add("forum_name", msg)
	}
	if strings.TrimSpace(in.Code) == "" {
		v.add("code", "is required: it is printed in the server's log")
	}
	if err := v.err(); err != nil {
		return nil, "", err
	}
	// Setup is rare and its code is long and random; the sign-up limit
	// still bounds the hashing a stranger can cause.
	if err := s.charge(ctx, s.rules().SignUpPerIP, cl.key()); err != nil {
		return nil, "", err
	}
	if u.PasswordHash, err = s.hasher.SignUp().Hash(ctx, in.Account.Password); err != nil {
		return nil, "", fmt.Errorf("hash password: %w", err)
	}
	now := s.now()
	changes := []SettingChange{{Key: "name", Value: name, At: now}}
	e := AuditEntry{At: now, ActorName: u.Username, Action: "setup.complete", TargetKind: "setting", TargetLabel: "name",
		IP: cl.IP, Detail: mustJSON(map[string]string{"old": nameDef.Default, "new": name})}
	err = s.store.CompleteSetup(ctx, SetupCodeHash(in.Code), u, changes, []AuditEntry{e})
	switch {
	case errors.Is(err, ErrSetupRefused):
		_ = s.RefreshSetup(ctx)
		return nil, "", refused
	case errors.Is(err, ErrConflict):
		return nil, "", Invalid("username", "is already taken")
	case err != nil:
		return nil, "", err
	}
	s.SetNeedsSetup(false)
	if _, _, err := s.LoadSettings(ctx); err != nil {
		s.log.Warn("read settings after setup", "err", err)
	}
	s.emit(Event{Kind: EventSettingsChanged})
	secret, err := s.OpenSession(ctx, u, in.UserAgent, cl.IP)
	if err != nil {
		return u, "", err
	}
	return u, secret, nil
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// AuditLog reads the audit log for staff who may see it.
func (s *Service) AuditLog(ctx context.Context, actor *User, f AuditFilter) ([]AuditEntry, error) {
	if err := s.canAdmin(actor, ActAdminLog, "only moderators and administrators may read the audit log"); err != nil {
		return nil, err
	}
	return s.store.AuditLog(ctx, f)
}

// UserByName looks a user up by username, for filters naming one.
func (s *Service) UserByName(ctx context.Context, username string) (*User, error) {
	return s.store.UserByUsername(ctx, strings.ToLower(strings.TrimSpace(username)))
}

// checkSignUpPolicy applies the registration rules in force to a new
// account's address: a closed forum takes nobody, and the allowed and
// blocked domain lists are checked (the message goes next to the field).
func (s *Service) checkSignUpPolicy(email string) error {
	p := s.Policy()
	if p.Registration == RegistrationClosed {
		return &ForbiddenError{Reason: "This forum is not taking new accounts."}
	}
	_, domain, _ := strings.Cut(strings.ToLower(email), "@")
	for _, b := range p.BlockedEmailDomains {
		if domain == b || strings.HasSuffix(domain, "."+b) {
			return Invalid("email", "at "+domain+" cannot be used to sign up here")
		}
	}
	if len(p.AllowedEmailDomains) > 0 {
		for _, a := range p.AllowedEmailDomains {
			if domain == a || strings.HasSuffix(domain, "."+a) {
				return nil
			}
		}
		return Invalid("email", "must be an address at "+strings.Join(p.AllowedEmailDomains, " or "))
	}
	return nil
}

// ResetFeedToken makes a new feed token for u, replacing any earlier one,
// and returns its secret: it is shown once, only its hash is kept.
func (s *Service) ResetFeedToken(ctx context.Context, u *User) (string, error) {
	if u == nil {
		return "", ErrUnauthorized
	}
	secret, hash, err := auth.NewSecret("feed")
	if err != nil {
		return "", err
	}
	if err := s.store.SetFeedToken(ctx, u.ID, hash, s.now()); err != nil {
		return "", err
	}
	return secret, nil
}

// FeedTokenUser finds the member whose feed token this is.
func (s *Service) FeedTokenUser(ctx context.Context, secret string) (*User, error) {
	if secret == "" || len(secret) > 200 {
		return nil, ErrNotFound
	}
	return s.store.FeedTokenUser(ctx, auth.HashSecret(secret))
}

// FeedTokenCreated says when u's feed token was made (ok false: none).
func (s *Service) FeedTokenCreated(ctx context.Context, u *User) (time.Time, bool, error) {
	at, err := s.store.FeedTokenCreated(ctx, u.ID)
	if errors.Is(err, ErrNotFound) {
		return time.Time{}, false, nil
	}
	return at, err == nil, err
}

// operator is the actor of settings changed from the command line: the
// person with the server's shell, recorded in the audit log as such.
var operator = &User{Username: "operator", Role: RoleAdmin}

// SaveSettingsAsOperator saves settings for `parley settings set`: the
// same validation, versions and audit rows as SaveSettings, with the
// command line as the actor. Running servers pick the change up within
// seconds by their periodic re-read.
func (s *Service) SaveSettingsAsOperator(ctx context.Context, in map[string]SettingInput) ([]SettingState, error) {
	return s.SaveSettings(ctx, operator, Client{IP: "local"}, in)
}

// SettingsAsOperator lists the settings for `parley settings list`.
func (s *Service) SettingsAsOperator(ctx context.Context) ([]SettingState, error) {
	return s.Settings(ctx, operator)
}
