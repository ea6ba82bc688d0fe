package app

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/live"
)

// threadPayload is the data of an event on a thread's stream. It carries
// the thread's subtopic and tags so every node can drop the cached lists
// the change touches; Count is a post's boost count after a boost.
type threadPayload struct {
	Kind     forum.EventKind `json:"kind"`
	ThreadID int64           `json:"thread_id"`
	PostID   int64           `json:"post_id,omitempty"`
	Count    *int            `json:"count,omitempty"`
	Subtopic string          `json:"subtopic,omitempty"`
	Tags     []string        `json:"tags,omitempty"`
	// Node is the publishing node, so it can skip invalidating its page
	// cache a second time when it hears its own event.
	Node string `json:"node,omitempty"`
}

// listPayload is the data of an event on a list's stream: which thread
// is new ("thread") or moved up by a reply ("reply").
type listPayload struct {
	Kind     forum.EventKind `json:"kind"`
	ThreadID int64           `json:"thread_id"`
}

// siteEventOf reports whether m is a site-wide change (settings, topics,
// subtopics, tags: see siteTopic), which node published it and what kind
// of change it was.
func siteEventOf(m live.Message) (node string, kind forum.EventKind, ok bool) {
	if m.Topic != siteTopic {
		return "", "", false
	}
	var p sitePayload
	_ = json.Unmarshal(m.Data, &p) // undecodable: treated as another node's
	return p.Node, p.Kind, true
}

// Topic names. The API maps ?thread= and ?list= to the same strings.
func threadTopic(id int64) string { return "thread:" + strconv.FormatInt(id, 10) }

// accountTopic carries EventAccountChanged between nodes. The API accepts
// no such stream (only ?thread= and ?list=), so it never reaches a browser.
func accountTopic(userID int64) string { return "account:" + strconv.FormatInt(userID, 10) }

// accountOf reads the user id of an account message and whether the
// change shows on pages; ok is false for messages of other topics.
func accountOf(m live.Message) (userID int64, pages, ok bool) {
	idText, ok := strings.CutPrefix(m.Topic, "account:")
	if !ok {
		return 0, false, false
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	return id, string(m.Data) == `"pages"`, err == nil && id > 0
}

// messagesFrom maps a domain event published by node to the messages
// browsers subscribe to: every change goes to its thread's stream (with the
// node's id), and new or bumped threads also to the lists they appear in.
// An error (a payload that would not encode) means nothing is sent; the
// publisher logs and counts it.
func messagesFrom(e forum.Event, node string) ([]live.Message, error) {
	if e.Kind == forum.EventSettingsChanged || e.Kind == forum.EventTaxonomy {
		m, err := siteMessage(e.Kind, node)
		if err != nil {
			return nil, fmt.Errorf("encode settings event: %w", err)
		}
		return []live.Message{m}, nil
	}
	if e.Kind == forum.EventAccountChanged && e.UserID != 0 {
		// For the nodes' session caches only: no browser subscribes to it.
		// Data "pages" says the change shows on pages (a name, a role, a
		// deletion): the other nodes drop their cached pages too.
		m := live.Message{Topic: accountTopic(e.UserID), Type: string(e.Kind)}
		if e.Pages {
			m.Data = []byte(`"pages"`)
		}
		return []live.Message{m}, nil
	}
	if e.ThreadID == 0 {
		return nil, nil
	}
	tp := threadPayload{Kind: e.Kind, ThreadID: e.ThreadID, PostID: e.PostID, Subtopic: e.Subtopic, Tags: e.Tags, Node: node}
	if e.Kind == forum.EventBoost {
		n := e.Count
		tp.Count = &n
	}
	data, err := json.Marshal(tp)
	if err != nil {
		return nil, fmt.Errorf("encode %s event of thread %d: %w", e.Kind, e.ThreadID, err)
	}
	out := []live.Message{{Topic: threadTopic(e.ThreadID), Type: string(e.Kind), Data: data}}
	if e.Kind != forum.EventThreadCreated && e.Kind != forum.EventReplyCreated {
		return out, nil
	}
	ld, err := json.Marshal(listPayload{Kind: e.Kind, ThreadID: e.ThreadID})
	if err != nil {
		return nil, fmt.Errorf("encode list event of thread %d: %w", e.ThreadID, err)
	}
	lists := []string{"list:latest"}
	if e.Subtopic != "" {
		lists = append(lists, "list:c/"+e.Subtopic)
	}
	for _, t := range e.Tags {
		lists = append(lists, "list:tags/"+t)
	}
	for _, topic := range lists {
		out = append(out, live.Message{Topic: topic, Type: "thread", Data: ld})
	}
	return out, nil
}

// eventOf recovers what cache invalidation needs from a thread message,
// and the node that published it ("" when unknown). ok is false for
// messages of other topics. A message whose payload did not travel (see
// live.PostgresBus) still names its thread; its lists are then left to
// expire. A payload that is there but does not decode (another release,
// a stranger on the bus) is treated the same and reported in err.
func eventOf(m live.Message) (e forum.Event, node string, ok bool, err error) {
	idText, ok := strings.CutPrefix(m.Topic, "thread:")
	if !ok {
		return forum.Event{}, "", false, nil
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return forum.Event{}, "", false, fmt.Errorf("topic %q: %w", m.Topic, err)
	}
	var p threadPayload
	if len(m.Data) > 0 {
		if err = json.Unmarshal(m.Data, &p); err != nil {
			p, err = threadPayload{}, fmt.Errorf("payload of %s: %w", m.Topic, err)
		}
	}
	return forum.Event{Kind: forum.EventKind(m.Type), ThreadID: id, PostID: p.PostID, Subtopic: p.Subtopic, Tags: p.Tags}, p.Node, true, err
}
