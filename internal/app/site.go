package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/live"
)

// settingsReread is how often each node reads the site settings again, so
// a node that missed the settings-changed event (its bus was down) is
// current within this long.
const settingsReread = 2 * time.Second

// siteTopic carries site-wide changes between nodes (settings changed;
// topics, subtopics and tags changed): each node drops its whole page
// cache on one from another node, and re-reads the settings; browsers never
// subscribe to it.
const siteTopic = "site"

// settingOverrides lists the start-up options that win over stored site
// settings: those given by a flag or a PARLEY_* variable.
func settingOverrides(cfg *config.Config) map[string]forum.SettingOverride {
	out := map[string]forum.SettingOverride{}
	for _, d := range forum.SettingDefs() {
		if d.Option == "" || !cfg.Given[d.Option] {
			continue
		}
		var raw string
		switch d.Option {
		case "title-max":
			raw = itoa(cfg.TitleMax)
		case "body-max":
			raw = itoa(cfg.BodyMax)
		case "view-window":
			raw = cfg.ViewWindow.String()
		case "rate-rules":
			raw = cfg.RateRules
		}
		v, msg := d.Normalize(raw)
		if msg != "" {
			v = raw
		}
		source := "--" + d.Option
		for _, o := range config.Options() {
			if o.Flag == d.Option {
				source += " / " + o.Env
			}
		}
		out[d.Key] = forum.SettingOverride{Source: source, Value: v}
	}
	return out
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// siteSettings keeps one node's settings current: it applies what the
// database holds at start-up, after an event from another node, and every
// settingsReread, and drops every cached page when something changed.
type siteSettings struct {
	svc   *forum.Service
	views *forum.ViewCounter
	cache pageCache
	log   *slog.Logger
	mu    sync.Mutex // one reload at a time
}

// reload reads the settings and puts them in force; it reports whether
// anything changed.
func (s *siteSettings) reload(ctx context.Context) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.svc.RefreshSetup(ctx); err != nil {
		return false, err
	}
	site, changed, err := s.svc.LoadSettings(ctx)
	if err != nil {
		return false, err
	}
	s.views.SetWindow(site.ViewWindow)
	if changed {
		if s.cache != nil {
			s.cache.InvalidateAll()
		}
	}
	return changed, nil
}

// run re-reads the settings every settingsReread until ctx ends.
func (s *siteSettings) run(ctx context.Context) {
	t := time.NewTicker(settingsReread)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			if changed, err := s.reload(rctx); err != nil {
				s.log.Debug("re-read site settings", "err", err)
			} else if changed {
				s.log.Info("site settings changed on another node: applied, cached pages dropped")
			}
			cancel()
		}
	}
}

// heard handles a settings-changed message from another node.
func (s *siteSettings) heard() {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := s.reload(ctx); err != nil {
			s.log.Warn("read site settings after another node changed them; the periodic re-read will retry", "err", err)
		}
	}()
}

// sitePayload is the data of a settings-changed message.
type sitePayload struct {
	Kind forum.EventKind `json:"kind"`
	Node string          `json:"node,omitempty"`
}

// siteMessage is the message of a site-wide change (settings changed, or
// the taxonomy) that node publishes.
func siteMessage(kind forum.EventKind, node string) (live.Message, error) {
	data, err := json.Marshal(sitePayload{Kind: kind, Node: node})
	return live.Message{Topic: siteTopic, Type: string(kind), Data: data}, err
}

// prepareSetup makes the one-time setup code of a forum without an
// administrator or topics and prints it in the log: only whoever can read
// the server's log can claim the forum.
func prepareSetup(ctx context.Context, svc *forum.Service, logger *slog.Logger) error {
	code, err := svc.PrepareSetup(ctx)
	if err != nil {
		return fmt.Errorf("prepare first-run setup: %w", err)
	}
	if code != "" {
		logger.Warn("this forum has no administrator yet: open it in a browser and enter this setup code to create one "+
			"(or run `parley user create NAME --role admin`)", "setup_code", code)
	}
	return nil
}
