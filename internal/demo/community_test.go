package demo

import (
	"strings"
	"testing"
)

func TestLoadSatisfiesInvariants(t *testing.T) {
	c := Load()
	for _, ch := range checks {
		t.Run(ch.name, func(t *testing.T) {
			for _, problem := range ch.fn(c) {
				t.Error(problem)
			}
		})
	}
}

// threadBy returns the first thread matching pred; the mutations use it to
// pick a suitable victim.
func threadBy(t *testing.T, c *Community, pred func(Thread) bool) *Thread {
	t.Helper()
	for i := range c.Threads {
		if pred(c.Threads[i]) {
			return &c.Threads[i]
		}
	}
	t.Fatal("no thread matches")
	return nil
}

func hasReplies(n int) func(Thread) bool {
	return func(th Thread) bool { return len(th.Replies) >= n }
}

// mutations break exactly one rule each, proving that the check with the
// same name notices.
var mutations = map[string]func(t *testing.T, c *Community){
	"users-exist": func(t *testing.T, c *Community) { c.Threads[3].Author = "nobody_here" },
	"no-self-boosts": func(t *testing.T, c *Community) {
		th := threadBy(t, c, hasReplies(1))
		th.Replies[0].BoostedBy = append(th.Replies[0].BoostedBy, th.Replies[0].Author)
	},
	"no-duplicate-boosters": func(t *testing.T, c *Community) {
		th := threadBy(t, c, func(th Thread) bool { return len(th.BoostedBy) > 0 })
		th.BoostedBy = append(th.BoostedBy, th.BoostedBy[0])
	},
	"subtopics-exist": func(t *testing.T, c *Community) { c.Threads[5].Subtopic = "no-such-subtopic" },
	"tags-exist":      func(t *testing.T, c *Community) { c.Threads[5].Tags = append(c.Threads[5].Tags, "no-such-tag") },
	"tag-limits": func(t *testing.T, c *Community) {
		c.Threads[7].Tags = []string{"c", "go", "rust", "kotlin", "tls", "dns"}
	},
	"one-pinned": func(t *testing.T, c *Community) { c.Threads[len(c.Threads)-1].Pinned = true },
	"acceptance": func(t *testing.T, c *Community) {
		th := threadBy(t, c, hasReplies(2))
		th.Replies[0].Author = th.Author
		th.Replies[0].Accepted = true
	},
	"roles": func(t *testing.T, c *Community) {
		for i := range c.Users {
			if c.Users[i].Role == roleStaff {
				c.Users[i].Role = roleMember
				c.Users[i].Title = ""
			}
		}
	},
	"reply-times": func(t *testing.T, c *Community) {
		th := threadBy(t, c, hasReplies(2))
		th.Replies[1].AfterMinutes = th.Replies[0].AfterMinutes
	},
	"joined-before-posting": func(t *testing.T, c *Community) {
		for i := range c.Users {
			c.Users[i].JoinedDays = 10
		}
	},
	"unique-names":    func(t *testing.T, c *Community) { c.Users[1].Username = c.Users[0].Username },
	"slug-format":     func(t *testing.T, c *Community) { c.Topics[0].Subtopics[0].Slug = "Networking Stuff" },
	"username-format": func(t *testing.T, c *Community) { c.Users[2].Username = "Has Space" },
	"long-line": func(t *testing.T, c *Community) {
		eachBody(c, func(s string) string {
			var b strings.Builder
			for line := range strings.Lines(s) {
				if len(line) > 300 {
					line = line[:200] + "\n"
				}
				b.WriteString(line)
			}
			return b.String()
		})
	},
	"search-terms": func(t *testing.T, c *Community) {
		eachBody(c, func(s string) string { return strings.ReplaceAll(s, "skbuf_slab.c", "slab") })
		for i := range c.Threads {
			c.Threads[i].Title = strings.ReplaceAll(c.Threads[i].Title, "skbuf_slab.c", "slab")
		}
	},
	"subtopic-coverage": func(t *testing.T, c *Community) {
		for i := range c.Threads {
			if c.Threads[i].Subtopic == "sensors" {
				c.Threads[i].Subtopic = "networking"
			}
		}
	},
	"thread-count": func(t *testing.T, c *Community) { c.Threads = c.Threads[:20] },
	"views":        func(t *testing.T, c *Community) { c.Threads[2].Views = 1_000_000 },
	"code-fences": func(t *testing.T, c *Community) {
		th := threadBy(t, c, func(th Thread) bool { return strings.Contains(th.Body, "```kotlin") })
		th.Body = strings.Replace(th.Body, "```kotlin", "```kotlinish", 1)
	},
	"reserved-data":  func(t *testing.T, c *Community) { c.Threads[4].Body += "\nserver at 8.8.4.4 via mail.realcorp.com" },
	"markdown-clean": func(t *testing.T, c *Community) { c.Threads[6].Body += "\n\nvalue was <private> here" },
	"tags-used": func(t *testing.T, c *Community) {
		c.Tags = append(c.Tags, Tag{Name: "unused-tag", Description: "Nothing carries it."})
	},
	"subtopic-docs": func(t *testing.T, c *Community) { c.Topics[1].Subtopics[0].DocsURL = "http://docs.lumen.invalid/" },
	"age-spread": func(t *testing.T, c *Community) {
		for i := range c.Threads {
			c.Threads[i].AgeMinutes += 30 * day
		}
	},
	"titles": func(t *testing.T, c *Community) {
		for i := range c.Threads {
			c.Threads[i].Title = strings.ReplaceAll(c.Threads[i].Title, "—", "-")
			c.Threads[i].Title = strings.NewReplacer("“", "\"", "”", "\"").Replace(c.Threads[i].Title)
		}
	},
	"redaction-examples": func(t *testing.T, c *Community) {
		eachBody(c, func(s string) string { return strings.ReplaceAll(s, "<IPv4-redacted>", "192.0.2.9") })
	},
	"answer-variety": func(t *testing.T, c *Community) {
		for i := range c.Threads {
			for j := range c.Threads[i].Replies {
				c.Threads[i].Replies[j].Recommended = false
			}
		}
	},
}

