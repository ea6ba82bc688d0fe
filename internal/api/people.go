package api

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// People administration on the API: accounts, roles, approval,
// suspension, deletion and invitations (openapi/people.json), and the
// signed-in user's data download, deletion and display name.

// peopleRoutes registers the routes of people administration.
func (a *API) peopleRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/admin/users", a.private(a.adminUsers))
	mux.HandleFunc("GET /api/admin/users/{name}", a.private(a.adminUser))
	mux.HandleFunc("DELETE /api/admin/users/{name}", a.write(a.deleteUser))
	mux.HandleFunc("PUT /api/admin/users/{name}/role", a.write(a.setRole))
	mux.HandleFunc("PUT /api/admin/users/{name}/suspension", a.write(a.suspend))
	mux.HandleFunc("DELETE /api/admin/users/{name}/suspension", a.write(a.unsuspend))
	mux.HandleFunc("POST /api/admin/users/{name}/approval", a.write(a.approve))
	mux.HandleFunc("POST /api/admin/users/{name}/rejection", a.write(a.reject))
	mux.HandleFunc("GET /api/admin/invites", a.private(a.listInvites))
	mux.HandleFunc("POST /api/admin/invites", a.write(a.createInvite))
	mux.HandleFunc("DELETE /api/admin/invites/{id}", a.write(a.revokeInvite))
	mux.HandleFunc("GET /api/me/data", a.private(a.myData))
	mux.HandleFunc("POST /api/me/deletion", a.write(a.deleteMe))
	mux.HandleFunc("PUT /api/me/display_name", a.write(a.setDisplayName))
}

// AdminUserDTO is an account as staff see it.
type AdminUserDTO struct {
	UserDTO
	Email          string  `json:"email"`
	State          string  `json:"state"`
	SuspendedUntil *string `json:"suspended_until"`
	SuspendReason  string  `json:"suspend_reason"`
	LastSeenAt     *string `json:"last_seen_at"`
	Posts          int     `json:"posts"`
	AdminURL       string  `json:"admin_url"`
}

// AdminUserListDTO is one page of the account list.
type AdminUserListDTO struct {
	Users   []AdminUserDTO `json:"users"`
	Total   int            `json:"total"`
	Page    int            `json:"page"`
	PerPage int            `json:"per_page"`
	Next    *string        `json:"next"`
}

