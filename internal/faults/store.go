package faults

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// ErrInjected is the error every injected fault returns; it wraps
// forum.ErrUnavailable, as a lost database connection does.
var ErrInjected = fmt.Errorf("injected fault: %w", forum.ErrUnavailable)

// Store is a forum.Store whose reads and writes can be made to fail.
type Store struct {
	forum.Store
	failReads      atomic.Bool
	failWrites     atomic.Bool
	readsAfterNext atomic.Bool
	writes         atomic.Int64 // writes that committed
}

// Wrap returns a Store that passes everything to st until told otherwise.
func Wrap(st forum.Store) *Store { return &Store{Store: st} }

// FailReadsAfterNextWrite makes every read fail from the moment the next
// write commits until Heal.
func (s *Store) FailReadsAfterNextWrite() { s.readsAfterNext.Store(true) }

// FailWrites makes every write fail (without writing) until Heal.
func (s *Store) FailWrites() { s.failWrites.Store(true) }

// Heal ends every injected fault.
func (s *Store) Heal() {
	s.failReads.Store(false)
	s.failWrites.Store(false)
	s.readsAfterNext.Store(false)
}

// Writes reports how many writes committed through the wrapper.
func (s *Store) Writes() int64 { return s.writes.Load() }

func (s *Store) read() error {
	if s.failReads.Load() {
		return ErrInjected
	}
	return nil
}

// write runs before a write: an error means the write must not run.
func (s *Store) write() error {
	if s.failWrites.Load() {
		return ErrInjected
	}
	return nil
}

// wrote records a write's outcome and arms failing reads if asked.
func (s *Store) wrote(err error) error {
	if err == nil {
		s.writes.Add(1)
		if s.readsAfterNext.CompareAndSwap(true, false) {
			s.failReads.Store(true)
		}
	}
	return err
}

// Reads.

func (s *Store) Thread(ctx context.Context, id int64) (*forum.Thread, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Thread(ctx, id)
}

func (s *Store) Post(ctx context.Context, id int64) (*forum.Post, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Post(ctx, id)
}

func (s *Store) Posts(ctx context.Context, threadID int64, from, to int) ([]forum.Post, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Posts(ctx, threadID, from, to)
}

func (s *Store) PostsByID(ctx context.Context, ids []int64) ([]forum.Post, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.PostsByID(ctx, ids)
}

func (s *Store) AnswerPosts(ctx context.Context, threadID int64) ([]forum.Post, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.AnswerPosts(ctx, threadID)
}

func (s *Store) ListThreads(ctx context.Context, q forum.ListQuery) ([]forum.Thread, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.ListThreads(ctx, q)
}

func (s *Store) SubtopicBySlug(ctx context.Context, slug string) (*forum.Subtopic, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.SubtopicBySlug(ctx, slug)
}

func (s *Store) TagByName(ctx context.Context, name string) (*forum.Tag, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.TagByName(ctx, name)
}

func (s *Store) Topics(ctx context.Context) ([]forum.Topic, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Topics(ctx)
}

func (s *Store) Tags(ctx context.Context) ([]forum.Tag, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Tags(ctx)
}

func (s *Store) UserByID(ctx context.Context, id int64) (*forum.User, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.UserByID(ctx, id)
}

func (s *Store) Tokens(ctx context.Context, userID int64) ([]forum.Token, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Tokens(ctx, userID)
}

func (s *Store) Sessions(ctx context.Context, userID int64) ([]forum.Session, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Sessions(ctx, userID)
}

func (s *Store) Revisions(ctx context.Context, postID int64) ([]forum.Revision, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Revisions(ctx, postID)
}

func (s *Store) RevisionRange(ctx context.Context, postID int64, from, to int) ([]forum.Revision, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.RevisionRange(ctx, postID, from, to)
}

// Writes.

func (s *Store) CreateThread(ctx context.Context, in forum.NewThreadRow) (int64, int64, error) {
	if err := s.write(); err != nil {
		return 0, 0, err
	}
	a, b, err := s.Store.CreateThread(ctx, in)
	return a, b, s.wrote(err)
}

func (s *Store) CreateReply(ctx context.Context, in forum.NewPostRow) (int64, error) {
	if err := s.write(); err != nil {
		return 0, err
	}
	id, err := s.Store.CreateReply(ctx, in)
	return id, s.wrote(err)
}

func (s *Store) CreateReplyCommitted(ctx context.Context, in forum.NewPostRow) (forum.Committed, error) {
	if err := s.write(); err != nil {
		return forum.Committed{}, err
	}
	c, err := s.Store.CreateReplyCommitted(ctx, in)
	return c, s.wrote(err)
}

