package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// longThread writes a thread with replies enough for two pages of posts
// and returns it with the last reply, which is on page 2.
func longThread(t *testing.T, f *forumtest.Forum) (*forum.Thread, *forum.Post, *forum.User) {
	t.Helper()
	ctx := context.Background()
	f.Seed()
	author := f.CreateUser("asker", forum.RoleMember, "")
	other := f.CreateUser("helper", forum.RoleMember, "")
	w, err := f.Service().CreateThread(ctx, author, forum.Client{IP: "192.0.2.1"}, forum.ThreadInput{Title: "A thread with two pages",
		Subtopic: "general", Body: "The question that starts a long thread."})
	if err != nil {
		t.Fatal(err)
	}
	per := f.Service().Limits().PostsPerPage
	var last *forum.Post
	for i := 1; i <= per; i++ {
		body := fmt.Sprintf("Reply number %d with enough text.", i)
		if i == per {
			body = "The last reply mentions zanzibarquux once."
		}
		r, err := f.Service().Reply(ctx, other, forum.Client{IP: "192.0.2.2"}, w.ThreadID, forum.ReplyInput{Body: body})
		if err != nil {
			t.Fatal(err)
		}
		last = r.Post
	}
	th, err := f.Service().Thread(ctx, w.ThreadID)
	if err != nil {
		t.Fatal(err)
	}
	return th, last, other
}

// TestEveryLinkToAPostLands checks that each place that links to a post
// (the permalink, feeds, the JSON API, profiles, search) points at the
// page that holds it, with the anchor that page gives it.
func TestEveryLinkToAPostLands(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	th, last, replier := longThread(t, f)
	c := f.NewClient()
	want := fmt.Sprintf("/t/%s/%d?page=2#post-%d", th.Slug, th.ID, last.ID)
	anchor := fmt.Sprintf(`id="post-%d"`, last.ID)

	// The permalink redirects to the page and anchor, and that page has it.
	res := c.Get("/p/" + strconv.FormatInt(last.ID, 10))
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != want {
		t.Fatalf("GET /p/%d: %d to %q, want 302 to %q", last.ID, res.StatusCode, res.Header.Get("Location"), want)
	}
	if page := c.Get(strings.SplitN(want, "#", 2)[0]); page.StatusCode != 200 || !strings.Contains(page.Body, anchor) {
		t.Fatalf("the page the permalink names (%d) lacks %s", page.StatusCode, anchor)
	}
	if res := c.Get("/p/987654321"); res.StatusCode != http.StatusNotFound {
		t.Errorf("permalink of no post: %d, want 404", res.StatusCode)
	}

	// Feeds: the item link is the page and anchor, the guid the permalink,
	// and the permalink answers.
	for _, format := range []string{"rss", "atom"} {
		body := c.Get(fmt.Sprintf("/t/%s/%d.%s", th.Slug, th.ID, format)).Body
		feed, err := gofeed.NewParser().ParseString(body)
		if err != nil {
			t.Fatal(err)
		}
		item := feed.Items[0] // newest first
		if item.Link != "http://forum.test"+want {
			t.Errorf("%s item link %q, want %q", format, item.Link, "http://forum.test"+want)
		}
		if perma := "http://forum.test/p/" + strconv.FormatInt(last.ID, 10); item.GUID != perma {
			t.Errorf("%s item id %q, want %q", format, item.GUID, perma)
		}
		if format == "rss" && !strings.Contains(body, `<guid isPermaLink="true">http://forum.test/p/`) {
			t.Errorf("RSS guid is not a permalink")
		}
	}

	// The JSON API's post url uses the same page and anchor.
	var tp struct {
		Posts []struct {
			ID        int64  `json:"id"`
			URL       string `json:"url"`
			Permalink string `json:"permalink"`
		} `json:"posts"`
	}
	if err := json.Unmarshal([]byte(c.Get(fmt.Sprintf("/t/%s/%d.json?page=2", th.Slug, th.ID)).Body), &tp); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range tp.Posts {
		if p.ID == last.ID {
			found = true
			if p.URL != "http://forum.test"+want {
				t.Errorf("API post url %q, want %q", p.URL, "http://forum.test"+want)
			}
			if p.Permalink != "http://forum.test/p/"+strconv.FormatInt(last.ID, 10) {
				t.Errorf("API post permalink %q", p.Permalink)
			}
		}
	}
	if !found {
		t.Errorf("page 2 of the JSON thread lacks post %d", last.ID)
	}

	// The profile's recent replies.
	if body := c.Get("/u/" + replier.Username).Body; !strings.Contains(body, `href="`+strings.ReplaceAll(want, "&", "&amp;")+`"`) {
		t.Errorf("the profile's recent replies do not link to %s", want)
	}

	// Search results, HTML and JSON.
	if body := c.Get("/search?q=zanzibarquux").Body; !strings.Contains(body, `href="`+want+`"`) {
		t.Errorf("the search result does not link to %s", want)
	}
	if body := c.Get("/search.json?q=zanzibarquux").Body; !strings.Contains(body, `"http://forum.test`+want+`"`) {
		t.Errorf("the JSON search result does not link to %s: %s", want, body)
	}

	// Each post on the page offers its permalink, with its number.
	page := c.Get(strings.SplitN(want, "#", 2)[0]).Body
	share := regexp.MustCompile(`data-permalink="http://forum.test/p/` + strconv.FormatInt(last.ID, 10) + `"`)
	if !share.MatchString(page) {
		t.Errorf("post %d has no copy-link control with its permalink", last.ID)
	}
	if !strings.Contains(page, ">#"+strconv.Itoa(last.Number)+"<") {
		t.Errorf("post %d does not show its number #%d", last.ID, last.Number)
	}

	// A member's buttons on page 2 (boost, accept) come back to page 2.
	m := f.NewClient()
	m.SignUp("booster")
	member := m.Get(strings.SplitN(want, "#", 2)[0]).Body
	if !strings.Contains(member, `name="return" value="`+want+`"`) {
		t.Errorf("the buttons of post %d do not return to %s", last.ID, want)
	}
}
