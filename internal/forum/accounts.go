package forum

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parley-forum/parley/internal/auth"
)

// SignUpInput is the sign-up form.
type SignUpInput struct {
	Username    string
	Email       string
	Password    string
	DisplayName string
	// InviteCode is the code of an invitation link: needed when the forum
	// is invite only, and it skips approval when accounts need one.
	InviteCode string
	// Pending, for CreateUser only, makes an account that waits for
	// staff approval (the command line's --pending).
	Pending bool
}

// SignUp creates a member account. Everything cheap comes before the
// password is hashed: the fields are validated, the signup-ip limit is
// charged, and a taken username is reported (usernames are public). A
// flood of refused sign-ups therefore costs no hashing, and sign-ups hash
// on their own lane of the hasher, so they never delay signing in.
//
// SignUp never says whether the email address already had an account: it
// returns only an error, and for a registered address it returns nil
// without creating anything, after spending the time a new account would.
// The caller answers both the same way ("sign in to continue"); it opens
// no session, since that would tell the two apart. Once parley sends mail,
// this is where the owner of the address is told that someone tried to
// sign up with it (and where a new account is asked to confirm it).
//
// The registration mode (Policy) decides who may sign up: anyone, anyone
// but the account waits for staff approval (StatePending), only with an
// invitation code, or nobody. A valid invitation is used up in the
// transaction that creates the account. Members cannot take reserved names
// or look-alikes of staff members' names (checkImpersonation).
func (s *Service) SignUp(ctx context.Context, cl Client, in SignUpInput) error {
	pol := s.Policy()
	if pol.Registration == RegistrationClosed {
		return &ForbiddenError{Reason: "This forum is not taking new accounts."} // as checkSignUpPolicy says it
	}
	code := strings.TrimSpace(in.InviteCode)
	u, err := s.checkUser(in, RoleMember, "")
	if pol.Registration == RegistrationInvite && code == "" {
		var v *ValidationError
		if !errors.As(err, &v) {
			v = &ValidationError{}
		}
		v.add("invite", "is required: this forum is invite only")
		return v
	}
	if len(code) > 200 {
		return Invalid("invite", "is not a valid invitation code")
	}
	if err != nil {
		return err
	}
	if err := s.checkSignUpPolicy(u.Email); err != nil {
		return err
	}
	if err := s.charge(ctx, s.rules().SignUpPerIP, cl.key()); err != nil {
		return err
	}
	if err := s.checkImpersonation(ctx, 0, u.Username, u.DisplayName); err != nil {
		return err
	}
	if code != "" {
		inv, err := s.store.InviteByCode(ctx, auth.HashSecret(code))
		if errors.Is(err, ErrNotFound) || (err == nil && (!inv.Usable(s.now()) || (inv.Email != "" && inv.Email != u.Email))) {
			return Invalid("invite", "is not valid: it may have expired, been used up or been meant for another address")
		} else if err != nil {
			return err
		}
	} else if pol.Registration == RegistrationApproval {
		u.State = StatePending
	}
	if _, err := s.store.UserByUsername(ctx, u.Username); err == nil {
		return Invalid("username", "is already taken")
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	hasher := s.hasher.SignUp()
	if owner, err := s.store.UserByLogin(ctx, u.Email); err == nil {
		return s.signUpTaken(ctx, hasher, owner, in.Password)
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	if u.PasswordHash, err = hasher.Hash(ctx, in.Password); err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	if code != "" {
		err = s.insertInvited(ctx, u, code)
	} else {
		err = s.insertUser(ctx, u)
	}
	if errors.Is(err, errEmailTaken) {
		return nil // registered meanwhile: answered as above, the hash already spent
	}
	return err
}

// signUpTaken answers a sign-up for a registered address like a new
// account: the same hashing time, no error.
func (s *Service) signUpTaken(ctx context.Context, hasher *auth.Hasher, owner *User, password string) error {
	if err := hasher.Burn(ctx, password); err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	s.log.Info("sign-up with a registered email address; nothing created", "user_id", owner.ID)
	return nil
}

// CreateUser creates an account of any role; used by the command line.
func (s *Service) CreateUser(ctx context.Context, in SignUpInput, role Role, title string) (*User, error) {
	if !role.Valid() {
		return nil, Invalid("role", "must be member, staff, moderator or admin")
	}
	u, err := s.checkUser(in, role, title)
	if err != nil {
		return nil, err
	}
	if in.Pending {
		u.State = StatePending
	}
	if u.PasswordHash, err = s.hasher.SignUp().Hash(ctx, in.Password); err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	if err := s.insertUser(ctx, u); errors.Is(err, errEmailTaken) {
		return nil, Invalid("email", "is already registered")
	} else if err != nil {
		return nil, err
	}
	return u, nil
}

// checkUser validates a new account's fields; the password is not hashed
// yet.
func (s *Service) checkUser(in SignUpInput, role Role, title string) (*User, error) {
	v := &ValidationError{}
	username := strings.ToLower(strings.TrimSpace(in.Username))
	if err := auth.ValidateUsername(username); err != nil {
		v.add("username", fieldMessage(err))
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if err := auth.ValidateEmail(email); err != nil {
		v.add("email", fieldMessage(err))
	}
	if err := auth.ValidatePassword(in.Password); err != nil {
		v.add("password", fieldMessage(err))
	}
	display := strings.TrimSpace(in.DisplayName)
	if display == "" {
		display = username
	}
	display = cleanTitle(v, "display_name", display, 1, 60)
	if utf8.RuneCountInString(title) > 60 {
		v.add("title", "must be at most 60 characters")
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	return &User{Username: username, DisplayName: display, Email: email,
		Role: role, Title: title, CreatedAt: s.now(), State: StateActive}, nil
}

// errEmailTaken is insertUser's answer when the address is registered;
// each caller decides what to tell the user.
var errEmailTaken = errors.New("email address already registered")

func (s *Service) insertUser(ctx context.Context, u *User) error {
	err := s.store.CreateUser(ctx, u)
	if errors.Is(err, ErrConflict) {
		if _, e := s.store.UserByUsername(ctx, u.Username); e == nil {
			return Invalid("username", "is already taken")
		}
		return errEmailTaken
	}
	return err
}

// insertInvited is insertUser for a sign-up with an invitation.
func (s *Service) insertInvited(ctx context.Context, u *User, code string) error {
	err := s.store.CreateInvitedUser(ctx, u, auth.HashSecret(code), s.now())
	switch {
	case errors.Is(err, ErrInviteInvalid):
		return Invalid("invite", "is not valid: it may have expired, been used up or been meant for another address")
	case errors.Is(err, ErrConflict):
		if _, e := s.store.UserByUsername(ctx, u.Username); e == nil {
			return Invalid("username", "is already taken")
		}
		return errEmailTaken
	}
	return err
}

// fieldMessage turns a validator's error into the message shown next to
// the field.
func fieldMessage(err error) string {
	var fe *auth.FieldError
	if errors.As(err, &fe) {
		return fe.Message
	}
	return err.Error()
}

// SignInInput is the sign-in form.
type SignInInput struct {
	Login     string // username or email
	Password  string
	UserAgent string
}

// ErrBadCredentials is returned for an unknown login or wrong password,
// never saying which.
var ErrBadCredentials = errors.New("Wrong username, email or password.")

// SignIn checks credentials and opens a session. It returns the session's
// secret cookie value; only its hash is stored.
func (s *Service) SignIn(ctx context.Context, cl Client, in SignInInput) (*User, string, error) {
	login := strings.ToLower(strings.TrimSpace(in.Login))
	v := &ValidationError{}
	if login == "" {
		v.add("login", "is required")
	}
	if in.Password == "" {
		v.add("password", "is required")
	}
	if err := v.err(); err != nil {
		return nil, "", err
	}
	// Three limits, all before any hashing. The per-account rule is keyed
	// by account and client network, so someone guessing from elsewhere
	// exhausts only their own attempts and cannot lock the owner out; the
	// account-wide ceiling, far higher, bounds guessing spread over many
	// networks.
	if err := s.charge(ctx, s.rules().SignInPerIP, cl.key()); err != nil {
		return nil, "", err
	}
	if err := s.charge(ctx, s.rules().SignInPerAccount, login+"|"+cl.key()); err != nil {
		return nil, "", err
	}
	if err := s.charge(ctx, s.rules().SignInAccountAll, login); err != nil {
		return nil, "", err
	}
	u, err := s.store.UserByLogin(ctx, login)
	if errors.Is(err, ErrNotFound) || (err == nil && u.PasswordHash == "") {
		// Spend the same time as a real check so unknown logins are not
		// distinguishable by timing.
		_ = s.hasher.Burn(ctx, in.Password)
		return nil, "", ErrBadCredentials
	}
	if err != nil {
		return nil, "", err
	}
	ok, rehash, err := s.hasher.Verify(ctx, u.PasswordHash, in.Password)
	if err != nil {
		return nil, "", fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return nil, "", ErrBadCredentials
	}
	if err := s.signInAllowed(u); err != nil {
		return nil, "", err
	}
	if rehash {
		// Upgrading an old hash is a convenience: sign-in goes on if it
		// fails, and the next sign-in tries again.
		h, err := s.hasher.Hash(ctx, in.Password)
		if err == nil {
			err = s.store.SetPassword(ctx, u.ID, h)
		}
		if err != nil {
			s.log.Warn("upgrade password hash", "user_id", u.ID, "err", err)
		}
	}
	secret, err := s.OpenSession(ctx, u, in.UserAgent, cl.IP)
	return u, secret, err
}

// OpenSession creates a session for u and returns its cookie value.
func (s *Service) OpenSession(ctx context.Context, u *User, userAgent, ip string) (string, error) {
	plain, hash, err := auth.NewSecret("ses")
	if err != nil {
		return "", err
	}
	now := s.now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	se := &Session{ID: hash, UserID: u.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(s.sessionTTL),
		UserAgent: strings.ToValidUTF8(userAgent, ""), IP: ip}
	if err := s.store.CreateSession(ctx, se); err != nil {
		return "", err
	}
	return plain, nil
}

// SessionUser resolves a session cookie value to its user and session.
func (s *Service) SessionUser(ctx context.Context, cookie string) (*User, *Session, error) {
	if cookie == "" || len(cookie) > 200 {
		return nil, nil, ErrNotFound
	}
	id, now := auth.HashSecret(cookie), s.now()
	u, se, gen, ok := s.sessions.get(id, now)
	if !ok {
		var err error
		if u, se, err = s.store.SessionUser(ctx, id, now); err != nil {
			return nil, nil, err
		}
		s.sessions.put(gen, u, se, now)
	}
	if u.StateAt(s.now()) != StateActive {
		// Suspension deletes sessions; this holds even for one made in
		// the moment between (the store also refuses such accounts).
		return nil, nil, ErrNotFound
	}
	// Use is recorded in batches (UsageRecorder), so reads never write.
	if now.Sub(se.LastSeen) > sessionUseStep {
		s.usage.session(se.ID, now)
		s.sessions.seen(se.ID, now)
	}
	return u, se, nil
}

// SignOut ends the session whose cookie value is given.
func (s *Service) SignOut(ctx context.Context, u *User, cookie string) error {
	err := s.store.DeleteSession(ctx, u.ID, auth.HashSecret(cookie))
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err == nil {
		s.accountChanged(u.ID)
	}
	return err
}

// PasswordInput is the change-password form.
type PasswordInput struct {
	Current string
	Next    string
	// KeepTokens leaves the account's API tokens working. The default
	// revokes them: a password is usually changed because it leaked, and a
	// token made with it would outlive the change.
	KeepTokens bool
}

// ChangePassword replaces the password after checking the current one,
// signs out every other session and, unless in.KeepTokens, revokes every
// API token.
func (s *Service) ChangePassword(ctx context.Context, u *User, currentSessionID string, in PasswordInput) error {
	v := &ValidationError{}
	if in.Current == "" {
		v.add("current_password", "is required")
	}
	if err := auth.ValidatePassword(in.Next); err != nil {
		v.add("new_password", fieldMessage(err))
	}
	if err := v.err(); err != nil {
		return err
	}
	// Checking the current password is a guess like a sign-in: it counts
	// toward the account-wide ceiling, so a stolen session cannot try
	// passwords at hashing speed.
	if err := s.charge(ctx, s.rules().SignInAccountAll, u.Username); err != nil {
		return err
	}
	ok, _, err := s.hasher.Verify(ctx, u.PasswordHash, in.Current)
	if err != nil {
		return fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return Invalid("current_password", "is not your current password")
	}
	hash, err := s.hasher.Hash(ctx, in.Next)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	if err := s.store.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	// The new password is in: whatever fails below, the account changed.
	defer s.accountChanged(u.ID)
	if err := s.store.DeleteSessionsExcept(ctx, u.ID, currentSessionID); err != nil {
		return err
	}
	if !in.KeepTokens {
		if _, err := s.store.DeleteTokens(ctx, u.ID); err != nil {
			return err
		}
	}
	return nil
}

// Sessions lists the user's sessions.
func (s *Service) Sessions(ctx context.Context, u *User) ([]Session, error) {
	return s.store.Sessions(ctx, u.ID)
}

// RevokeSession ends one of the user's sessions by its stored id.
func (s *Service) RevokeSession(ctx context.Context, u *User, id string) error {
	if err := s.store.DeleteSession(ctx, u.ID, id); err != nil {
		return err
	}
	s.accountChanged(u.ID)
	return nil
}

// ReauthWindow is how recently a browser session must have signed in to
// create an API token without typing the password again.
const ReauthWindow = 10 * time.Minute

// TokenInput asks for a new API token from the web or the API.
type TokenInput struct {
	Name string
	// CurrentPassword re-authenticates the request. It is needed unless
	// Session signed in within ReauthWindow; a Bearer-token request has no
	// session and always needs it, so a stolen token cannot mint others.
	CurrentPassword string
	Session         *Session
	// Key is the request's idempotency key; empty for none.
	Key string
}

// RequestToken creates an API token for a signed-in request after the
// token-user limit and a recent re-authentication: a session that signed
// in within ReauthWindow, or the current password.
func (s *Service) RequestToken(ctx context.Context, u *User, in TokenInput) (*Token, string, bool, error) {
	// A repeat of a request that already made its token answers with it
	// before limits and re-authentication: it costs nothing new.
	if prior, err := s.priorUse(ctx, u, routeToken, in.Key); err != nil || prior != nil {
		if err != nil {
			return nil, "", false, err
		}
		return s.replayToken(ctx, u, in.Key, prior)
	}
	v := &ValidationError{}
	cleanTitle(v, "name", in.Name, 1, 60)
	if err := v.err(); err != nil {
		return nil, "", false, err
	}
	if err := s.charge(ctx, s.rules().TokenPerUser, fmt.Sprint(u.ID)); err != nil {
		return nil, "", false, err
	}
	recent := in.Session != nil && s.now().Sub(in.Session.CreatedAt) <= ReauthWindow
	if !recent {
		if in.CurrentPassword == "" {
			return nil, "", false, Forbidden(fmt.Sprintf("creating a token needs your current password (current_password) unless you signed in within the last %d minutes",
				int(ReauthWindow/time.Minute)))
		}
		ok, _, err := s.hasher.Verify(ctx, u.PasswordHash, in.CurrentPassword)
		if err != nil {
			return nil, "", false, fmt.Errorf("verify password: %w", err)
		}
		if !ok {
			return nil, "", false, Invalid("current_password", "is not your current password")
		}
	}
	return s.CreateTokenKeyed(ctx, u, in.Name, in.Key)
}

// CreateToken makes a personal API token and returns its secret once. It
// checks no limit and no re-authentication: it is for the command line and
// fixtures; requests go through RequestToken.
func (s *Service) CreateToken(ctx context.Context, u *User, name string) (*Token, string, error) {
	v := &ValidationError{}
	name = cleanTitle(v, "name", name, 1, 60)
	if err := v.err(); err != nil {
		return nil, "", err
	}
	plain, hash, err := auth.NewSecret("pat")
	if err != nil {
		return nil, "", err
	}
	t := &Token{UserID: u.ID, Name: name, CreatedAt: s.now()}
	if err := s.store.CreateToken(ctx, t, hash); err != nil {
		return nil, "", err
	}
	return t, plain, nil
}

// TokenUser resolves a bearer token to its user.
func (s *Service) TokenUser(ctx context.Context, token string) (*User, error) {
	if token == "" || len(token) > 200 {
		return nil, ErrNotFound
	}
	u, t, err := s.store.TokenLookup(ctx, auth.HashSecret(token))
	if err != nil {
		return nil, err
	}
	if u.StateAt(s.now()) != StateActive {
		return nil, ErrNotFound
	}
	if now := s.now(); now.Sub(t.LastUsed) >= tokenUseStep {
		s.usage.token(t.ID, now)
	}
	return u, nil
}

// Tokens lists the user's tokens.
func (s *Service) Tokens(ctx context.Context, u *User) ([]Token, error) {
	return s.store.Tokens(ctx, u.ID)
}

// RevokeToken deletes one of the user's tokens.
func (s *Service) RevokeToken(ctx context.Context, u *User, id int64) error {
	if err := s.store.DeleteToken(ctx, u.ID, id); err != nil {
		return err
	}
	s.accountChanged(u.ID)
	return nil
}
