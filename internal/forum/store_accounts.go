package forum

import (
	"context"
	"time"
)

// AccountStore keeps users, sessions and API tokens.
type AccountStore interface {
	CreateUser(ctx context.Context, u *User) error
	UserByLogin(ctx context.Context, login string) (*User, error) // username or email
	SetPassword(ctx context.Context, userID int64, hash string) error
	CreateSession(ctx context.Context, s *Session) error
	SessionUser(ctx context.Context, id string, now time.Time) (*User, *Session, error)
	TouchSession(ctx context.Context, id string, at time.Time) error
	Sessions(ctx context.Context, userID int64) ([]Session, error)
	DeleteSession(ctx context.Context, userID int64, id string) error
	DeleteSessionsExcept(ctx context.Context, userID int64, keepID string) error
	CreateToken(ctx context.Context, t *Token, hash string) error
	TokenUser(ctx context.Context, hash string, at time.Time) (*User, error)
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	DeleteToken(ctx context.Context, userID, tokenID int64) error
	// DeleteTokens revokes every token of a user and reports how many.
	DeleteTokens(ctx context.Context, userID int64) (int, error)
}
