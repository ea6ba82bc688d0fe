package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// People administration: the account list, one account's admin page and
// its actions, invitations, and the account page's data download and
// deletion.

const usersPerPage = 50

type adminUsersData struct {
	Users    []forum.User
	Total    int
	Query    string
	Filter   string
	Filters  []userFilterLink
	Page     int
	PrevURL  string
	NextURL  string
	Now      time.Time
	CanInvit bool
	Here     string // this page, to come back to after approving from it
}

type userFilterLink struct {
	Value, Label, URL string
	Current           bool
}

func usersURL(q, filter string, page int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	if filter != "" {
		v.Set("filter", filter)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/admin/users"
	}
	return "/admin/users?" + v.Encode()
}

func (w *Web) adminUsers(rw http.ResponseWriter, r *http.Request) {
	me := identity.From(r.Context()).User
	qs := r.URL.Query()
	pageNo := 1
	if p := qs.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			w.fail(rw, r, forum.Invalid("page", "must be a whole number of 1 or more"))
			return
		}
		pageNo = n
	}
	d := &adminUsersData{Query: qs.Get("q"), Filter: qs.Get("filter"), Page: pageNo, Now: w.Now()}
	users, total, err := w.Service.AdminUsers(r.Context(), me, forum.UserQuery{Search: d.Query, Filter: forum.UserFilter(d.Filter),
		Offset: (pageNo - 1) * usersPerPage, Limit: usersPerPage})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Users, d.Total = users, total
	for _, f := range []struct{ v, l string }{{"", "All"}, {"new", "New"}, {"staff", "Staff"}, {"suspended", "Suspended"}, {"pending", "Awaiting approval"}} {
		d.Filters = append(d.Filters, userFilterLink{f.v, f.l, usersURL(d.Query, f.v, 1), f.v == d.Filter})
	}
	if pageNo > 1 {
		d.PrevURL = usersURL(d.Query, d.Filter, pageNo-1)
	}
	if pageNo*usersPerPage < total {
		d.NextURL = usersURL(d.Query, d.Filter, pageNo+1)
	}
	d.CanInvit = forum.CanManage(me, forum.AcctInvite, nil)
	d.Here = usersURL(d.Query, d.Filter, pageNo)
	w.render(rw, r, "admin_users", &page{Title: "People", NoIndex: true, Data: d})
}

type adminUserData struct {
	*forum.AdminUserPage
	Now        time.Time
	Flash      string
	Role       formState
	Suspend    formState
	Delete     formState
	Notice     string // a refusal shown above the forms
	CanRole    bool
	CanSuspend bool
	CanApprove bool
	CanDelete  bool
	Roles      []forum.Role
}

func (w *Web) adminUserPage(rw http.ResponseWriter, r *http.Request) {
	w.renderAdminUser(rw, r, r.PathValue("name"), &adminUserData{Flash: peopleFlash(r.URL.Query().Get("done"))}, http.StatusOK)
}

func peopleFlash(code string) string {
	switch code {
	case "role":
		return "The role was changed."
	case "suspend":
		return "The account was suspended: every session was signed out and every API token revoked."
	case "unsuspend":
		return "The suspension was lifted."
	case "approve":
		return "The account was approved; it can sign in now."
	}
	return ""
}

func (w *Web) renderAdminUser(rw http.ResponseWriter, r *http.Request, name string, d *adminUserData, status int) {
	me := identity.From(r.Context()).User
	p, err := w.Service.AdminUser(r.Context(), me, name)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.AdminUserPage, d.Now = p, w.Now()
	d.CanRole = forum.CanManage(me, forum.AcctSetRole, p.User) && p.User.State != forum.StateDeleted
	d.CanSuspend = forum.CanManage(me, forum.AcctSuspend, p.User) && p.User.State != forum.StatePending && p.User.State != forum.StateDeleted
	d.CanApprove = forum.CanManage(me, forum.AcctApprove, p.User) && p.User.State == forum.StatePending
	d.CanDelete = forum.CanManage(me, forum.AcctDelete, p.User) && p.User.State != forum.StateDeleted
	d.Roles = []forum.Role{forum.RoleMember, forum.RoleStaff, forum.RoleModerator, forum.RoleAdmin}
	if d.Role.Values == nil {
		d.Role.Values = map[string]string{"role": string(p.User.Role), "title": p.User.Title}
	}
	w.render(rw, r, "admin_user", &page{Title: p.User.Username + " · People", NoIndex: true, Status: status, Data: d})
}