// eachBody rewrites every opening post and reply body.
func eachBody(c *Community, f func(string) string) {
	for i := range c.Threads {
		th := &c.Threads[i]
		th.Body = f(th.Body)
		for j := range th.Replies {
			th.Replies[j].Body = f(th.Replies[j].Body)
		}
	}
}

func TestChecksDetectBrokenRules(t *testing.T) {
	for _, ch := range checks {
		t.Run(ch.name, func(t *testing.T) {
			mutate, ok := mutations[ch.name]
			if !ok {
				t.Fatalf("no mutation proves that check %q can fail", ch.name)
			}
			c := Load()
			mutate(t, &c)
			if len(ch.fn(c)) == 0 {
				t.Errorf("check %q reported nothing after its rule was broken", ch.name)
			}
		})
	}
	if len(mutations) != len(checks) {
		t.Errorf("%d mutations for %d checks", len(mutations), len(checks))
	}
}

func TestLoadReturnsFreshValue(t *testing.T) {
	a := Load()
	a.Threads[0].Title = "changed"
	a.Threads[0].Tags[0] = "changed"
	a.Threads[1].Replies[0].BoostedBy = nil
	a.Users[0].Username = "changed"
	a.Topics[0].Subtopics[0].Slug = "changed"

	b := Load()
	if b.Threads[0].Title == "changed" || b.Threads[0].Tags[0] == "changed" ||
		b.Threads[1].Replies[0].BoostedBy == nil || b.Users[0].Username == "changed" ||
		b.Topics[0].Subtopics[0].Slug == "changed" {
		t.Fatal("a modification to one Load result leaked into the next")
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		_ = Load()
	}
}
