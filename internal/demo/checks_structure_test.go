package demo

import (
	"fmt"
	"net/url"
	"slices"
)

func checkUsersExist(c Community) []string {
	users := userSet(c)
	var bad []string
	need := func(name, where string) {
		if _, ok := users[name]; !ok {
			bad = append(bad, fmt.Sprintf("%s: unknown user %q", where, name))
		}
	}
	for _, t := range c.Threads {
		need(t.Author, "author of "+t.Title)
		for _, b := range t.BoostedBy {
			need(b, "booster of "+t.Title)
		}
		for _, r := range t.Replies {
			need(r.Author, "reply author in "+t.Title)
			for _, b := range r.BoostedBy {
				need(b, "reply booster in "+t.Title)
			}
		}
	}
	return bad
}

func checkNoSelfBoosts(c Community) []string {
	var bad []string
	for _, t := range c.Threads {
		if slices.Contains(t.BoostedBy, t.Author) {
			bad = append(bad, fmt.Sprintf("%q: author boosts own post", t.Title))
		}
		for i, r := range t.Replies {
			if slices.Contains(r.BoostedBy, r.Author) {
				bad = append(bad, fmt.Sprintf("%q reply %d: author boosts own reply", t.Title, i))
			}
		}
	}
	return bad
}

func checkNoDuplicateBoosters(c Community) []string {
	var bad []string
	dup := func(list []string, where string) {
		seen := map[string]bool{}
		for _, b := range list {
			if seen[b] {
				bad = append(bad, fmt.Sprintf("%s: %q boosts twice", where, b))
			}
			seen[b] = true
		}
	}
	for _, t := range c.Threads {
		dup(t.BoostedBy, t.Title)
		for i, r := range t.Replies {
			dup(r.BoostedBy, fmt.Sprintf("%s reply %d", t.Title, i))
		}
	}
	return bad
}

func checkSubtopicsExist(c Community) []string {
	subs := subtopicSet(c)
	var bad []string
	for _, t := range c.Threads {
		if _, ok := subs[t.Subtopic]; !ok {
			bad = append(bad, fmt.Sprintf("%q: unknown subtopic %q", t.Title, t.Subtopic))
		}
	}
	return bad
}

func checkTagsExist(c Community) []string {
	known := map[string]bool{}
	for _, g := range c.Tags {
		known[g.Name] = true
	}
	var bad []string
	for _, t := range c.Threads {
		for _, g := range t.Tags {
			if !known[g] {
				bad = append(bad, fmt.Sprintf("%q: unknown tag %q", t.Title, g))
			}
		}
	}
	return bad
}

func checkTagLimits(c Community) []string {
	var bad []string
	for _, t := range c.Threads {
		if len(t.Tags) > 5 {
			bad = append(bad, fmt.Sprintf("%q: %d tags", t.Title, len(t.Tags)))
		}
		seen := map[string]bool{}
		for _, g := range t.Tags {
			if seen[g] {
				bad = append(bad, fmt.Sprintf("%q: tag %q twice", t.Title, g))
			}
			seen[g] = true
		}
	}
	return bad
}

func checkOnePinned(c Community) []string {
	users := userSet(c)
	var pinned []Thread
	for _, t := range c.Threads {
		if t.Pinned {
			pinned = append(pinned, t)
		}
	}
	if len(pinned) != 1 {
		return []string{fmt.Sprintf("%d pinned threads, want exactly 1", len(pinned))}
	}
	p := pinned[0]
	var bad []string
	if p.Subtopic != "networking" || !p.Locked || len(p.Replies) != 0 {
		bad = append(bad, fmt.Sprintf("pinned %q must be a locked networking thread without replies", p.Title))
	}
	if users[p.Author].Role != roleStaff {
		bad = append(bad, fmt.Sprintf("pinned %q is not written by staff", p.Title))
	}
	return bad
}

func checkAcceptance(c Community) []string {
	var bad []string
	for _, t := range c.Threads {
		n := 0
		for i, r := range t.Replies {
			if !r.Accepted {
				continue
			}
			n++
			if r.Author == t.Author {
				bad = append(bad, fmt.Sprintf("%q reply %d: asker accepted own reply", t.Title, i))
			}
		}
		if n > 1 {
			bad = append(bad, fmt.Sprintf("%q: %d accepted replies", t.Title, n))
		}
	}
	return bad
}

func checkRoles(c Community) []string {
	count := map[string]int{}
	var bad []string
	for _, u := range c.Users {
		count[u.Role]++
		switch u.Role {
		case roleMember:
			if u.Title != "" {
				bad = append(bad, fmt.Sprintf("member %q has title %q", u.Username, u.Title))
			}
		case roleStaff, roleModerator, roleAdmin:
			if u.Title == "" {
				bad = append(bad, fmt.Sprintf("%s %q has no title", u.Role, u.Username))
			}
		default:
			bad = append(bad, fmt.Sprintf("user %q has unknown role %q", u.Username, u.Role))
		}
		if u.DisplayName == "" || u.JoinedDays < 10 || u.JoinedDays > 2000 {
			bad = append(bad, fmt.Sprintf("user %q: display name or joined days out of range", u.Username))
		}
	}
	if count[roleStaff] < 4 || count[roleModerator] < 1 || count[roleAdmin] < 1 {
		bad = append(bad, fmt.Sprintf("role counts %v: want ≥4 staff, a moderator and an admin", count))
	}
	return bad
}

