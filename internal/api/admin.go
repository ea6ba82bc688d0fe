package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// Site settings and the audit log: GET/PUT /api/admin/settings and GET
// /api/admin/log (also the JSON twin of /admin/log).

type settingDTO struct {
	Key         string   `json:"key"`
	Group       string   `json:"group"`
	Label       string   `json:"label"`
	Description string   `json:"description"`
	Kind        string   `json:"kind"`
	Choices     []string `json:"choices,omitempty"`
	Default     string   `json:"default"`
	Value       string   `json:"value"`
	Effective   string   `json:"effective"`
	Version     int64    `json:"version"`
	UpdatedAt   *string  `json:"updated_at"`
	OverrideBy  string   `json:"overridden_by,omitempty"`
}

type settingsDTO struct {
	Settings []settingDTO `json:"settings"`
}

func settingsBody(states []forum.SettingState) settingsDTO {
	out := settingsDTO{Settings: []settingDTO{}}
	for _, st := range states {
		d := settingDTO{Key: st.Def.Key, Group: st.Def.Group, Label: st.Def.Label, Description: st.Def.Help,
			Kind: string(st.Def.Kind), Choices: st.Def.Choices, Default: st.Def.Default, Value: st.Value,
			Effective: st.Effective, Version: st.Version}
		if !st.UpdatedAt.IsZero() && st.Version > 0 {
			s := stamp(st.UpdatedAt)
			d.UpdatedAt = &s
		}
		if st.Override != nil {
			d.OverrideBy = st.Override.Source
		}
		out.Settings = append(out.Settings, d)
	}
	return out
}

func (a *API) getSettings(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	states, err := a.svc.Settings(r.Context(), u)
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusOK, settingsBody(states))
}

// settingsRequest is PUT's body: the settings to change by key, each
// with the version it was read at (omitted: the write wins).
type settingsRequest struct {
	Settings map[string]struct {
		Value   *string `json:"value"`
		Version *int64  `json:"version"`
	} `json:"settings"`
}

type conflictDTO struct {
	Error   errorDTO                  `json:"error"`
	Current map[string]currentSetting `json:"current"`
}

type currentSetting struct {
	Value   string `json:"value"`
	Version int64  `json:"version"`
}

func (a *API) putSettings(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	var req settingsRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if len(req.Settings) == 0 {
		return forum.Invalid("settings", "must name at least one setting")
	}
	in := map[string]forum.SettingInput{}
	bad := &forum.ValidationError{Fields: map[string]string{}}
	for k, v := range req.Settings {
		if v.Value == nil {
			bad.Fields[k] = "needs a value"
			continue
		}
		si := forum.SettingInput{Value: *v.Value, Version: -1}
		if v.Version != nil {
			if *v.Version < 0 {
				bad.Fields[k] = "version must be ≥ 0"
				continue
			}
			si.Version = *v.Version
		}
		in[k] = si
	}
	if len(bad.Fields) > 0 {
		return bad
	}
	states, err := a.svc.SaveSettings(r.Context(), u, forum.Client{IP: a.clientIP(r)}, in)
	var ce *forum.SettingsConflictError
	if errors.As(err, &ce) {
		body := conflictDTO{Error: errorDTO{Code: CodeConflict, Fields: map[string]string{},
			Message: "some settings were changed by someone else since you read them; nothing was saved"},
			Current: map[string]currentSetting{}}
		for k, cur := range ce.Current {
			body.Error.Fields[k] = "was changed meanwhile (now version " + strconv.FormatInt(cur.Version, 10) + ")"
			body.Current[k] = currentSetting{Value: cur.Value, Version: cur.Version}
		}
		w.Header().Set("Cache-Control", "no-store")
		a.send(w, r, http.StatusConflict, body)
		return nil
	}
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusOK, settingsBody(states))
}

type auditDTO struct {
	ID          int64           `json:"id"`
	At          string          `json:"at"`
	ActorID     int64           `json:"actor_id"`
	Actor       string          `json:"actor"`
	Action      string          `json:"action"`
	TargetKind  string          `json:"target_kind"`
	TargetID    int64           `json:"target_id"`
	TargetLabel string          `json:"target_label"`
	Reason      string          `json:"reason"`
	Detail      json.RawMessage `json:"detail"`
	IP          string          `json:"ip"`
}

