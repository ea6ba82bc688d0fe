package forum

import (
	"context"
	"net/url"
	"strconv"
)

// Links to threads and posts are built here and nowhere else, so every
// surface (pages, feeds, the JSON API, search results, profiles) points at
// the same place.
//
// A post has one permalink, PermalinkPath ("/p/{id}"), which redirects to
// PostPath: the page of its thread that holds it, anchored "#post-{id}".
// The anchor is always the post's id, never its number.

// ThreadPath is the canonical path of a thread's first page.
func ThreadPath(slug string, id int64) string {
	return "/t/" + url.PathEscape(slug) + "/" + strconv.FormatInt(id, 10)
}

// PostAnchor is the fragment (without '#') that names a post on its page.
func PostAnchor(postID int64) string { return "post-" + strconv.FormatInt(postID, 10) }

// PermalinkPath is a post's permanent address; it answers with a redirect
// to PostPath.
func PermalinkPath(postID int64) string { return "/p/" + strconv.FormatInt(postID, 10) }

// PageOfNumber is the page (1-based) of a thread on which post number n
// appears when pages hold perPage posts.
func PageOfNumber(n, perPage int) int {
	if n < 1 || perPage < 1 {
		return 1
	}
	return (n-1)/perPage + 1
}

// PageURL is the path of one page of a thread: the thread's path, with
// ?page=N past the first.
func PageURL(slug string, threadID int64, page int) string {
	p := ThreadPath(slug, threadID)
	if page > 1 {
		p += "?page=" + strconv.Itoa(page)
	}
	return p
}

// PostPath is where post number `number` (id postID) of a thread is read:
// the page that holds it, scrolled to it.
func PostPath(slug string, threadID, postID int64, number, perPage int) string {
	return PageURL(slug, threadID, PageOfNumber(number, perPage)) + "#" + PostAnchor(postID)
}

// PostPath is the package function with this forum's page size.
func (s *Service) PostPath(slug string, threadID, postID int64, number int) string {
	return PostPath(slug, threadID, postID, number, s.lim().PostsPerPage)
}

// PostLocation is where a post's permalink leads: PostPath of the post in
// its thread. A deleted reply still has its place (the page shows that it
// was deleted); a post of a thread that is gone is not found.
func (s *Service) PostLocation(ctx context.Context, postID int64) (string, error) {
	p, err := s.store.Post(ctx, postID)
	if err != nil {
		return "", err
	}
	t, err := s.store.Thread(ctx, p.ThreadID)
	if err != nil {
		return "", err
	}
	return s.PostPath(t.Slug, t.ID, p.ID, p.Number), nil
}