func checkReplyTimes(c Community) []string {
	var bad []string
	for _, t := range c.Threads {
		if t.AgeMinutes < 1 {
			bad = append(bad, fmt.Sprintf("%q: age %d", t.Title, t.AgeMinutes))
		}
		prev := 0
		for i, r := range t.Replies {
			if r.AfterMinutes <= prev {
				bad = append(bad, fmt.Sprintf("%q reply %d: %d min is not after %d", t.Title, i, r.AfterMinutes, prev))
			}
			if r.AfterMinutes > t.AgeMinutes {
				bad = append(bad, fmt.Sprintf("%q reply %d: in the future", t.Title, i))
			}
			prev = r.AfterMinutes
		}
	}
	return bad
}

func checkJoinedBeforePosting(c Community) []string {
	users := userSet(c)
	var bad []string
	for _, t := range c.Threads {
		if u, ok := users[t.Author]; ok && u.JoinedDays*day < t.AgeMinutes {
			bad = append(bad, fmt.Sprintf("%q: posted before %q joined", t.Title, t.Author))
		}
		for i, r := range t.Replies {
			if u, ok := users[r.Author]; ok && u.JoinedDays*day < t.AgeMinutes-r.AfterMinutes {
				bad = append(bad, fmt.Sprintf("%q reply %d: posted before %q joined", t.Title, i, r.Author))
			}
		}
	}
	return bad
}

func checkUniqueNames(c Community) []string {
	var bad []string
	seen := map[string]bool{}
	unique := func(kind, name string) {
		k := kind + "\x00" + name
		if seen[k] {
			bad = append(bad, fmt.Sprintf("duplicate %s %q", kind, name))
		}
		seen[k] = true
	}
	for _, u := range c.Users {
		unique("username", u.Username)
	}
	for _, tp := range c.Topics {
		unique("slug", tp.Slug)
		for _, s := range tp.Subtopics {
			unique("slug", s.Slug)
		}
	}
	for _, g := range c.Tags {
		unique("tag", g.Name)
	}
	for _, t := range c.Threads {
		unique("title", t.Title)
	}
	return bad
}

func checkSlugFormat(c Community) []string {
	var bad []string
	for _, tp := range c.Topics {
		if !slugRE.MatchString(tp.Slug) {
			bad = append(bad, fmt.Sprintf("topic slug %q", tp.Slug))
		}
		for _, s := range tp.Subtopics {
			if !slugRE.MatchString(s.Slug) {
				bad = append(bad, fmt.Sprintf("subtopic slug %q", s.Slug))
			}
		}
	}
	for _, g := range c.Tags {
		if !slugRE.MatchString(g.Name) {
			bad = append(bad, fmt.Sprintf("tag name %q", g.Name))
		}
	}
	return bad
}

func checkUsernameFormat(c Community) []string {
	var bad []string
	for _, u := range c.Users {
		if !usernameRE.MatchString(u.Username) {
			bad = append(bad, fmt.Sprintf("username %q", u.Username))
		}
	}
	return bad
}

func checkSubtopicCoverage(c Community) []string {
	n := map[string]int{}
	for _, t := range c.Threads {
		n[t.Subtopic]++
	}
	var bad []string
	for slug := range subtopicSet(c) {
		if n[slug] < 2 {
			bad = append(bad, fmt.Sprintf("subtopic %q has %d threads", slug, n[slug]))
		}
	}
	if n["networking"] < 12 {
		bad = append(bad, fmt.Sprintf("networking has only %d threads", n["networking"]))
	}
	return bad
}

func checkThreadCount(c Community) []string {
	if n := len(c.Threads); n < 38 || n > 50 {
		return []string{fmt.Sprintf("%d threads, want 38..50", n)}
	}
	return nil
}

func checkViews(c Community) []string {
	var bad []string
	for _, t := range c.Threads {
		if t.Views < 20 || t.Views > 9000 {
			bad = append(bad, fmt.Sprintf("%q: %d views", t.Title, t.Views))
		}
	}
	return bad
}

func checkTagsUsed(c Community) []string {
	used := map[string]bool{}
	for _, t := range c.Threads {
		for _, g := range t.Tags {
			used[g] = true
		}
	}
	var bad []string
	for _, g := range c.Tags {
		if !used[g.Name] {
			bad = append(bad, fmt.Sprintf("tag %q is not used", g.Name))
		}
		if g.Description == "" {
			bad = append(bad, fmt.Sprintf("tag %q has no description", g.Name))
		}
	}
	return bad
}

func checkSubtopicDocs(c Community) []string {
	var bad []string
	for _, tp := range c.Topics {
		if tp.Title == "" || tp.Description == "" || len(tp.Subtopics) == 0 {
			bad = append(bad, fmt.Sprintf("topic %q incomplete", tp.Slug))
		}
		for _, s := range tp.Subtopics {
			u, err := url.Parse(s.DocsURL)
			if s.Title == "" || s.Description == "" || s.DocsTitle == "" || err != nil || u.Scheme != "https" || !reservedHost(u.Hostname()) {
				bad = append(bad, fmt.Sprintf("subtopic %q: missing text or bad docs URL %q", s.Slug, s.DocsURL))
			}
		}
	}
	return bad
}