// ActivityDTO is a thread or reply on an account's admin page.
type ActivityDTO struct {
	ThreadID  int64  `json:"thread_id"`
	PostID    int64  `json:"post_id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	CreatedAt string `json:"created_at"`
}

// AdminUserPageDTO is an account's admin page.
type AdminUserPageDTO struct {
	User    AdminUserDTO  `json:"user"`
	Threads []ActivityDTO `json:"threads"`
	Replies []ActivityDTO `json:"replies"`
	Audit   []auditDTO    `json:"audit"`
}

// InviteDTO is an invitation; its code is shown only when it is made.
type InviteDTO struct {
	ID        int64  `json:"id"`
	Email     string `json:"email"`
	CreatedAt string `json:"created_at"`
	ExpiresAt string `json:"expires_at"`
	MaxUses   int    `json:"max_uses"`
	Uses      int    `json:"uses"`
	Revoked   bool   `json:"revoked"`
	Usable    bool   `json:"usable"`
	Note      string `json:"note"`
}

// NewInviteDTO answers the creation of an invitation.
type NewInviteDTO struct {
	Invite InviteDTO `json:"invite"`
	Code   string    `json:"code"`
	URL    string    `json:"url"`
}

// InvitesDTO lists invitations.
type InvitesDTO struct {
	Invites []InviteDTO `json:"invites"`
}

type roleRequest struct {
	Role      string  `json:"role"`
	Title     string  `json:"title"`
	FromRole  string  `json:"from_role"`
	FromTitle *string `json:"from_title"`
	Reason    string  `json:"reason"`
}

type suspendRequest struct {
	Until  *string `json:"until"`
	Reason string  `json:"reason"`
}

type reasonRequest struct {
	Reason string `json:"reason"`
}

type inviteRequest struct {
	Email string `json:"email"`
	Days  int    `json:"days"`
	Uses  int    `json:"uses"`
	Note  string `json:"note"`
}

type passwordRequest struct {
	Password string `json:"password"`
}

type displayNameRequest struct {
	DisplayName string `json:"display_name"`
}

func (a *API) adminUserDTO(u *forum.User) AdminUserDTO {
	d := AdminUserDTO{UserDTO: a.user(u), Email: u.Email, State: string(u.StateAt(time.Now())), SuspendReason: u.SuspendReason,
		LastSeenAt: maybeStamp(u.LastSeen), Posts: u.ThreadCount + u.ReplyCount, AdminURL: a.baseURL + "/admin/users/" + url.PathEscape(u.Username)}
	if d.State == string(forum.StateSuspended) {
		d.SuspendedUntil = maybeStamp(u.SuspendedUntil)
	} else {
		d.SuspendReason = ""
	}
	return d
}

// peopleError turns a stale view into a 409 that names the field and its
// current value.
func peopleError(err error) error {
	var stale *forum.StaleError
	if errors.As(err, &stale) {
		return &Error{Status: http.StatusConflict, Code: CodeConflict,
			Message: "the account changed meanwhile: its " + stale.Field + " is now " + strconv.Quote(stale.Current),
			Fields:  map[string]string{stale.Field: "is now " + strconv.Quote(stale.Current)}}
	}
	return err
}

func (a *API) adminUsers(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	qs := r.URL.Query()
	page := 1
	if p := qs.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			return badRequest("page", "must be a whole number of 1 or more")
		}
		page = n
	}
	per := 50
	if p := qs.Get("per_page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100 {
			return badRequest("per_page", "must be a whole number from 1 to 100")
		}
		per = n
	}
	users, total, err := a.svc.AdminUsers(r.Context(), u, forum.UserQuery{Search: qs.Get("q"), Filter: forum.UserFilter(qs.Get("filter")),
		Offset: (page - 1) * per, Limit: per})
	if err != nil {
		return err
	}
	out := AdminUserListDTO{Users: make([]AdminUserDTO, 0, len(users)), Total: total, Page: page, PerPage: per}
	for i := range users {
		out.Users = append(out.Users, a.adminUserDTO(&users[i]))
	}
	if page*per < total {
		v := url.Values{}
		for k, vs := range qs {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(page+1))
		next := a.baseURL + "/api/admin/users?" + v.Encode()
		out.Next = &next
	}
	return a.ok(w, r, http.StatusOK, out)
}

func (a *API) adminUser(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	p, err := a.svc.AdminUser(r.Context(), u, r.PathValue("name"))
	if err != nil {
		return err
	}
	out := AdminUserPageDTO{User: a.adminUserDTO(p.User), Threads: []ActivityDTO{}, Replies: []ActivityDTO{}, Audit: []auditDTO{}}
	for _, t := range p.Threads {
		out.Threads = append(out.Threads, ActivityDTO{ThreadID: t.ID, PostID: t.FirstPostID, Title: t.Title,
			URL: a.baseURL + forum.ThreadPath(t.Slug, t.ID), CreatedAt: stamp(t.CreatedAt)})
	}
	for _, rp := range p.Replies {
		out.Replies = append(out.Replies, ActivityDTO{ThreadID: rp.ThreadID, PostID: rp.Post.ID, Title: rp.ThreadTitle,
			URL:       a.baseURL + a.svc.PostPath(rp.ThreadSlug, rp.ThreadID, rp.Post.ID, rp.Post.Number),
			CreatedAt: stamp(rp.Post.CreatedAt)})
	}
	for _, e := range p.Audit {
		out.Audit = append(out.Audit, auditEntryDTO(e))
	}
	return a.ok(w, r, http.StatusOK, out)
}

func (a *API) setRole(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	var req roleRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	out, err := a.svc.SetRole(r.Context(), u, a.clientIP(r), r.PathValue("name"), forum.RoleInput{Role: req.Role, Title: req.Title,
		FromRole: req.FromRole, FromTitle: req.FromTitle, Reason: req.Reason})
	if err != nil {
		return peopleError(err)
	}
	return a.ok(w, r, http.StatusOK, a.adminUserDTO(out))
}

func (a *API) suspend(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	var req suspendRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	var until time.Time
	if req.Until != nil && *req.Until != "" {
		t, err := time.Parse(time.RFC3339, *req.Until)
		if err != nil {
			return forum.Invalid("until", "must be an RFC 3339 time such as 2027-01-31T00:00:00Z, or null for a suspension without end")
		}
		until = t
	}
	out, err := a.svc.Suspend(r.Context(), u, a.clientIP(r), r.PathValue("name"), forum.SuspendInput{Until: until, Reason: req.Reason})
	if err != nil {
		return peopleError(err)
	}
	return a.ok(w, r, http.StatusOK, a.adminUserDTO(out))
}

func (a *API) unsuspend(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	out, err := a.svc.Unsuspend(r.Context(), u, a.clientIP(r), r.PathValue("name"), r.URL.Query().Get("reason"))
	if err != nil {
		return peopleError(err)
	}
	return a.ok(w, r, http.StatusOK, a.adminUserDTO(out))
}

func (a *API) approve(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	out, err := a.svc.Approve(r.Context(), u, a.clientIP(r), r.PathValue("name"))
	if err != nil {
		return peopleError(err)
	}
	return a.ok(w, r, http.StatusOK, a.adminUserDTO(out))
}

func (a *API) reject(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	if err := a.svc.Reject(r.Context(), u, a.clientIP(r), r.PathValue("name"), r.URL.Query().Get("reason")); err != nil {
		return peopleError(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) deleteUser(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	qs := r.URL.Query()
	content := false
	switch qs.Get("content") {
	case "", "false":
	case "true":
		content = true
	default:
		return badRequest("content", "must be true or false")
	}
	if err := a.svc.DeleteAccount(r.Context(), u, a.clientIP(r), r.PathValue("name"), content, qs.Get("reason")); err != nil {
		return peopleError(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) invite(inv *forum.Invite) InviteDTO {
	return InviteDTO{ID: inv.ID, Email: inv.Email, CreatedAt: stamp(inv.CreatedAt), ExpiresAt: stamp(inv.ExpiresAt), MaxUses: inv.MaxUses,
		Uses: inv.Uses, Revoked: inv.Revoked, Usable: inv.Usable(time.Now()), Note: inv.Note}
}

func (a *API) listInvites(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	list, err := a.svc.Invites(r.Context(), u)
	if err != nil {
		return err
	}
	out := InvitesDTO{Invites: make([]InviteDTO, 0, len(list))}
	for i := range list {
		out.Invites = append(out.Invites, a.invite(&list[i]))
	}
	return a.ok(w, r, http.StatusOK, out)
}

func (a *API) createInvite(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	var req inviteRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	inv, code, err := a.svc.CreateInvite(r.Context(), u, a.clientIP(r), forum.InviteInput{Email: req.Email, Days: req.Days, Uses: req.Uses, Note: req.Note})
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusCreated, NewInviteDTO{Invite: a.invite(inv), Code: code, URL: a.baseURL + "/signup?invite=" + url.QueryEscape(code)})
}

func (a *API) revokeInvite(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.svc.RevokeInvite(r.Context(), u, a.clientIP(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// MyDataDTO is everything parley holds about the signed-in user.
type MyDataDTO struct {
	Format   string         `json:"format"`
	Exported string         `json:"exported_at"`
	Account  MyAccountDTO   `json:"account"`
	Threads  []MyThreadDTO  `json:"threads"`
	Posts    []MyPostDTO    `json:"posts"`
	Boosts   []int64        `json:"boosted_post_ids"`
	Sessions []MySessionDTO `json:"sessions"`
	Tokens   []TokenDTO     `json:"tokens"`
	Audit    []auditDTO     `json:"audit"`
}

// MyAccountDTO is the account part of the download.
type MyAccountDTO struct {
	AdminUserDTO
}

// MyThreadDTO is a thread the user started.
type MyThreadDTO struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Subtopic  string `json:"subtopic"`
	CreatedAt string `json:"created_at"`
	Deleted   bool   `json:"deleted"`
}

// MyPostDTO is a post the user wrote with every kept version.
type MyPostDTO struct {
	ID        int64          `json:"id"`
	ThreadID  int64          `json:"thread_id"`
	Number    int            `json:"number"`
	Source    string         `json:"source"`
	CreatedAt string         `json:"created_at"`
	Deleted   bool           `json:"deleted"`
	Versions  []MyVersionDTO `json:"versions"`
}

// MyVersionDTO is one kept version of a post.
type MyVersionDTO struct {
	Number    int    `json:"number"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	CreatedAt string `json:"created_at"`
}

