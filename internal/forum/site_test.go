package forum

import (
	"strings"
	"testing"
	"time"
)

// TestCanAdmin pins who may open the admin area, change settings and
// read the audit log.
func TestCanAdmin(t *testing.T) {
	roles := []Role{RoleMember, RoleStaff, RoleModerator, RoleAdmin}
	want := map[Action][]bool{
		ActAdminArea:     {false, false, true, true},
		ActAdminLog:      {false, false, true, true},
		ActAdminSettings: {false, false, false, true},
	}
	for act, w := range want {
		if Can(nil, act, 0, 0, false) {
			t.Errorf("signed out may %s", act)
		}
		for i, r := range roles {
			if got := Can(&User{ID: 9, Role: r}, act, 0, 0, false); got != w[i] {
				t.Errorf("%s %s: %v, want %v", r, act, got, w[i])
			}
		}
	}
}

// TestSettingDefsNormalize checks every setting's default is valid and
// the validators' messages and canonical forms.
func TestSettingDefsNormalize(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range SettingDefs() {
		if seen[d.Key] {
			t.Errorf("setting %s listed twice", d.Key)
		}
		seen[d.Key] = true
		if d.Label == "" || d.Help == "" || d.Group == "" {
			t.Errorf("setting %s lacks a label, help or group", d.Key)
		}
		if v, msg := d.Normalize(d.Default); msg != "" || v != d.Default {
			t.Errorf("default of %s: %q normalizes to %q, %q", d.Key, d.Default, v, msg)
		}
	}
	cases := []struct{ key, in, want, msg string }{
		{"name", "  Team  ", "Team", ""},
		{"name", "", "", "is required"},
		{"name", "two\nlines", "", "must be one line"},
		{"logo", "http://x.example/logo.png", "", "must be text, or an image URL starting with https://"},
		{"logo", "https://x.example/logo.png", "https://x.example/logo.png", ""},
		{"home_layout", "LATEST", "latest", ""},
		{"home_layout", "grid", "", "must be one of topics, latest"},
		{"login_required", "on", "true", ""},
		{"max_tags", "0", "", "must be between 1 and 20"},
		{"edit_grace", "90s", "1m30s", ""},
		{"edit_grace", "soon", "", "must be a duration such as 90s, 5m or 8h"},
		{"allowed_email_domains", "@Example.com; corp.example example.com", "example.com, corp.example", ""},
		{"allowed_email_domains", "not_a domain", "", `"not_a" is not a domain name such as example.com`},
		{"contact_email", "Help@Example.com", "help@example.com", ""},
		{"rate_rules", "reply-user=1/10s, thread-user=off", "reply-user=1/10s,thread-user=off", ""},
	}
	for _, c := range cases {
		d, _ := SettingDefByKey(c.key)
		got, msg := d.Normalize(c.in)
		if got != c.want || msg != c.msg {
			t.Errorf("%s %q: %q, %q; want %q, %q", c.key, c.in, got, msg, c.want, c.msg)
		}
	}
	d, _ := SettingDefByKey("rate_rules")
	if _, msg := d.Normalize("nosuch=1/1s"); !strings.Contains(msg, "is not name=N/window") {
		t.Errorf("unknown rule: %q", msg)
	}
}

// TestBuildSite applies stored values and overrides: an override wins,
// a stored value an older release allowed falls back to the default, and
// the limits, policy and rules follow the values.
func TestBuildSite(t *testing.T) {
	stored := []StoredSetting{
		{Key: "title_max", Value: "150", Version: 2},
		{Key: "body_max", Value: "5", Version: 1}, // no longer valid
		{Key: "registration", Value: "invite", Version: 1},
		{Key: "blocked_email_domains", Value: "spam.example", Version: 1},
		{Key: "login_required", Value: "true", Version: 1},
		{Key: "edit_grace", Value: "1m0s", Version: 1},
		{Key: "rate_rules", Value: "reply-user=2/1m", Version: 1},
		{Key: "view_window", Value: "1h0m0s", Version: 1},
	}
	over := map[string]SettingOverride{"view_window": {Source: "--view-window / PARLEY_VIEW_WINDOW", Value: "2h0m0s"}}
	s := BuildSite(stored, over, DefaultLimits(), DefaultRateRules(), nil)
	if s.Limits.TitleMax != 150 || s.Limits.BodyMax != DefaultLimits().BodyMax || s.Limits.EditFold != time.Minute {
		t.Errorf("limits %+v", s.Limits)
	}
	if s.Policy.Registration != RegistrationInvite || !s.Policy.LoginRequired || len(s.Policy.BlockedEmailDomains) != 1 {
		t.Errorf("policy %+v", s.Policy)
	}
	if s.Rates.ReplyPerUser.Limit != 2 || s.Rates.ReplyPerUser.Window != time.Minute || s.Rates.ReplyPerUser.Name != "reply-user" {
		t.Errorf("reply rule %+v", s.Rates.ReplyPerUser)
	}
	if s.ViewWindow != 2*time.Hour {
		t.Errorf("view window %s, want the option's 2h", s.ViewWindow)
	}
	if again := BuildSite(stored, over, DefaultLimits(), DefaultRateRules(), nil); again.Stamp != s.Stamp {
		t.Error("the same rows give another stamp")
	}
	stored[0].Version = 3
	if again := BuildSite(stored, over, DefaultLimits(), DefaultRateRules(), nil); again.Stamp == s.Stamp {
		t.Error("a new version keeps the stamp")
	}
}
