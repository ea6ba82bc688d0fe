package app

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
)

func TestRateRules(t *testing.T) {
	cases := []struct {
		spec    string
		wantErr string
		check   func(t *testing.T, spec string)
	}{
		{spec: "", check: func(t *testing.T, spec string) {
			r, _ := rateRules(spec)
			if r.ReplyPerUser.Limit != 1 || r.ReplyPerUser.Window != 5*time.Second {
				t.Errorf("defaults changed: %+v", r.ReplyPerUser)
			}
		}},
		{spec: "reply-user=2/10s, thread-user=off", check: func(t *testing.T, spec string) {
			r, _ := rateRules(spec)
			if r.ReplyPerUser.Limit != 2 || r.ReplyPerUser.Window != 10*time.Second || r.ReplyPerUser.Name != "reply-user" {
				t.Errorf("reply-user = %+v", r.ReplyPerUser)
			}
			if !r.ThreadPerUser.Disabled() {
				t.Errorf("thread-user=off left %+v", r.ThreadPerUser)
			}
			if r.SignInPerAccount.Limit != 6 {
				t.Errorf("unnamed rules must keep their defaults: %+v", r.SignInPerAccount)
			}
		}},
		{spec: "preview-user=5/1m,edit-user=off,boost-user=2/1s,accept-user=3/1m,recommend-user=4/1m,token-user=1/1h,search-ip=9/1m,similar-ip=8/1m,signin-account-all=50/1h,revision-user=7/1m", check: func(t *testing.T, spec string) {
			r, _ := rateRules(spec)
			got := map[string]int{}
			for _, rule := range r.All() {
				got[rule.Name] = rule.Limit
			}
			if !r.EditPerUser.Disabled() {
				t.Errorf("edit-user=off left %+v", r.EditPerUser)
			}
			for name, want := range map[string]int{"preview-user": 5, "boost-user": 2, "accept-user": 3, "recommend-user": 4,
				"token-user": 1, "search-ip": 9, "similar-ip": 8, "signin-account-all": 50, "revision-user": 7} {
				if got[name] != want {
					t.Errorf("%s limit = %d, want %d", name, got[name], want)
				}
			}
		}},
		{spec: "reply=1/5s", wantErr: "reply-user"},
		{spec: "reply-user", wantErr: "name=N/window"},
		{spec: "reply-user=fast", wantErr: "reply-user"},
		{spec: "reply-user=0/5s", wantErr: "reply-user"},
	}
	for _, c := range cases {
		_, err := rateRules(c.spec)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("rateRules(%q) error = %v, want one mentioning %q", c.spec, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("rateRules(%q): %v", c.spec, err)
			continue
		}
		c.check(t, c.spec)
	}
}

func TestRequestLimitSpec(t *testing.T) {
	if allow, err := requestLimit("off", nil); err != nil || allow != nil {
		t.Errorf("off: %v, %v", allow != nil, err)
	}
	if _, err := requestLimit("lots", nil); err == nil || !strings.Contains(err.Error(), "--request-limit") {
		t.Errorf("bad spec error = %v", err)
	}
}

// TestRateRulesHelpNamesEveryRule: `parley serve --help` lists the names
// --rate-rules accepts, so an operator tuning a 429 logged as "edit-user"
// finds the name there; a rule added to forum.RateRules must be added to
// the help too.
func TestRateRulesHelpNamesEveryRule(t *testing.T) {
	var help string
	for _, o := range config.Options() {
		if o.Flag == "rate-rules" {
			help = o.Help
		}
	}
	if help == "" {
		t.Fatal("no --rate-rules option")
	}
	defaults := forum.DefaultRateRules()
	for _, r := range defaults.All() {
		if !strings.Contains(help, " "+r.Name+" ") && !strings.Contains(help, " "+r.Name+")") {
			t.Errorf("--rate-rules help does not name %s: %q", r.Name, help)
		}
	}
}
