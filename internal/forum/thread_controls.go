package forum

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// EventThreadControl says staff changed a whole thread (pinned, locked,
// unlisted, moved or retagged it). Its Subtopic and Tags name every list
// the thread was or now is in; a move emits one for each subtopic.
const EventThreadControl EventKind = "control"

// Thread control actions.
const (
	ControlPin       = "pin"        // in its subtopic
	ControlPinGlobal = "pin-global" // in its subtopic, on the home page and /latest
	ControlUnpin     = "unpin"
	ControlLock      = "lock"
	ControlUnlock    = "unlock"
	ControlUnlist    = "unlist"
	ControlRelist    = "relist"
	ControlMove      = "move" // to Subtopic
	ControlTags      = "tags" // replace with Tags
)

// ThreadControl is one staff action on a thread.
type ThreadControl struct {
	Action   string
	Subtopic string   // ControlMove: the target subtopic's slug
	Tags     []string // ControlTags: the new tags (names or synonyms)
	Reason   string   // optional, kept in the audit log
}

// ControlThread applies one staff action to a thread: one transaction with
// its notice in the thread and its audit row, then an event so every
// node drops the thread's page and the lists it was or is in.
func (s *Service) ControlThread(ctx context.Context, actor *User, cl Client, threadID int64, c ThreadControl) (*Thread, error) {
	if actor == nil {
		return nil, ErrUnauthorized
	}
	act := ActThreadControl
	if c.Action == ControlUnlist || c.Action == ControlRelist {
		act = ActUnlist
	}
	if !CanDo(actor, act) {
		if act == ActUnlist {
			return nil, Forbidden("only moderators and administrators may unlist threads")
		}
		return nil, Forbidden("only staff may pin, lock, move or retag threads")
	}
	v := &ValidationError{}
	reason := strings.TrimSpace(c.Reason)
	if msg := badText(reason, false); msg != "" {
		v.add("reason", msg)
	} else if len(reason) > 500 {
		v.add("reason", "must be at most 500 characters")
	}
	t, err := s.store.Thread(ctx, threadID)
	if err != nil {
		return nil, err
	}
	before := *t
	n := &ThreadNotice{ThreadID: t.ID, Kind: c.Action, ActorID: actor.ID, ActorName: actor.Username, AfterPost: t.PostSeq, CreatedAt: s.now()}
	e := s.audit(actor, cl, "thread."+c.Action, "thread", t.ID, t.Title, "")
	e.Reason = reason
	switch c.Action {
	case ControlPin, ControlPinGlobal, ControlUnpin:
		scope, text := PinSubtopic, "Pinned"
		switch c.Action {
		case ControlPinGlobal:
			scope, text = PinGlobal, "Pinned globally"
		case ControlUnpin:
			scope, text = PinNone, "Unpinned"
		}
		if err := v.err(); err != nil {
			return nil, err
		}
		n.Text = text
		e.Detail = auditDetail(pinScope(t), scope)
		err = s.store.SetPin(ctx, t.ID, scope, n, e)
		t.Pinned, t.PinnedGlobal = scope != PinNone, scope == PinGlobal
	case ControlLock, ControlUnlock:
		if err := v.err(); err != nil {
			return nil, err
		}
		lock := c.Action == ControlLock
		n.Text = map[bool]string{true: "Locked", false: "Unlocked"}[lock]
		e.Detail = auditDetail(t.Locked, lock)
		err = s.store.SetLocked(ctx, t.ID, lock, n, e)
		t.Locked = lock
	case ControlUnlist, ControlRelist:
		if err := v.err(); err != nil {
			return nil, err
		}
		unlist := c.Action == ControlUnlist
		n.Text = map[bool]string{true: "Unlisted", false: "Listed again"}[unlist]
		e.Detail = auditDetail(t.Unlisted, unlist)
		err = s.store.SetUnlisted(ctx, t.ID, unlist, n, e)
		t.Unlisted = unlist
	case ControlMove:
		var to *Subtopic
		if strings.TrimSpace(c.Subtopic) == "" {
			v.add("subtopic", "is required")
		} else if found, ferr := s.store.SubtopicBySlug(ctx, strings.TrimSpace(c.Subtopic)); errors.Is(ferr, ErrNotFound) {
			v.add("subtopic", "does not exist")
		} else if ferr != nil {
			return nil, ferr
		} else if found.ID == t.Subtopic.ID {
			v.add("subtopic", "is where the thread already is")
		} else if msg := tagRuleProblem(found, t.Tags); msg != "" {
			v.add("subtopic", msg+": retag the thread before moving it")
		} else {
			to = found
		}
		if err := v.err(); err != nil {
			return nil, err
		}
		n.Text = "Moved from " + t.Subtopic.Title
		e.Detail = auditDetail(t.Subtopic.Slug, to.Slug)
		err = s.store.MoveThread(ctx, t.ID, to.ID, n, e)
		t.Subtopic = SubtopicRef{ID: to.ID, Slug: to.Slug, Title: to.Title}
	case ControlTags:
		ids, names, rerr := s.resolveTagNames(ctx, v, c.Tags)
		if rerr != nil {
			return nil, rerr
		}
		if _, bad := v.Fields["tags"]; !bad {
			// The thread's subtopic's tag rules hold for staff too.
			sub, serr := s.store.SubtopicByID(ctx, t.Subtopic.ID)
			if serr != nil {
				return nil, serr
			}
			if msg := tagRuleProblem(sub, names); msg != "" {
				v.add("tags", msg)
			}
		}
		if err := v.err(); err != nil {
			return nil, err
		}
		n.Text = tagsNotice(t.Tags, names)
		e.Detail = auditDetail(t.Tags, names)
		err = s.store.SetThreadTags(ctx, t.ID, ids, n, e)
		t.Tags = names
	default:
		return nil, Invalid("action", "must be one of pin, pin-global, unpin, lock, unlock, unlist, relist, move, tags")
	}
	if err != nil {
		return nil, err
	}
	ev := threadEvent(EventThreadControl, t, 0)
	ev.Tags = unionTags(before.Tags, t.Tags)
	s.emit(ev)
	if before.Subtopic.ID != t.Subtopic.ID {
		s.emit(threadEvent(EventThreadControl, &before, 0))
	}
	return t, nil
}