// peopleFail answers a refused account action on the account's page:
// field errors under their form, a stale view with the current value, a
// refusal with its reason. Anything else is the usual error page.
func (w *Web) peopleFail(rw http.ResponseWriter, r *http.Request, name, form string, err error) {
	var ve *forum.ValidationError
	var stale *forum.StaleError
	values := map[string]string{}
	for k := range r.PostForm {
		values[k] = r.PostFormValue(k)
	}
	fs := formState{Values: values, Errors: map[string]string{}}
	d := &adminUserData{}
	status := http.StatusUnprocessableEntity
	switch {
	case errors.As(err, &ve):
		fs.Errors = ve.Fields
	case errors.As(err, &stale):
		status = http.StatusConflict
		fs.Notice = "Someone changed this account meanwhile: its " + stale.Field + " is now “" + stale.Current + "”. Nothing was changed; check and try again."
		if form == "role" {
			fs.Values = nil // show the current values
		}
	case errors.Is(err, forum.ErrForbidden) && forum.ForbiddenReason(err) != "" && identity.From(r.Context()).User.Role.IsStaff():
		status = http.StatusForbidden
		d.Notice = capitalize(forum.ForbiddenReason(err)) + "."
	default:
		w.fail(rw, r, err)
		return
	}
	switch form {
	case "role":
		d.Role = fs
	case "suspend":
		d.Suspend = fs
	case "delete":
		d.Delete = fs
	default:
		if fs.Notice != "" {
			d.Notice = fs.Notice
		}
	}
	w.renderAdminUser(rw, r, name, d, status)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (w *Web) adminUserPath(name string) string { return "/admin/users/" + url.PathEscape(name) }

func (w *Web) roleSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	in := forum.RoleInput{Role: r.PostFormValue("role"), Title: r.PostFormValue("title"), FromRole: r.PostFormValue("from_role"),
		Reason: r.PostFormValue("reason")}
	if _, ok := r.PostForm["from_title"]; ok {
		t := r.PostFormValue("from_title")
		in.FromTitle = &t
	}
	if _, err := w.Service.SetRole(r.Context(), me, w.ClientIP(r), name, in); err != nil {
		w.peopleFail(rw, r, name, "role", err)
		return
	}
	http.Redirect(rw, r, w.adminUserPath(name)+"?done=role", http.StatusSeeOther)
}

// parseUntil reads the suspension end: a date (the suspension ends at the
// start of that day, UTC), a date and time, or empty for none.
func parseUntil(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, forum.Invalid("until", "must be a date like 2027-01-31, or empty for a suspension without end")
}

func (w *Web) suspendSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	until, err := parseUntil(r.PostFormValue("until"))
	if err == nil {
		_, err = w.Service.Suspend(r.Context(), me, w.ClientIP(r), name, forum.SuspendInput{Until: until, Reason: r.PostFormValue("reason")})
	}
	if err != nil {
		w.peopleFail(rw, r, name, "suspend", err)
		return
	}
	http.Redirect(rw, r, w.adminUserPath(name)+"?done=suspend", http.StatusSeeOther)
}

func (w *Web) unsuspendSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	if _, err := w.Service.Unsuspend(r.Context(), me, w.ClientIP(r), name, r.PostFormValue("reason")); err != nil {
		w.peopleFail(rw, r, name, "", err)
		return
	}
	http.Redirect(rw, r, w.adminUserPath(name)+"?done=unsuspend", http.StatusSeeOther)
}

func (w *Web) approveSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	if _, err := w.Service.Approve(r.Context(), me, w.ClientIP(r), name); err != nil {
		w.peopleFail(rw, r, name, "", err)
		return
	}
	back(rw, r, w.adminUserPath(name)+"?done=approve")
}

func (w *Web) rejectSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	if err := w.Service.Reject(r.Context(), me, w.ClientIP(r), name, r.PostFormValue("reason")); err != nil {
		w.peopleFail(rw, r, name, "", err)
		return
	}
	http.Redirect(rw, r, "/admin/users?filter=pending", http.StatusSeeOther)
}

func (w *Web) deleteUserSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	mode := r.PostFormValue("mode")
	var err error
	switch {
	case mode != "anonymize" && mode != "content":
		err = forum.Invalid("mode", "must be anonymize or content")
	case strings.ToLower(strings.TrimSpace(r.PostFormValue("confirm"))) != strings.ToLower(name):
		err = forum.Invalid("confirm", "must be the account's username, to confirm")
	}
	if err == nil {
		err = w.Service.DeleteAccount(r.Context(), me, w.ClientIP(r), name, mode == "content", r.PostFormValue("reason"))
	}
	if err != nil {
		w.peopleFail(rw, r, name, "delete", err)
		return
	}
	http.Redirect(rw, r, "/admin/users", http.StatusSeeOther)
}

