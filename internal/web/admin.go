package web

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parley-forum/parley/internal/api"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// adminData is what every admin page's template gets besides its own.
type adminData struct {
	Nav  []adminNavLink
	Page any
}

// adminUser lets a GET of an admin page through for those act allows:
// signed-out visitors get a 401 page with a sign-in link, others a 403.
func (w *Web) adminUser(rw http.ResponseWriter, r *http.Request, act forum.Action) (*forum.User, bool) {
	u := identity.From(r.Context()).User
	if u == nil {
		w.fail(rw, r, forum.ErrUnauthorized)
		return nil, false
	}
	if !forum.Can(u, act, 0, 0, false) {
		w.fail(rw, r, &forum.ForbiddenError{Reason: "This part of the admin area is for administrators" +
			map[bool]string{true: " and moderators", false: ""}[act == forum.ActAdminLog || act == forum.ActAdminArea] + "."})
		return nil, false
	}
	return u, true
}

func (w *Web) renderAdmin(rw http.ResponseWriter, r *http.Request, name, title, current string, status int, d any) {
	rw.Header().Set("Cache-Control", "private, no-store")
	w.render(rw, r, name, &page{Title: title, NoIndex: true, Status: status,
		Data: &adminData{Nav: adminNavFor(identity.From(r.Context()).User, current), Page: d}})
}

type checkItem struct {
	Text, Link, LinkText string
	Done                 bool
}

type adminHomeData struct {
	Welcome   bool
	Checklist []checkItem
	Entries   []adminNavLink
}

