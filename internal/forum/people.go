package forum

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parley-forum/parley/internal/auth"
)

// UserState is where an account is in its life.
type UserState string

// Account states.
const (
	StateActive    UserState = "active"
	StatePending   UserState = "pending"   // signed up while registration needs approval
	StateSuspended UserState = "suspended" // until SuspendedUntil, or for ever when zero
	StateDeleted   UserState = "deleted"   // anonymized; the row stays as the author of what remains
)

// SuspendedAt reports whether the account is suspended at now: a
// suspension whose end has passed no longer counts.
func (u *User) SuspendedAt(now time.Time) bool {
	return u.State == StateSuspended && (u.SuspendedUntil.IsZero() || now.Before(u.SuspendedUntil))
}

// StateAt is the account's state as it applies at now ("suspended" ends by
// itself at its date).
func (u *User) StateAt(now time.Time) UserState {
	if u.State == "" || (u.State == StateSuspended && !u.SuspendedAt(now)) {
		return StateActive
	}
	return u.State
}

// Errors of account administration.
var (
	// ErrLastAdmin refuses a change that would leave the forum without an
	// administrator.
	ErrLastAdmin = &ForbiddenError{Reason: "this is the forum's last administrator: make someone else an administrator first"}
	// ErrInviteInvalid is an invitation code that is unknown, revoked,
	// expired, used up or meant for another address.
	ErrInviteInvalid = errors.New("invitation not valid")
)

// StaleError refuses a change made from an outdated view: the account's
// Field has changed to Current since the actor looked. It is an
// ErrConflict; both surfaces answer 409 with the current value.
type StaleError struct {
	Field   string
	Current string
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("%s was changed meanwhile to %q", e.Field, e.Current)
}

// Is makes a StaleError match ErrConflict.
func (e *StaleError) Is(target error) bool { return target == ErrConflict }

// AccountAction is something staff may do to an account.
type AccountAction string

// Account actions, decided by CanManage.
const (
	AcctView    AccountAction = "view"    // list accounts, read an account's admin page
	AcctApprove AccountAction = "approve" // approve or reject an account waiting for approval
	AcctInvite  AccountAction = "invite"  // create, list and revoke invitations
	AcctSuspend AccountAction = "suspend" // suspend and unsuspend
	AcctSetRole AccountAction = "role"    // change role and staff title
	AcctDelete  AccountAction = "delete"  // anonymize or delete with content
)

