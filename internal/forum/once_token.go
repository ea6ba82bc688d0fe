package forum

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/parley-forum/parley/internal/auth"
)

// CreateTokenKeyed is CreateToken with an idempotency key. A repeat with
// the same key answers the same token and the same secret, although only
// the secret's hash is stored: with a key, the secret is derived from the
// key and a random nonce kept with the key's hash, so only the client
// that holds the key can have it shown again. Keys must therefore be
// unguessable (a random UUID), as the API document says.
func (s *Service) CreateTokenKeyed(ctx context.Context, u *User, name, key string) (*Token, string, bool, error) {
	if key == "" {
		t, plain, err := s.CreateToken(ctx, u, name)
		return t, plain, false, err
	}
	if prior, err := s.priorUse(ctx, u, routeToken, key); err != nil || prior != nil {
		if err != nil {
			return nil, "", false, err
		}
		return s.replayToken(ctx, u, key, prior)
	}
	v := &ValidationError{}
	name = cleanTitle(v, "name", name, 1, 60)
	if err := v.err(); err != nil {
		return nil, "", false, err
	}
	nonce := make([]byte, 32)
	if _, err := rand.Read(nonce); err != nil {
		return nil, "", false, fmt.Errorf("token nonce: %w", err)
	}
	once := s.onceKey(u, routeToken, key)
	once.Nonce = base64.RawURLEncoding.EncodeToString(nonce)
	plain := keyedSecret(key, once.Nonce)
	t := &Token{UserID: u.ID, Name: name, CreatedAt: msTime(s.now())}
	err := s.store.CreateTokenOnce(ctx, t, auth.HashSecret(plain), once)
	if errors.Is(err, ErrKeyUsed) {
		prior, err := s.replayAfterRace(ctx, u, routeToken, key)
		if err != nil {
			return nil, "", false, err
		}
		return s.replayToken(ctx, u, key, prior)
	}
	if err != nil {
		return nil, "", false, err
	}
	return t, plain, false, nil
}

func (s *Service) replayToken(ctx context.Context, u *User, key string, prior *OnceResult) (*Token, string, bool, error) {
	toks, err := s.store.Tokens(ctx, u.ID)
	if err != nil {
		return nil, "", false, err
	}
	for i := range toks {
		if toks[i].ID == prior.CreatedID {
			return &toks[i], keyedSecret(key, prior.Nonce), true, nil
		}
	}
	return nil, "", false, fmt.Errorf("token %d, created with this key, was revoked: %w", prior.CreatedID, ErrNotFound)
}

// keyedSecret derives a token's secret from the client's idempotency key
// and the stored nonce; it has the form auth.NewSecret gives.
func keyedSecret(key, nonce string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte("parley token\x00" + nonce))
	return "pat_" + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