// adminHome is /admin: the checklist of a new forum and the admin pages.
func (w *Web) adminHome(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.adminUser(rw, r, forum.ActAdminArea)
	if !ok {
		return
	}
	site := w.Service.Site()
	topics, err := w.Service.Topics(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	subtopics := 0
	for _, t := range topics {
		subtopics += len(t.Subtopics)
	}
	_, named := site.Stored["name"]
	_, registration := site.Stored["registration"]
	d := &adminHomeData{Welcome: r.URL.Query().Get("welcome") == "1", Checklist: []checkItem{
		{Text: "Name the forum (now “" + site.Name + "”) and write its About page", Link: "/admin/settings#group-identity", LinkText: "Settings", Done: named},
		{Text: "Create the first topics and subtopics", Link: "/admin/topics", LinkText: "Topics", Done: len(topics) > 0 && subtopics > 0},
		{Text: "Choose who may register (now: " + string(site.Policy.Registration) + ")", Link: "/admin/settings#group-access", LinkText: "Access settings", Done: registration},
	}}
	for _, e := range adminNavFor(u, "/admin") {
		if e.Path != "/admin" {
			d.Entries = append(d.Entries, e)
		}
	}
	w.renderAdmin(rw, r, "admin_home", "Admin", "/admin", http.StatusOK, d)
}

// settingField is one field of the settings form.
type settingField struct {
	forum.SettingState
	Value   string // what the field shows (the submitted text after an error)
	Version int64
	// Hash identifies the value the form was built with, so a field sent
	// back unchanged is left out of the save: an untouched field of a
	// stale form never conflicts with, or undoes, another change.
	Hash  string
	Error string
	Stale string // the value someone else saved meanwhile
}

type settingGroup struct {
	Name, ID string
	Fields   []settingField
}

type settingsData struct {
	Groups []settingGroup
	Saved  bool
	Notice string
	// InForce says, by key, what a setting whose value depends on the
	// deployment resolves to (email verification: auto → required or off).
	InForce map[string]string
}

func settingGroups(states []forum.SettingState) []settingGroup {
	var groups []settingGroup
	for _, st := range states {
		if len(groups) == 0 || groups[len(groups)-1].Name != st.Def.Group {
			groups = append(groups, settingGroup{Name: st.Def.Group, ID: "group-" + strings.ToLower(st.Def.Group)})
		}
		g := &groups[len(groups)-1]
		g.Fields = append(g.Fields, settingField{SettingState: st, Value: st.Value, Version: st.Version, Hash: valueHash(st.Value)})
	}
	return groups
}

func (w *Web) adminSettings(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.adminUser(rw, r, forum.ActAdminSettings)
	if !ok {
		return
	}
	states, err := w.Service.Settings(r.Context(), u)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderAdmin(rw, r, "admin_settings", "Settings", "/admin/settings", http.StatusOK,
		&settingsData{Groups: settingGroups(states), Saved: r.URL.Query().Get("saved") == "1", InForce: w.settingsInForce()})
}

// adminSettingsSubmit saves the form. Each field comes with the version
// it was loaded at (v_KEY); a checkbox's absence means false only when its
// version field was sent, so a partial form changes only what it holds.
func (w *Web) adminSettingsSubmit(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	if !forum.Can(u, forum.ActAdminSettings, 0, 0, false) {
		w.fail(rw, r, &forum.ForbiddenError{Reason: "Only administrators may change the forum's settings."})
		return
	}
	in := map[string]forum.SettingInput{}
	for _, d := range forum.SettingDefs() {
		vs, hasVersion := r.PostForm["v_"+d.Key]
		value, hasValue := r.PostForm[d.Key]
		if !hasValue && !(hasVersion && d.Kind == forum.KindBool) {
			continue
		}
		si := forum.SettingInput{Version: -1}
		if hasValue {
			si.Value = value[len(value)-1]
		} else {
			si.Value = "false"
		}
		if h := r.PostFormValue("h_" + d.Key); h != "" && h == valueHash(si.Value) {
			continue // as the form showed it: not part of this save
		}
		if hasVersion {
			n, err := strconv.ParseInt(vs[0], 10, 64)
			if err != nil || n < 0 {
				w.fail(rw, r, forum.Invalid("v_"+d.Key, "must be a version number"))
				return
			}
			si.Version = n
		}
		in[d.Key] = si
	}
	_, err := w.Service.SaveSettings(r.Context(), u, forum.Client{IP: w.ClientIP(r)}, in)
	if err == nil {
		http.Redirect(rw, r, "/admin/settings?saved=1", http.StatusSeeOther)
		return
	}
	var ve *forum.ValidationError
	var ce *forum.SettingsConflictError
	if !errors.As(err, &ve) && !errors.As(err, &ce) {
		w.fail(rw, r, err)
		return
	}
	states, lerr := w.Service.Settings(r.Context(), u)
	if lerr != nil {
		w.fail(rw, r, lerr)
		return
	}
	d := &settingsData{Groups: settingGroups(states), InForce: w.settingsInForce()}
	status := http.StatusUnprocessableEntity
	if ce != nil {
		status = http.StatusConflict
		d.Notice = "Someone else saved some of these settings while you were editing. Nothing was saved. " +
			"Their values are shown next to each field; your text is kept: save again to replace theirs."
	} else {
		d.Notice = "Nothing was saved: correct the fields marked below."
	}
	for gi := range d.Groups {
		for fi := range d.Groups[gi].Fields {
			f := &d.Groups[gi].Fields[fi]
			key := f.Def.Key
			if si, ok := in[key]; ok {
				f.Value = si.Value
				if si.Version >= 0 {
					f.Version = si.Version
				}
			}
			if ve != nil {
				f.Error = ve.Fields[key]
			}
			if ce != nil {
				if cur, ok := ce.Current[key]; ok {
					// The next save is made from what is stored now.
					f.Stale, f.Version, f.Hash = cur.Value, cur.Version, valueHash(cur.Value)
					if f.Stale == "" {
						f.Stale = "(empty)"
					}
				}
			}
		}
	}
	w.renderAdmin(rw, r, "admin_settings", "Settings", "/admin/settings", status, d)
}

type auditData struct {
	Entries []auditRow
	Form    formState
	NextURL string
	CSVURL  string
	JSONURL string
}

type auditRow struct {
	forum.AuditEntry
	Old, New string
}

// adminLog is /admin/log, its JSON twin and its CSV export.
func (w *Web) adminLog(rw http.ResponseWriter, r *http.Request) {
	format := ""
	switch {
	case strings.HasSuffix(r.URL.Path, ".json"):
		format = "json"
	case strings.HasSuffix(r.URL.Path, ".csv"):
		format = "csv"
	}
	if format == "json" {
		w.API.AuditLog(rw, r)
		return
	}
	u, ok := w.adminUser(rw, r, forum.ActAdminLog)
	if !ok {
		return
	}
	f, err := api.ParseAuditFilter(r.Context(), w.Service, r.URL.Query())
	q := r.URL.Query()
	form := formState{Values: map[string]string{"actor": q.Get("actor"), "action": q.Get("action"),
		"target": q.Get("target"), "from": q.Get("from"), "to": q.Get("to")}, Errors: map[string]string{}}
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		form.Errors = ve.Fields
		if format == "csv" {
			w.fail(rw, r, err)
			return
		}
		w.renderAdmin(rw, r, "admin_log", "Audit log", "/admin/log", http.StatusBadRequest, &auditData{Form: form})
		return
	} else if err != nil {
		w.fail(rw, r, err)
		return
	}
	if format == "csv" {
		w.auditCSV(rw, r, u, f)
		return
	}
	entries, err := w.Service.AuditLog(r.Context(), u, f)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := &auditData{Form: form}
	for _, e := range entries {
		row := auditRow{AuditEntry: e}
		row.Old, row.New = api.AuditOldNew(e.Detail)
		row.Old, row.New = clip(row.Old), clip(row.New)
		d.Entries = append(d.Entries, row)
	}
	filters := r.URL.Query()
	filters.Del("before")
	d.CSVURL = "/admin/log.csv?" + filters.Encode()
	d.JSONURL = "/admin/log.json?" + filters.Encode()
	if len(entries) == f.Limit {
		filters.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		d.NextURL = "/admin/log?" + filters.Encode()
	}
	w.renderAdmin(rw, r, "admin_log", "Audit log", "/admin/log", http.StatusOK, d)
}