// MySessionDTO is a signed-in browser, without its secret.
type MySessionDTO struct {
	CreatedAt  string `json:"created_at"`
	LastSeenAt string `json:"last_seen_at"`
	ExpiresAt  string `json:"expires_at"`
	UserAgent  string `json:"user_agent"`
	IP         string `json:"ip"`
}

// MyData serves GET /api/me/data, and the account page's download: a
// JSON file of everything parley holds about the signed-in user.
func (a *API) MyData(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	u, err := signedIn(r)
	if err == nil {
		err = a.myData(w, r, u)
	}
	if err != nil {
		a.fail(w, r, err)
	}
}

func (a *API) myData(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	d, err := a.svc.MyData(r.Context(), u)
	if err != nil {
		return err
	}
	out := MyDataDTO{Format: "parley-account-data/1", Exported: stamp(time.Now()), Account: MyAccountDTO{a.adminUserDTO(&d.User)},
		Threads: []MyThreadDTO{}, Posts: []MyPostDTO{}, Boosts: d.Boosts, Sessions: []MySessionDTO{}, Tokens: []TokenDTO{}, Audit: []auditDTO{}}
	if out.Boosts == nil {
		out.Boosts = []int64{}
	}
	for _, t := range d.Threads {
		out.Threads = append(out.Threads, MyThreadDTO{ID: t.ID, Title: t.Title, Subtopic: t.Subtopic, CreatedAt: stamp(t.CreatedAt), Deleted: t.Deleted})
	}
	for _, p := range d.Posts {
		mp := MyPostDTO{ID: p.ID, ThreadID: p.ThreadID, Number: p.Number, Source: p.Source, CreatedAt: stamp(p.CreatedAt), Deleted: p.Deleted,
			Versions: []MyVersionDTO{}}
		for _, v := range p.Versions {
			mp.Versions = append(mp.Versions, MyVersionDTO{Number: v.Number, Title: v.Title, Source: v.BodySource, CreatedAt: stamp(v.CreatedAt)})
		}
		out.Posts = append(out.Posts, mp)
	}
	for _, s := range d.Sessions {
		out.Sessions = append(out.Sessions, MySessionDTO{CreatedAt: stamp(s.CreatedAt), LastSeenAt: stamp(s.LastSeen), ExpiresAt: stamp(s.ExpiresAt),
			UserAgent: s.UserAgent, IP: s.IP})
	}
	for i := range d.Tokens {
		out.Tokens = append(out.Tokens, token(&d.Tokens[i]))
	}
	for _, e := range d.Audit {
		out.Audit = append(out.Audit, auditEntryDTO(e))
	}
	w.Header().Set("Content-Disposition", `attachment; filename="parley-`+u.Username+`.json"`)
	return a.ok(w, r, http.StatusOK, out)
}

func (a *API) deleteMe(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	var req passwordRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if err := a.svc.DeleteOwnAccount(r.Context(), u, a.clientIP(r), req.Password); err != nil {
		return peopleError(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) setDisplayName(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	var req displayNameRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	out, err := a.svc.SetDisplayName(r.Context(), u, req.DisplayName)
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusOK, MeDTO{UserDTO: a.user(out), Email: out.Email})
}
