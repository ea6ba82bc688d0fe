package forum_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/auth"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// countingStore counts session reads, and can hold one in the middle.
type countingStore struct {
	forum.ServiceStore
	reads atomic.Int64
	hold  func() // called after the database answered, before returning
}

func (c *countingStore) SessionUser(ctx context.Context, id string, now time.Time) (*forum.User, *forum.Session, error) {
	c.reads.Add(1)
	u, se, err := c.ServiceStore.SessionUser(ctx, id, now)
	if c.hold != nil {
		c.hold()
	}
	return u, se, err
}

type sessionFixture struct {
	st     *countingStore
	svc    *forum.Service
	clock  *fakeClock
	alice  *forum.User
	events []forum.Event
	mu     sync.Mutex
}

func (f *sessionFixture) accountEvents() []int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []int64
	for _, e := range f.events {
		if e.Kind == forum.EventAccountChanged {
			ids = append(ids, e.UserID)
		}
	}
	return ids
}

// forEngine runs a session-cache test on SQLite and on PostgreSQL.
func forEngine(t *testing.T, test func(t *testing.T, f *sessionFixture)) {
	for _, engine := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteURL}, {"postgres", storetest.PostgresURL}} {
		t.Run(engine.name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, engine.url(t), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			f := &sessionFixture{st: &countingStore{ServiceStore: st}, clock: &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}}
			f.svc = forum.NewService(forum.Config{Store: f.st, Now: f.clock.Now, Hasher: auth.NewHasher(auth.TestParams, 2)})
			f.svc.Subscribe(func(e forum.Event) { f.mu.Lock(); f.events = append(f.events, e); f.mu.Unlock() })
			if f.alice, err = f.svc.CreateUser(ctx, forum.SignUpInput{Username: "alice", Email: "alice@example.com", Password: "a long enough password"}, forum.RoleMember, ""); err != nil {
				t.Fatal(err)
			}
			test(t, f)
		})
	}
}