func (s *Store) EditPost(ctx context.Context, in forum.EditPostRow) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.EditPost(ctx, in))
}

func (s *Store) EditPostCommitted(ctx context.Context, in forum.EditPostRow) (forum.Committed, error) {
	if err := s.write(); err != nil {
		return forum.Committed{}, err
	}
	c, err := s.Store.EditPostCommitted(ctx, in)
	return c, s.wrote(err)
}

func (s *Store) SetBoost(ctx context.Context, postID, userID int64, on bool, at time.Time) (int, error) {
	if err := s.write(); err != nil {
		return 0, err
	}
	n, err := s.Store.SetBoost(ctx, postID, userID, on, at)
	return n, s.wrote(err)
}

func (s *Store) SetAccepted(ctx context.Context, threadID, postID int64, at time.Time) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.SetAccepted(ctx, threadID, postID, at))
}

func (s *Store) SetRecommended(ctx context.Context, postID, byUserID int64, on bool, at time.Time) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.SetRecommended(ctx, postID, byUserID, on, at))
}

func (s *Store) CreateToken(ctx context.Context, t *forum.Token, hash string) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.CreateToken(ctx, t, hash))
}

func (s *Store) CreateTokenOnce(ctx context.Context, t *forum.Token, hash string, key *forum.OnceKey) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.CreateTokenOnce(ctx, t, hash, key))
}

func (s *Store) TouchSession(ctx context.Context, id string, at time.Time) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.TouchSession(ctx, id, at))
}

func (s *Store) TokenUser(ctx context.Context, hash string, at time.Time) (*forum.User, error) {
	// The old lookup also wrote the token's last use: it fails with writes.
	if err := s.write(); err != nil {
		return nil, err
	}
	return s.Store.TokenUser(ctx, hash, at)
}

func (s *Store) RecordUse(ctx context.Context, u forum.Usage) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.RecordUse(ctx, u))
}

func (s *Store) AddViews(ctx context.Context, counts map[int64]int64) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.AddViews(ctx, counts))
}

// Drafts.

func (s *Store) SaveDraft(ctx context.Context, d *forum.Draft, maxPerUser int) (*forum.Draft, bool, error) {
	if err := s.write(); err != nil {
		return nil, false, err
	}
	kept, saved, err := s.Store.SaveDraft(ctx, d, maxPerUser)
	return kept, saved, s.wrote(err)
}

func (s *Store) Draft(ctx context.Context, userID int64, key string) (*forum.Draft, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Draft(ctx, userID, key)
}

func (s *Store) Drafts(ctx context.Context, userID int64) ([]forum.Draft, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Drafts(ctx, userID)
}

func (s *Store) DeleteDraft(ctx context.Context, userID int64, key string) (bool, error) {
	if err := s.write(); err != nil {
		return false, err
	}
	found, err := s.Store.DeleteDraft(ctx, userID, key)
	return found, s.wrote(err)
}

// Site settings, setup and feed tokens.

func (s *Store) SiteSettings(ctx context.Context) ([]forum.StoredSetting, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.SiteSettings(ctx)
}

func (s *Store) SaveSiteSettings(ctx context.Context, changes []forum.SettingChange, audit []forum.AuditEntry) ([]forum.StoredSetting, error) {
	if err := s.write(); err != nil {
		return nil, err
	}
	out, err := s.Store.SaveSiteSettings(ctx, changes, audit)
	return out, s.wrote(err)
}

func (s *Store) AdminExists(ctx context.Context) (bool, error) {
	if err := s.read(); err != nil {
		return false, err
	}
	return s.Store.AdminExists(ctx)
}

func (s *Store) AddSetupCode(ctx context.Context, hash string, at time.Time) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.AddSetupCode(ctx, hash, at))
}

func (s *Store) CompleteSetup(ctx context.Context, codeHash string, admin *forum.User, changes []forum.SettingChange, audit []forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.CompleteSetup(ctx, codeHash, admin, changes, audit))
}

func (s *Store) SetFeedToken(ctx context.Context, userID int64, hash string, at time.Time) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.SetFeedToken(ctx, userID, hash, at))
}

func (s *Store) FeedTokenUser(ctx context.Context, hash string) (*forum.User, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.FeedTokenUser(ctx, hash)
}

func (s *Store) FeedTokenCreated(ctx context.Context, userID int64) (time.Time, error) {
	if err := s.read(); err != nil {
		return time.Time{}, err
	}
	return s.Store.FeedTokenCreated(ctx, userID)
}