// auditCSVMax bounds one CSV export; narrow the dates for more.
const auditCSVMax = 100_000

// auditCSV writes every matching row, newest first, reading the log a
// page at a time.
func (w *Web) auditCSV(rw http.ResponseWriter, r *http.Request, u *forum.User, f forum.AuditFilter) {
	f.Limit = 500
	first, err := w.Service.AuditLog(r.Context(), u, f)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="audit-log-%s.csv"`, w.Now().UTC().Format("2006-01-02")))
	cw := csv.NewWriter(rw)
	_ = cw.Write([]string{"id", "at", "actor_id", "actor", "action", "target_kind", "target_id", "target", "reason", "old", "new", "detail", "ip"})
	rows, n := first, 0
	for len(rows) > 0 && n < auditCSVMax {
		for _, e := range rows {
			old, nw := api.AuditOldNew(e.Detail)
			_ = cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), strconv.FormatInt(e.ActorID, 10),
				csvSafe(e.ActorName), csvSafe(e.Action), csvSafe(e.TargetKind), strconv.FormatInt(e.TargetID, 10), csvSafe(e.TargetLabel),
				csvSafe(e.Reason), csvSafe(old), csvSafe(nw), csvSafe(e.Detail), csvSafe(e.IP)})
			n++
		}
		if len(rows) < f.Limit {
			break
		}
		f.Before = rows[len(rows)-1].ID
		if rows, err = w.Service.AuditLog(r.Context(), u, f); err != nil {
			w.Logger.Warn("audit CSV cut short", "err", err)
			break
		}
	}
	cw.Flush()
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// clip shortens a value for the log's table (a page of Markdown is a
// setting too); the JSON and CSV carry it whole.
func clip(s string) string {
	const most = 160
	if utf8.RuneCountInString(s) <= most {
		return s
	}
	r := []rune(s)
	return string(r[:most]) + "…"
}

// valueHash is a short digest of a setting's value as a form sends it
// back (browsers send a textarea's line ends as CRLF).
func valueHash(v string) string {
	sum := sha256.Sum256([]byte(strings.ReplaceAll(v, "\r\n", "\n")))
	return hex.EncodeToString(sum[:12])
}
