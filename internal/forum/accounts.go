package forum

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/parley-forum/parley/internal/auth"
)

// SignUpInput is the sign-up form.
type SignUpInput struct {
	Username    string
	Email       string
	Password    string
	DisplayName string
}

// SignUp creates a member account. Validation runs before the per-IP
// limit is charged.
func (s *Service) SignUp(ctx context.Context, cl Client, in SignUpInput) (*User, error) {
	u, err := s.newUser(ctx, in, RoleMember, "")
	if err != nil {
		return nil, err
	}
	if err := s.charge(ctx, s.rates.SignUpPerIP, cl.IP); err != nil {
		return nil, err
	}
	if err := s.insertUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// CreateUser creates an account of any role; used by the command line.
func (s *Service) CreateUser(ctx context.Context, in SignUpInput, role Role, title string) (*User, error) {
	if !role.Valid() {
		return nil, Invalid("role", "must be member, staff, moderator or admin")
	}
	u, err := s.newUser(ctx, in, role, title)
	if err != nil {
		return nil, err
	}
	if err := s.insertUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

func (s *Service) newUser(ctx context.Context, in SignUpInput, role Role, title string) (*User, error) {
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
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	return &User{Username: username, DisplayName: display, Email: email, PasswordHash: hash,
		Role: role, Title: title, CreatedAt: s.now()}, nil
}

func (s *Service) insertUser(ctx context.Context, u *User) error {
	err := s.store.CreateUser(ctx, u)
	if errors.Is(err, ErrConflict) {
		if _, e := s.store.UserByUsername(ctx, u.Username); e == nil {
			return Invalid("username", "is already taken")
		}
		return Invalid("email", "is already registered")
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
var ErrBadCredentials = errors.New("wrong username, email or password")

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
	if err := s.charge(ctx, s.rates.SignInPerIP, cl.IP); err != nil {
		return nil, "", err
	}
	if err := s.charge(ctx, s.rates.SignInPerAccount, login); err != nil {
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
	if rehash {
		if h, err := s.hasher.Hash(ctx, in.Password); err == nil {
			_ = s.store.SetPassword(ctx, u.ID, h)
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
	u, se, err := s.store.SessionUser(ctx, auth.HashSecret(cookie), s.now())
	if err != nil {
		return nil, nil, err
	}
	// Use is recorded in batches (UsageRecorder), so reads never write.
	if now := s.now(); now.Sub(se.LastSeen) > sessionUseStep {
		s.usage.session(se.ID, now)
	}
	return u, se, nil
}

// SignOut ends the session whose cookie value is given.
func (s *Service) SignOut(ctx context.Context, u *User, cookie string) error {
	err := s.store.DeleteSession(ctx, u.ID, auth.HashSecret(cookie))
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// ChangePassword replaces the password after checking the current one and
// signs out every other session.
func (s *Service) ChangePassword(ctx context.Context, u *User, currentSessionID, current, next string) error {
	v := &ValidationError{}
	if current == "" {
		v.add("current_password", "is required")
	}
	if err := auth.ValidatePassword(next); err != nil {
		v.add("new_password", fieldMessage(err))
	}
	if err := v.err(); err != nil {
		return err
	}
	ok, _, err := s.hasher.Verify(ctx, u.PasswordHash, current)
	if err != nil {
		return fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return Invalid("current_password", "is not your current password")
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	if err := s.store.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	return s.store.DeleteSessionsExcept(ctx, u.ID, currentSessionID)
}

// Sessions lists the user's sessions.
func (s *Service) Sessions(ctx context.Context, u *User) ([]Session, error) {
	return s.store.Sessions(ctx, u.ID)
}

// RevokeSession ends one of the user's sessions by its stored id.
func (s *Service) RevokeSession(ctx context.Context, u *User, id string) error {
	return s.store.DeleteSession(ctx, u.ID, id)
}

// CreateToken makes a personal API token and returns its secret once.
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
	return s.store.DeleteToken(ctx, u.ID, id)
}
