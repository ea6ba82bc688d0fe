package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// liveStream serves GET /api/live: a Server-Sent Events stream of one
// thread (?thread=ID) or one list (?list=latest, c/SLUG or tags/TAG). The
// request is checked here, so a mistyped parameter gets a JSON 400 and an
// unknown thread, subtopic or tag a JSON 404; streaming, resuming from
// Last-Event-ID, heartbeats and the per-address cap are the broker's.
func (a *API) liveStream(w http.ResponseWriter, r *http.Request) error {
	topic, err := a.liveTopic(r)
	if err != nil {
		return err
	}
	if a.Live == nil {
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeUnavailable, Message: "live updates are not enabled on this server"}
	}
	a.liveOnce.Do(func() {
		a.liveHandler = a.Live.Handler(func(r *http.Request) (string, error) {
			if t, ok := r.Context().Value(liveTopicKey{}).(string); ok {
				return t, nil
			}
			return "", errors.New("no topic")
		})
	})
	a.liveHandler.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), liveTopicKey{}, topic)))
	return nil
}

type liveTopicKey struct{}

// liveTopic names the stream a request asks for, using the stored spelling
// of subtopics and tags so every way of writing one reaches the same
// stream as the events published for it.
func (a *API) liveTopic(r *http.Request) (string, error) {
	q := r.URL.Query()
	thread, list := q.Get("thread"), q.Get("list")
	switch {
	case q.Has("thread") == q.Has("list"):
		return "", badRequest("", "give exactly one of thread=ID or list=latest|c/SUBTOPIC|tags/TAG")
	case q.Has("thread"):
		id, ok := parseID(thread)
		if !ok {
			return "", badRequest("thread", "must be a thread id")
		}
		t, err := a.svc.Thread(r.Context(), id)
		if err != nil {
			return "", err
		}
		return "thread:" + strconv.FormatInt(t.ID, 10), nil
	case list == "latest":
		return "list:latest", nil
	}
	if slug, ok := strings.CutPrefix(list, "c/"); ok && slug != "" {
		sub, err := a.svc.SubtopicBySlug(r.Context(), slug)
		if err != nil {
			return "", err
		}
		return "list:c/" + sub.Slug, nil
	}
	if name, ok := strings.CutPrefix(list, "tags/"); ok && name != "" {
		tag, err := a.svc.TagByName(r.Context(), name)
		if err != nil {
			return "", err
		}
		return "list:tags/" + tag.Name, nil
	}
	return "", badRequest("list", "must be latest, c/SUBTOPIC or tags/TAG")
}

// LiveBroker is the part of live.Broker the API uses; declaring it here
// keeps the JSON surface free of the bus and its drivers.
type LiveBroker interface {
	Handler(topicFromRequest func(r *http.Request) (string, error)) http.Handler
}