func (f *sessionFixture) open(t *testing.T) string {
	t.Helper()
	c, err := f.svc.OpenSession(context.Background(), f.alice, "test", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSessionLookupsAreCached checks that repeated lookups of a session
// read the database once per SessionCacheTTL, and that the cache never
// outlives the session.
func TestSessionLookupsAreCached(t *testing.T) {
	forEngine(t, func(t *testing.T, f *sessionFixture) {
		ctx := context.Background()
		cookie := f.open(t)
		for range 20 {
			u, se, err := f.svc.SessionUser(ctx, cookie)
			if err != nil || u.ID != f.alice.ID || se.UserID != f.alice.ID {
				t.Fatalf("lookup: %v, %v, %v", u, se, err)
			}
		}
		if n := f.st.reads.Load(); n != 1 {
			t.Fatalf("20 lookups read the database %d times, want 1", n)
		}
		// A handler changing what it was given does not change the cache.
		u, _, _ := f.svc.SessionUser(ctx, cookie)
		u.DisplayName = "changed"
		if again, _, _ := f.svc.SessionUser(ctx, cookie); again.DisplayName == "changed" {
			t.Fatal("lookups share one User value")
		}
		f.clock.Add(forum.SessionCacheTTL)
		if _, _, err := f.svc.SessionUser(ctx, cookie); err != nil {
			t.Fatal(err)
		}
		if n := f.st.reads.Load(); n != 2 {
			t.Fatalf("after the TTL: %d reads, want 2", n)
		}
		if _, _, err := f.svc.SessionUser(ctx, "ses_unknown"); !errors.Is(err, forum.ErrNotFound) {
			t.Fatalf("unknown cookie: %v", err)
		}
		// Past the session's expiry the cache does not answer for it.
		f.clock.Add(31 * 24 * time.Hour)
		if _, _, err := f.svc.SessionUser(ctx, cookie); !errors.Is(err, forum.ErrNotFound) {
			t.Fatalf("expired session: %v, want not found", err)
		}
	})
}

// TestRevocationsDropCachedSessions checks every write that revokes a
// session or token: the next lookup on this node reads the database (and
// so refuses a revoked cookie), and an EventAccountChanged naming the user
// is emitted for the other nodes.
func TestRevocationsDropCachedSessions(t *testing.T) {
	forEngine(t, func(t *testing.T, f *sessionFixture) {
		ctx := context.Background()
		// Sign-out: the cookie stops working at once.
		cookie := f.open(t)
		if _, _, err := f.svc.SessionUser(ctx, cookie); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SignOut(ctx, f.alice, cookie); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.SessionUser(ctx, cookie); !errors.Is(err, forum.ErrNotFound) {
			t.Fatalf("signed-out cookie: %v, want not found", err)
		}
		// Revoking a session from the account page.
		other, mine := f.open(t), f.open(t)
		_, se, err := f.svc.SessionUser(ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RevokeSession(ctx, f.alice, se.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.SessionUser(ctx, other); !errors.Is(err, forum.ErrNotFound) {
			t.Fatalf("revoked session: %v, want not found", err)
		}
		// A password change ends every other session.
		_, cur, err := f.svc.SessionUser(ctx, mine)
		if err != nil {
			t.Fatal(err)
		}
		third := f.open(t)
		if _, _, err := f.svc.SessionUser(ctx, third); err != nil {
			t.Fatal(err)
		}
		u, _, _ := f.svc.SessionUser(ctx, mine)
		if err := f.svc.ChangePassword(ctx, u, cur.ID, forum.PasswordInput{Current: "a long enough password", Next: "another long password"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.SessionUser(ctx, third); !errors.Is(err, forum.ErrNotFound) {
			t.Fatalf("session after a password change: %v, want not found", err)
		}
		if _, _, err := f.svc.SessionUser(ctx, mine); err != nil {
			t.Fatalf("the session that changed the password: %v", err)
		}
		// Revoking a token.
		tok, _, err := f.svc.CreateToken(ctx, f.alice, "ci")
		if err != nil {
			t.Fatal(err)
		}
		before := f.st.reads.Load()
		if err := f.svc.RevokeToken(ctx, f.alice, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.SessionUser(ctx, mine); err != nil {
			t.Fatal(err)
		}
		if f.st.reads.Load() != before+1 {
			t.Fatal("a token revocation left the user's sessions cached")
		}
		want := []int64{f.alice.ID, f.alice.ID, f.alice.ID, f.alice.ID}
		if got := f.accountEvents(); len(got) != len(want) {
			t.Fatalf("account events %v, want %v (sign-out, revoke, password, token)", got, want)
		}
		// Another node's event arrives as ForgetAccount.
		before = f.st.reads.Load()
		f.svc.ForgetAccount(f.alice.ID)
		if _, _, err := f.svc.SessionUser(ctx, mine); err != nil {
			t.Fatal(err)
		}
		f.svc.ForgetAllAccounts()
		if _, _, err := f.svc.SessionUser(ctx, mine); err != nil {
			t.Fatal(err)
		}
		if f.st.reads.Load() != before+2 {
			t.Fatal("ForgetAccount or ForgetAllAccounts left the session cached")
		}
	})
}

// TestLookupDuringRevocationIsNotCached checks the race: a lookup that
// read the session just before it was revoked must not put it back into
// the cache after the revocation dropped it.
func TestLookupDuringRevocationIsNotCached(t *testing.T) {
	forEngine(t, func(t *testing.T, f *sessionFixture) {
		ctx := context.Background()
		cookie := f.open(t)
		read, release := make(chan struct{}), make(chan struct{})
		var once sync.Once
		f.st.hold = func() { once.Do(func() { close(read); <-release }) }
		done := make(chan error)
		go func() {
			_, _, err := f.svc.SessionUser(ctx, cookie)
			done <- err
		}()
		<-read // the lookup has the session from the database
		f.st.hold = nil
		if err := f.svc.SignOut(ctx, f.alice, cookie); err != nil {
			t.Fatal(err)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatalf("the lookup before the sign-out: %v", err)
		}
		if _, _, err := f.svc.SessionUser(ctx, cookie); !errors.Is(err, forum.ErrNotFound) {
			t.Fatalf("after the sign-out: %v, want not found (a stale lookup was cached)", err)
		}
	})
}
