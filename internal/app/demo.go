package app

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/demo"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/markup"
)

// loadDemo writes the demo community through the store's ordinary write
// methods, so every counter it shows is maintained exactly as in real use.
// Times are relative to now so the demo always looks alive.
func loadDemo(ctx context.Context, st forum.Store, r *markup.Renderer, now time.Time) error {
	c := demo.Load()
	users := map[string]*forum.User{}
	var staff *forum.User
	for _, du := range c.Users {
		u := &forum.User{Username: du.Username, DisplayName: du.DisplayName, Role: forum.Role(du.Role), Title: du.Title,
			CreatedAt: now.Add(-time.Duration(du.JoinedDays) * 24 * time.Hour)}
		if err := st.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("demo user %s: %w", du.Username, err)
		}
		users[du.Username] = u
		if staff == nil && u.Role.IsStaff() {
			staff = u
		}
	}
	subtopics := map[string]int64{}
	for _, dt := range c.Topics {
		t := &forum.Topic{Title: dt.Title, Slug: dt.Slug, Description: dt.Description}
		if err := st.CreateTopic(ctx, t); err != nil {
			return fmt.Errorf("demo topic %s: %w", dt.Slug, err)
		}
		for _, ds := range dt.Subtopics {
			s := &forum.Subtopic{TopicID: t.ID, Title: ds.Title, Slug: ds.Slug, Description: ds.Description, DocsTitle: ds.DocsTitle, DocsURL: ds.DocsURL}
			if err := st.CreateSubtopic(ctx, s); err != nil {
				return fmt.Errorf("demo subtopic %s: %w", ds.Slug, err)
			}
			subtopics[ds.Slug] = s.ID
		}
	}
	tags := map[string]int64{}
	for _, dg := range c.Tags {
		g := &forum.Tag{Name: dg.Name, Description: dg.Description}
		if err := st.CreateTag(ctx, g); err != nil {
			return fmt.Errorf("demo tag %s: %w", dg.Name, err)
		}
		tags[dg.Name] = g.ID
	}
	views := map[int64]int64{}
	for _, dt := range c.Threads {
		if err := loadDemoThread(ctx, st, r, now, dt, users, subtopics, tags, staff, views); err != nil {
			return fmt.Errorf("demo thread %q: %w", dt.Title, err)
		}
	}
	return st.AddViews(ctx, views)
}

func loadDemoThread(ctx context.Context, st forum.Store, r *markup.Renderer, now time.Time, dt demo.Thread,
	users map[string]*forum.User, subtopics, tags map[string]int64, staff *forum.User, views map[int64]int64) error {
	created := now.Add(-time.Duration(dt.AgeMinutes) * time.Minute)
	body, err := renderDemo(r, dt.Body)
	if err != nil {
		return err
	}
	var tagIDs []int64
	for _, name := range dt.Tags {
		tagIDs = append(tagIDs, tags[name])
	}
	threadID, postID, err := st.CreateThread(ctx, forum.NewThreadRow{SubtopicID: subtopics[dt.Subtopic], AuthorID: users[dt.Author].ID,
		Title: dt.Title, Slug: forum.Slugify(dt.Title), Excerpt: markup.Excerpt(body.Text, 300), TagIDs: tagIDs,
		Pinned: dt.Pinned, Locked: dt.Locked, Body: body, CreatedAt: created})
	if err != nil {
		return err
	}
	views[threadID] = int64(dt.Views)
	for _, b := range dt.BoostedBy {
		if _, err := st.SetBoost(ctx, postID, users[b].ID, true, created); err != nil {
			return err
		}
	}
	for _, dr := range dt.Replies {
		at := created.Add(time.Duration(dr.AfterMinutes) * time.Minute)
		rb, err := renderDemo(r, dr.Body)
		if err != nil {
			return err
		}
		replyID, err := st.CreateReply(ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: users[dr.Author].ID, Body: rb, CreatedAt: at})
		if err != nil {
			return err
		}
		for _, b := range dr.BoostedBy {
			if _, err := st.SetBoost(ctx, replyID, users[b].ID, true, at); err != nil {
				return err
			}
		}
		if dr.Accepted {
			if err := st.SetAccepted(ctx, threadID, replyID, at); err != nil {
				return err
			}
		}
		if dr.Recommended && staff != nil {
			if err := st.SetRecommended(ctx, replyID, staff.ID, true, at); err != nil {
				return err
			}
		}
	}
	return nil
}

func renderDemo(r *markup.Renderer, src string) (forum.RenderedBody, error) {
	html, err := r.Render(src)
	if err != nil {
		return forum.RenderedBody{}, err
	}
	return forum.RenderedBody{Source: src, HTML: html, Text: r.PlainText(src)}, nil
}