// auditEntryDTO is one audit row as every surface shows it (the log, an
// account's admin page, a member's data download).
func auditEntryDTO(e forum.AuditEntry) auditDTO {
	detail := json.RawMessage("null")
	if json.Valid([]byte(e.Detail)) {
		detail = json.RawMessage(e.Detail)
	}
	return auditDTO{ID: e.ID, At: stamp(e.At), ActorID: e.ActorID, Actor: e.ActorName,
		Action: e.Action, TargetKind: e.TargetKind, TargetID: e.TargetID, TargetLabel: e.TargetLabel,
		Reason: e.Reason, Detail: detail, IP: e.IP}
}

type auditPageDTO struct {
	Entries []auditDTO `json:"entries"`
	NextURL *string    `json:"next_url"`
}

// AuditLog answers /api/admin/log and /admin/log.json.
func (a *API) AuditLog(w http.ResponseWriter, r *http.Request) {
	a.private(a.auditLog)(w, r)
}

func (a *API) auditLog(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	if !forum.Can(u, forum.ActAdminLog, 0, 0, false) {
		return &forum.ForbiddenError{Reason: "only moderators and administrators may read the audit log"}
	}
	f, err := ParseAuditFilter(r.Context(), a.svc, r.URL.Query())
	if err != nil {
		return err
	}
	entries, err := a.svc.AuditLog(r.Context(), u, f)
	if err != nil {
		return err
	}
	out := auditPageDTO{Entries: []auditDTO{}}
	for _, e := range entries {
		out.Entries = append(out.Entries, auditEntryDTO(e))
	}
	if len(entries) == f.Limit {
		q := r.URL.Query()
		q.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		next := a.baseURL + r.URL.Path + "?" + q.Encode()
		out.NextURL = &next
	}
	return a.ok(w, r, http.StatusOK, out)
}

// ParseAuditFilter reads the audit log's filters from a query: actor (a
// username), action (exact, or a prefix ending in "."), target ("kind" or
// "kind:id"), from and to (dates, YYYY-MM-DD, both inclusive, UTC),
// before (an entry id, for paging) and limit (1-200, default 50). Bad
// values are field errors.
func ParseAuditFilter(ctx context.Context, svc *forum.Service, q url.Values) (forum.AuditFilter, error) {
	f := forum.AuditFilter{Limit: 50}
	v := &forum.ValidationError{Fields: map[string]string{}}
	if name := strings.TrimSpace(q.Get("actor")); name != "" {
		if u, err := svc.UserByName(ctx, name); errors.Is(err, forum.ErrNotFound) {
			v.Fields["actor"] = "no account is called " + strconv.Quote(name)
		} else if err != nil {
			return f, err
		} else {
			f.ActorID = u.ID
		}
	}
	if act := strings.TrimSpace(q.Get("action")); len(act) > 100 {
		v.Fields["action"] = "must be at most 100 characters"
	} else {
		f.Action = act
	}
	if t := strings.TrimSpace(q.Get("target")); t != "" {
		kind, id, hasID := strings.Cut(t, ":")
		f.TargetKind = kind
		if len(kind) > 40 {
			v.Fields["target"] = "must be a kind such as user or setting, or kind:id"
		}
		if hasID {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil || n <= 0 {
				v.Fields["target"] = "must be a kind such as user, or kind:id with a positive id"
			}
			f.TargetID = n
		}
	}
	day := func(field string) time.Time {
		s := strings.TrimSpace(q.Get(field))
		if s == "" {
			return time.Time{}
		}
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			v.Fields[field] = "must be a date such as 2025-03-01"
		}
		return t
	}
	f.From = day("from")
	if to := day("to"); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		v.Fields["to"] = "must not be before from"
	}
	if s := q.Get("before"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			v.Fields["before"] = "must be an entry id"
		}
		f.Before = n
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 200 {
			v.Fields["limit"] = "must be between 1 and 200"
		}
		f.Limit = n
	}
	if len(v.Fields) > 0 {
		return f, v
	}
	return f, nil
}

// AuditOldNew reads the old and new values out of an entry's detail,
// when it has them.
func AuditOldNew(detail string) (string, string) {
	var d struct {
		Old any `json:"old"`
		New any `json:"new"`
	}
	if json.Unmarshal([]byte(detail), &d) != nil {
		return "", ""
	}
	str := func(v any) string {
		switch x := v.(type) {
		case nil:
			return ""
		case string:
			return x
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	return str(d.Old), str(d.New)
}

// Fail answers err as a JSON error (for the private-forum gate).
func (a *API) Fail(w http.ResponseWriter, r *http.Request, err error) { a.fail(w, r, err) }

// adminOnly wraps a handler of the admin API; the action is decided by
// the Service, this only refuses a bad token early.
func (a *API) adminRead(h userHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if identity.From(r.Context()).BadToken {
			a.fail(w, r, errInvalidToken)
			return
		}
		a.private(h)(w, r)
	}
}