type invitesData struct {
	Invites []forum.Invite
	Form    formState
	NewLink string
	Now     time.Time
}

func (w *Web) adminInvites(rw http.ResponseWriter, r *http.Request) {
	w.renderInvites(rw, r, &invitesData{}, http.StatusOK)
}

func (w *Web) renderInvites(rw http.ResponseWriter, r *http.Request, d *invitesData, status int) {
	list, err := w.Service.Invites(r.Context(), identity.From(r.Context()).User)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Invites, d.Now = list, w.Now()
	if d.Form.Values == nil {
		d.Form.Values = map[string]string{"days": "7", "uses": "1"}
	}
	w.render(rw, r, "admin_invites", &page{Title: "Invitations", NoIndex: true, Status: status, Data: d})
}

// InviteLink is the sign-up address an invitation code opens.
func (w *Web) inviteLink(code string) string {
	return w.BaseURL + "/signup?invite=" + url.QueryEscape(code)
}

func (w *Web) inviteCreate(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	values := map[string]string{"email": r.PostFormValue("email"), "days": r.PostFormValue("days"), "uses": r.PostFormValue("uses"), "note": r.PostFormValue("note")}
	v := &forum.ValidationError{Fields: map[string]string{}}
	days, err := strconv.Atoi(strings.TrimSpace(values["days"]))
	if err != nil {
		v.Fields["days"] = "must be a whole number of days"
	}
	uses, err := strconv.Atoi(strings.TrimSpace(values["uses"]))
	if err != nil {
		v.Fields["uses"] = "must be a whole number"
	}
	var code string
	var cerr error = v
	if len(v.Fields) == 0 {
		_, code, cerr = w.Service.CreateInvite(r.Context(), me, w.ClientIP(r), forum.InviteInput{Email: values["email"], Days: days, Uses: uses, Note: values["note"]})
	}
	var ve *forum.ValidationError
	if errors.As(cerr, &ve) {
		w.renderInvites(rw, r, &invitesData{Form: formState{Values: values, Errors: ve.Fields}}, http.StatusUnprocessableEntity)
		return
	}
	if cerr != nil {
		w.fail(rw, r, cerr)
		return
	}
	// The code is shown once, on this response, and never stored.
	rw.Header().Set("Cache-Control", "no-store")
	w.renderInvites(rw, r, &invitesData{NewLink: w.inviteLink(code)}, http.StatusOK)
}

func (w *Web) inviteRevoke(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	if err := w.Service.RevokeInvite(r.Context(), me, w.ClientIP(r), id); err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/admin/invites", http.StatusSeeOther)
}

// myData downloads everything parley holds about the signed-in user as a
// JSON file (the API's document, as an attachment).
func (w *Web) myData(rw http.ResponseWriter, r *http.Request) {
	if identity.From(r.Context()).User == nil {
		w.fail(rw, r, forum.ErrUnauthorized)
		return
	}
	w.API.MyData(rw, r)
}

func (w *Web) deleteOwnAccount(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	err := w.Service.DeleteOwnAccount(r.Context(), me, w.ClientIP(r), r.PostFormValue("password"))
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		w.renderAccount(rw, r, &accountData{DeleteForm: formState{Errors: ve.Fields}}, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.Resolver.ClearSession(rw)
	http.Redirect(rw, r, "/?deleted=1", http.StatusSeeOther)
}

func (w *Web) profileSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	name := r.PostFormValue("display_name")
	_, err := w.Service.SetDisplayName(r.Context(), me, name)
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		w.renderAccount(rw, r, &accountData{Profile: formState{Values: map[string]string{"display_name": name}, Errors: ve.Fields}}, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/account?done=profile", http.StatusSeeOther)
}

// stateLabel names an account's state as staff read it.
func stateLabel(v any, now time.Time) string {
	var u *forum.User
	switch x := v.(type) {
	case *forum.User:
		u = x
	case forum.User:
		u = &x
	default:
		return ""
	}
	switch u.StateAt(now) {
	case forum.StatePending:
		return "awaiting approval"
	case forum.StateSuspended:
		return "suspended"
	case forum.StateDeleted:
		return "deleted"
	}
	return "active"
}