// rank orders roles for "may act on": a moderator may suspend members and
// staff, not other moderators or admins.
func (r Role) rank() int {
	switch r {
	case RoleStaff:
		return 1
	case RoleModerator:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// CanManage reports whether actor may perform act on target (nil for
// actions on no account in particular: listing, inviting). It is the
// account counterpart of Can, the one place these rules are written.
//
//	view, approve, invite   staff, moderators, admins
//	suspend                 moderators and admins, on accounts of a lower role; never oneself
//	role                    admins (the last admin cannot lose the role: the store checks)
//	delete                  admins, on anyone but admins and themselves
func CanManage(actor *User, act AccountAction, target *User) bool {
	if actor == nil {
		return false
	}
	self := target != nil && target.ID == actor.ID
	switch act {
	case AcctView, AcctApprove, AcctInvite:
		return actor.Role.IsStaff()
	case AcctSuspend:
		return actor.Role.CanModerate() && !self && (target == nil || target.Role.rank() < actor.Role.rank() || actor.Role == RoleAdmin)
	case AcctSetRole:
		return actor.Role == RoleAdmin
	case AcctDelete:
		return actor.Role == RoleAdmin && !self && (target == nil || target.Role != RoleAdmin)
	}
	return false
}

// manage checks CanManage and says why not.
func manage(actor *User, act AccountAction, target *User) error {
	if actor == nil {
		return ErrUnauthorized
	}
	if CanManage(actor, act, target) {
		return nil
	}
	switch {
	case !actor.Role.IsStaff():
		return Forbidden("only staff may manage accounts")
	case act == AcctSetRole:
		return Forbidden("only administrators may change roles")
	case act == AcctDelete && target != nil && target.ID == actor.ID:
		return Forbidden("delete your own account from your account page")
	case act == AcctDelete && target != nil && target.Role == RoleAdmin:
		return Forbidden("administrators cannot be deleted: change their role first")
	case act == AcctDelete:
		return Forbidden("only administrators may delete accounts")
	case act == AcctSuspend && target != nil && target.ID == actor.ID:
		return Forbidden("you cannot suspend yourself")
	case act == AcctSuspend && actor.Role.CanModerate():
		return Forbidden("moderators may suspend only members and staff")
	}
	return Forbidden("only moderators and administrators may do that")
}

// AdminUsers lists accounts for staff.
func (s *Service) AdminUsers(ctx context.Context, actor *User, q UserQuery) ([]User, int, error) {
	if err := manage(actor, AcctView, nil); err != nil {
		return nil, 0, err
	}
	switch q.Filter {
	case UsersAll, FilterNew, FilterStaff, FilterSuspended, FilterPending:
	default:
		return nil, 0, Invalid("filter", "must be one of new, staff, suspended, pending")
	}
	if utf8.RuneCountInString(q.Search) > 100 {
		return nil, 0, Invalid("q", "must be at most 100 characters")
	}
	if q.Offset < 0 {
		return nil, 0, Invalid("page", "must be 1 or more")
	}
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 50
	}
	q.Search = strings.ToLower(strings.TrimSpace(q.Search))
	q.Now = s.now()
	return s.store.ListUsers(ctx, q)
}

// AdminUserPage is an account as staff see it.
type AdminUserPage struct {
	User    *User
	Threads []Thread
	Replies []UserReply
	Audit   []AuditEntry // every action taken on the account, newest first
}

// AdminUser loads an account's admin page: the account, its recent
// threads and replies and every audited action on it.
func (s *Service) AdminUser(ctx context.Context, actor *User, username string) (*AdminUserPage, error) {
	if err := manage(actor, AcctView, nil); err != nil {
		return nil, err
	}
	u, err := s.store.UserByUsername(ctx, strings.ToLower(username))
	if err != nil {
		return nil, err
	}
	p := &AdminUserPage{User: u}
	lp, err := s.ListThreads(ctx, ListQuery{Scope: Scope{AuthorID: u.ID}, Sort: SortNewest, Desc: true, Limit: 10})
	if err != nil {
		return nil, err
	}
	p.Threads = lp.Threads
	if p.Replies, err = s.store.UserReplies(ctx, u.ID, 10); err != nil {
		return nil, err
	}
	if p.Audit, err = s.store.AuditLog(ctx, AuditFilter{TargetKind: "user", TargetID: u.ID, Limit: 200}); err != nil {
		return nil, err
	}
	return p, nil
}

// target loads the account an action is about.
func (s *Service) target(ctx context.Context, username string) (*User, error) {
	return s.store.UserByUsername(ctx, strings.ToLower(strings.TrimSpace(username)))
}

// userAudit builds the audit entry of an action on u.
func (s *Service) userAudit(actor *User, ip, action string, u *User, reason string, detail any) *AuditEntry {
	e := AuditActor(actor, ip)
	e.At, e.Action, e.TargetKind, e.TargetID, e.TargetLabel, e.Reason = s.now(), action, "user", u.ID, u.Username, reason
	if detail != nil {
		b, _ := json.Marshal(detail)
		e.Detail = string(b)
	}
	return &e
}

// accountShown is accountChanged for a change that pages show.
func (s *Service) accountShown(id int64) {
	s.emit(Event{Kind: EventAccountChanged, UserID: id, Pages: true})
}

// RoleInput changes an account's role and staff title. FromRole and
// FromTitle are what the actor saw; a change made meanwhile by someone
// else is refused with a StaleError instead of being overwritten. Empty
// From fields skip the check (scripts that mean "whatever it is now").
type RoleInput struct {
	Role      string
	Title     string
	FromRole  string
	FromTitle *string
	Reason    string
}

// SetRole changes an account's role and title (admins only).
func (s *Service) SetRole(ctx context.Context, actor *User, ip, username string, in RoleInput) (*User, error) {
	if err := manage(actor, AcctSetRole, nil); err != nil {
		return nil, err
	}
	return s.setRole(ctx, actor, ip, username, in)
}

// SetRoleByOperator is SetRole for the command line, run by whoever
// operates the server: no account acts, and the audit row's actor is
// "command line". The last admin is kept all the same.
func (s *Service) SetRoleByOperator(ctx context.Context, username string, in RoleInput) (*User, error) {
	return s.setRole(ctx, &User{Username: "command line"}, "", username, in)
}

func (s *Service) setRole(ctx context.Context, actor *User, ip, username string, in RoleInput) (*User, error) {
	v := &ValidationError{}
	role := Role(strings.TrimSpace(in.Role))
	if !role.Valid() {
		v.add("role", "must be member, moderator, staff or admin")
	}
	title := strings.Join(strings.Fields(in.Title), " ")
	if msg := badText(title, false); msg != "" {
		v.add("title", msg)
	} else if utf8.RuneCountInString(title) > 60 {
		v.add("title", "must be at most 60 characters")
	}
	if role == RoleMember && title != "" {
		v.add("title", "is only for staff: leave it empty for members")
	}
	if in.FromRole != "" && !Role(in.FromRole).Valid() {
		v.add("from_role", "must be member, moderator, staff or admin")
	}
	if err := checkReason(in.Reason); err != nil {
		v.add("reason", err.(*ValidationError).Fields["reason"])
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	u, err := s.target(ctx, username)
	if err != nil {
		return nil, err
	}
	if u.State == StateDeleted {
		return nil, Forbidden("this account was deleted")
	}
	ch := RoleChange{FromRole: u.Role, FromTitle: u.Title, Role: role, Title: title}
	if in.FromRole != "" {
		ch.FromRole = Role(in.FromRole)
	}
	if in.FromTitle != nil {
		ch.FromTitle = strings.Join(strings.Fields(*in.FromTitle), " ")
	}
	e := s.userAudit(actor, ip, "user.role", u, in.Reason, map[string]any{
		"old": map[string]string{"role": string(u.Role), "title": u.Title},
		"new": map[string]string{"role": string(role), "title": title}})
	if err := s.store.SetRole(ctx, u.ID, ch, e); err != nil {
		return nil, err
	}
	s.accountShown(u.ID)
	u.Role, u.Title = role, title
	return u, nil
}

// SuspendInput suspends an account until a time, or for ever when Until
// is zero.
type SuspendInput struct {
	Until  time.Time
	Reason string
}

// Suspend suspends an account: it cannot sign in until the date, and every
// session and API token it has is revoked in the same transaction. The
// reason is shown to the user when they try to sign in.
func (s *Service) Suspend(ctx context.Context, actor *User, ip, username string, in SuspendInput) (*User, error) {
	v := &ValidationError{}
	reason := strings.TrimSpace(in.Reason)
	if msg := badText(reason, true); msg != "" {
		v.add("reason", msg)
	}
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		v.add("reason", "is required: it is shown to the user")
	case n > 500:
		v.add("reason", fmt.Sprintf("must be at most 500 characters (it has %d)", n))
	}
	now := s.now()
	if !in.Until.IsZero() && !in.Until.After(now) {
		v.add("until", "must be in the future (or empty for a suspension without end)")
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	if actor == nil {
		return nil, ErrUnauthorized
	}
	u, err := s.target(ctx, username)
	if err != nil {
		return nil, err
	}
	if err := manage(actor, AcctSuspend, u); err != nil {
		return nil, err
	}
	switch u.State {
	case StatePending:
		return nil, Forbidden("this account is waiting for approval: reject it instead")
	case StateDeleted:
		return nil, Forbidden("this account was deleted")
	}
	detail := map[string]any{"until": "never"}
	if !in.Until.IsZero() {
		detail["until"] = in.Until.UTC().Format(time.RFC3339)
	}
	e := s.userAudit(actor, ip, "user.suspend", u, reason, detail)
	err = s.store.SetUserState(ctx, u.ID, StateChange{From: u.State, To: StateSuspended, Until: in.Until, Reason: reason, At: now}, e)
	if err != nil {
		return nil, err
	}
	s.accountChanged(u.ID)
	u.State, u.SuspendedUntil, u.SuspendReason = StateSuspended, in.Until, reason
	return u, nil
}

// checkReason validates the optional reason of an action.
func checkReason(reason string) error {
	if msg := badText(reason, true); msg != "" {
		return Invalid("reason", msg)
	}
	if n := utf8.RuneCountInString(reason); n > 500 {
		return Invalid("reason", fmt.Sprintf("must be at most 500 characters (it has %d)", n))
	}
	return nil
}

// Unsuspend lifts a suspension.
func (s *Service) Unsuspend(ctx context.Context, actor *User, ip, username, reason string) (*User, error) {
	if actor == nil {
		return nil, ErrUnauthorized
	}
	if err := checkReason(reason); err != nil {
		return nil, err
	}
	u, err := s.target(ctx, username)
	if err != nil {
		return nil, err
	}
	if err := manage(actor, AcctSuspend, u); err != nil {
		return nil, err
	}
	if u.State != StateSuspended {
		return nil, &StaleError{Field: "state", Current: string(u.StateAt(s.now()))}
	}
	e := s.userAudit(actor, ip, "user.unsuspend", u, reason, nil)
	if err := s.store.SetUserState(ctx, u.ID, StateChange{From: StateSuspended, To: StateActive, At: s.now()}, e); err != nil {
		return nil, err
	}
	s.accountChanged(u.ID)
	u.State, u.SuspendedUntil, u.SuspendReason = StateActive, time.Time{}, ""
	return u, nil
}

// Approve lets an account waiting for approval sign in.
func (s *Service) Approve(ctx context.Context, actor *User, ip, username string) (*User, error) {
	if err := manage(actor, AcctApprove, nil); err != nil {
		return nil, err
	}
	u, err := s.target(ctx, username)
	if err != nil {
		return nil, err
	}
	if u.State != StatePending {
		return nil, &StaleError{Field: "state", Current: string(u.StateAt(s.now()))}
	}
	e := s.userAudit(actor, ip, "user.approve", u, "", nil)
	if err := s.store.SetUserState(ctx, u.ID, StateChange{From: StatePending, To: StateActive, At: s.now()}, e); err != nil {
		return nil, err
	}
	s.accountChanged(u.ID)
	u.State = StateActive
	return u, nil
}

// Reject deletes an account waiting for approval.
func (s *Service) Reject(ctx context.Context, actor *User, ip, username, reason string) error {
	if err := manage(actor, AcctApprove, nil); err != nil {
		return err
	}
	if err := checkReason(reason); err != nil {
		return err
	}
	u, err := s.target(ctx, username)
	if err != nil {
		return err
	}
	if u.State != StatePending {
		return &StaleError{Field: "state", Current: string(u.StateAt(s.now()))}
	}
	if err := s.store.RejectUser(ctx, u.ID, s.userAudit(actor, ip, "user.reject", u, reason, nil)); err != nil {
		return err
	}
	s.accountChanged(u.ID)
	return nil
}

// Placeholder names of deleted accounts: the username is unique per
// account, the display name the same for all.
const DeletedDisplayName = "Deleted user"

func deletedUsername(id int64) string { return fmt.Sprintf("deleted-%d", id) }

// DeleteAccount deletes an account. Anonymizing (withContent false) keeps
// its posts under the placeholder name and erases its personal data;
// withContent also deletes its threads and replies: a thread goes when
// nobody else has a live reply in it, otherwise its opening post is
// withdrawn (its text erased, the thread and the others' replies kept).
func (s *Service) DeleteAccount(ctx context.Context, actor *User, ip, username string, withContent bool, reason string) error {
	if actor == nil {
		return ErrUnauthorized
	}
	u, err := s.target(ctx, username)
	if err != nil {
		return err
	}
	if err := manage(actor, AcctDelete, u); err != nil {
		return err
	}
	if err := checkReason(reason); err != nil {
		return err
	}
	if u.State == StateDeleted {
		return &StaleError{Field: "state", Current: string(StateDeleted)}
	}
	action := "user.anonymize"
	if withContent {
		action = "user.delete"
	}
	e := s.userAudit(actor, ip, action, u, reason, nil)
	if err := s.store.AnonymizeUser(ctx, u.ID, deletedUsername(u.ID), withContent, s.now(), e); err != nil {
		return err
	}
	s.accountShown(u.ID)
	return nil
}

// DeleteOwnAccount anonymizes the signed-in user's account after checking
// their password: the posts stay under the placeholder name, the personal
// data goes at once. (Deleting one's posts as well is done post by post,
// or by an administrator.)
func (s *Service) DeleteOwnAccount(ctx context.Context, u *User, ip, password string) error {
	if u == nil {
		return ErrUnauthorized
	}
	if password == "" {
		return Invalid("password", "is required to delete your account")
	}
	if err := s.charge(ctx, s.rates.SignInAccountAll, u.Username); err != nil {
		return err
	}
	ok, _, err := s.hasher.Verify(ctx, u.PasswordHash, password)
	if err != nil {
		return fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return Invalid("password", "is not your current password")
	}
	e := s.userAudit(u, ip, "user.anonymize", u, "deleted by its owner", nil)
	if err := s.store.AnonymizeUser(ctx, u.ID, deletedUsername(u.ID), false, s.now(), e); err != nil {
		return err
	}
	s.accountShown(u.ID)
	return nil
}

// MyData gathers everything the forum holds about the signed-in user,
// without secrets (password hash, session and token hashes).
func (s *Service) MyData(ctx context.Context, u *User) (*UserData, error) {
	if u == nil {
		return nil, ErrUnauthorized
	}
	d, err := s.store.UserData(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	d.User.PasswordHash = ""
	for i := range d.Sessions {
		d.Sessions[i].ID = ""
	}
	return d, nil
}

// SetDisplayName changes the signed-in user's display name, under the
// same rules as at sign-up (no staff look-alikes, no reserved names).
func (s *Service) SetDisplayName(ctx context.Context, u *User, name string) (*User, error) {
	if u == nil {
		return nil, ErrUnauthorized
	}
	v := &ValidationError{}
	name = cleanTitle(v, "display_name", strings.TrimSpace(name), 1, 60)
	if err := v.err(); err != nil {
		return nil, err
	}
	if !u.Role.IsStaff() {
		if err := s.checkImpersonation(ctx, u.ID, "", name); err != nil {
			return nil, err
		}
	}
	if err := s.store.SetDisplayName(ctx, u.ID, name); err != nil {
		return nil, err
	}
	s.accountShown(u.ID)
	out := *u
	out.DisplayName = name
	return &out, nil
}

// checkImpersonation refuses a member's username or display name that is
// reserved or looks like a staff member's username or display name (by
// Skeleton). selfID is left out of the comparison.
func (s *Service) checkImpersonation(ctx context.Context, selfID int64, username, display string) error {
	v := &ValidationError{}
	if username != "" && s.reservedName(username) {
		v.add("username", "is reserved")
	}
	if display != "" && s.reservedName(display) {
		v.add("display_name", "is reserved")
	}
	if err := v.err(); err != nil {
		return err
	}
	staff, _, err := s.store.ListUsers(ctx, UserQuery{Filter: FilterStaff, Limit: 1000, Now: s.now()})
	if err != nil {
		return err
	}
	us, ds := Skeleton(username), Skeleton(display)
	for _, st := range staff {
		if st.ID == selfID {
			continue
		}
		for _, theirs := range []string{Skeleton(st.Username), Skeleton(st.DisplayName)} {
			if theirs == "" {
				continue
			}
			if us != "" && us == theirs {
				v.add("username", "is too close to the name of a staff member")
			}
			if ds != "" && ds == theirs {
				v.add("display_name", "is too close to the name of a staff member")
			}
		}
	}
	return v.err()
}

// signInAllowed refuses accounts that may not sign in, saying why.
// Only someone who knows the password gets here, so the reason tells
// nobody else anything.
func (s *Service) signInAllowed(u *User) error {
	switch u.StateAt(s.now()) {
	case StatePending:
		return Forbidden("your account is waiting for approval by the forum's staff; you can sign in once it is approved")
	case StateSuspended:
		return Forbidden(SuspensionMessage(u))
	case StateDeleted:
		return ErrBadCredentials
	}
	return nil
}

// SuspensionMessage tells a suspended user how long and why.
func SuspensionMessage(u *User) string {
	when := "without an end date"
	if !u.SuspendedUntil.IsZero() {
		when = "until " + u.SuspendedUntil.UTC().Format("2 January 2006 15:04 UTC")
	}
	msg := "your account is suspended " + when
	if u.SuspendReason != "" {
		msg += ". Reason: " + u.SuspendReason
	}
	return msg
}

// InviteInput creates an invitation.
type InviteInput struct {
	Email string // optional: only this address may use it
	Days  int    // valid for this many days (1..90)
	Uses  int    // how many accounts it may create (1..1000)
	Note  string
}

// InviteSender sends an invitation by email. Until parley sends mail
// none is set and the link is only shown to copy; the job kind
// JobInviteEmail is reserved for sending it in the background.
type InviteSender interface {
	SendInvite(ctx context.Context, inv *Invite, code string) error
}

// JobInviteEmail is the background job kind that will send invitations.
const JobInviteEmail = "invite_email"

// SetInviteSender installs what sends invitation emails.
func (s *Service) SetInviteSender(is InviteSender) { s.invites = is }

// CreateInvite makes an invitation and returns its code, shown once; only
// its hash is stored.
func (s *Service) CreateInvite(ctx context.Context, actor *User, ip string, in InviteInput) (*Invite, string, error) {
	if err := manage(actor, AcctInvite, nil); err != nil {
		return nil, "", err
	}
	v := &ValidationError{}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if email != "" {
		if err := auth.ValidateEmail(email); err != nil {
			v.add("email", fieldMessage(err))
		}
	}
	if in.Days < 1 || in.Days > 90 {
		v.add("days", "must be between 1 and 90")
	}
	if in.Uses < 1 || in.Uses > 1000 {
		v.add("uses", "must be between 1 and 1000")
	}
	if email != "" && in.Uses != 1 {
		v.add("uses", "must be 1 for an invitation to one address")
	}
	note := strings.Join(strings.Fields(in.Note), " ")
	if msg := badText(note, false); msg != "" {
		v.add("note", msg)
	} else if utf8.RuneCountInString(note) > 200 {
		v.add("note", "must be at most 200 characters")
	}
	if err := v.err(); err != nil {
		return nil, "", err
	}
	plain, hash, err := auth.NewSecret("inv")
	if err != nil {
		return nil, "", err
	}
	now := s.now()
	inv := &Invite{Email: email, CreatedBy: actor.ID, CreatedAt: now, ExpiresAt: now.Add(time.Duration(in.Days) * 24 * time.Hour),
		MaxUses: in.Uses, Note: note}
	e := AuditActor(actor, ip)
	e.At, e.Action, e.TargetKind, e.TargetLabel = now, "invite.create", "invite", email
	b, _ := json.Marshal(map[string]any{"email": email, "days": in.Days, "uses": in.Uses})
	e.Detail = string(b)
	if err := s.store.CreateInvite(ctx, inv, hash, &e); err != nil {
		return nil, "", err
	}
	if s.invites != nil && email != "" {
		if err := s.invites.SendInvite(ctx, inv, plain); err != nil {
			s.log.Warn("send invitation", "invite_id", inv.ID, "err", err)
		}
	}
	return inv, plain, nil
}

// Invites lists invitations for staff.
func (s *Service) Invites(ctx context.Context, actor *User) ([]Invite, error) {
	if err := manage(actor, AcctInvite, nil); err != nil {
		return nil, err
	}
	return s.store.Invites(ctx, 200)
}

// RevokeInvite stops an invitation from being used.
func (s *Service) RevokeInvite(ctx context.Context, actor *User, ip string, id int64) error {
	if err := manage(actor, AcctInvite, nil); err != nil {
		return err
	}
	e := AuditActor(actor, ip)
	e.At, e.Action, e.TargetKind, e.TargetID = s.now(), "invite.revoke", "invite", id
	return s.store.RevokeInvite(ctx, id, &e)
}