func pinScope(t *Thread) PinScope {
	switch {
	case t.PinnedGlobal:
		return PinGlobal
	case t.Pinned:
		return PinSubtopic
	}
	return PinNone
}

func unionTags(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, x := range b {
		if !contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func tagsNotice(old, new []string) string {
	var added, removed []string
	for _, n := range new {
		if !contains(old, n) {
			added = append(added, n)
		}
	}
	for _, o := range old {
		if !contains(new, o) {
			removed = append(removed, o)
		}
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "added "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		parts = append(parts, "removed "+strings.Join(removed, ", "))
	}
	if len(parts) == 0 {
		return "Tags unchanged"
	}
	return "Tags " + strings.Join(parts, "; ")
}

// resolveTagNames turns typed names (or synonyms; each value may hold
// several, separated by commas or spaces) into tag ids and main names,
// sorted by name, within the per-thread limit.
func (s *Service) resolveTagNames(ctx context.Context, v *ValidationError, raw []string) ([]int64, []string, error) {
	var typed []string
	for _, r := range raw {
		typed = append(typed, SplitTags(r)...)
	}
	unique := map[string]bool{}
	for _, name := range typed {
		unique[name] = true
	}
	if len(unique) > s.limits.MaxTags {
		v.add("tags", fmt.Sprintf("at most %d tags", s.limits.MaxTags))
		return nil, nil, nil
	}
	byName := map[string]int64{}
	var names []string
	for _, name := range typed {
		if badText(name, false) != "" {
			v.add("tags", "contains characters a tag cannot have")
			continue
		}
		t, err := s.store.ResolveTag(ctx, name)
		if errors.Is(err, ErrNotFound) {
			v.add("tags", fmt.Sprintf("unknown tag %q", name))
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if _, dup := byName[t.Name]; !dup {
			byName[t.Name] = t.ID
			names = append(names, t.Name)
		}
	}
	if len(names) > s.limits.MaxTags {
		v.add("tags", fmt.Sprintf("at most %d tags", s.limits.MaxTags))
	}
	sort.Strings(names)
	ids := make([]int64, len(names))
	for i, n := range names {
		ids[i] = byName[n]
	}
	return ids, names, nil
}

// checkSubtopicRules applies a subtopic's own rules to a new thread: not
// archived, staff only, a required tag, an allowed list.
func checkSubtopicRules(v *ValidationError, actor *User, sub *Subtopic, tags []string) error {
	if sub.Archived || sub.TopicArchived {
		return Forbidden(fmt.Sprintf("%s is archived: its threads can be read but no new ones started", sub.Title))
	}
	if sub.StaffOnly && !CanDo(actor, ActPostStaffOnly) {
		return Forbidden(fmt.Sprintf("only staff may start threads in %s", sub.Title))
	}
	if msg := tagRuleProblem(sub, tags); msg != "" {
		v.add("tags", msg)
	}
	return nil
}

// tagRuleProblem is the first of a subtopic's tag rules (a required tag,
// an allowed list) that a thread with these tags breaks, "" for none.
// New threads, moved threads and retagged threads are held to them alike.
func tagRuleProblem(sub *Subtopic, tags []string) string {
	if sub.RequireTag && len(tags) == 0 {
		return fmt.Sprintf("%s needs at least one tag", sub.Title)
	}
	if len(sub.AllowedTags) > 0 {
		for _, t := range tags {
			if !contains(sub.AllowedTags, t) {
				return fmt.Sprintf("%q is not used in %s (allowed: %s)", t, sub.Title, strings.Join(sub.AllowedTags, ", "))
			}
		}
	}
	return ""
}

// ThreadNotices lists a thread's staff notices, oldest first.
func (s *Service) ThreadNotices(ctx context.Context, threadID int64) ([]ThreadNotice, error) {
	return s.store.ThreadNotices(ctx, threadID)
}

// GlobalPins lists the threads pinned on the home page and /latest.
func (s *Service) GlobalPins(ctx context.Context) ([]Thread, error) {
	return s.store.GlobalPins(ctx)
}
