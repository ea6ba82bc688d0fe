package demo

import "strings"

// Relative time units for AgeMinutes and AfterMinutes.
const (
	hour = 60
	day  = 24 * hour
)

// tick stands for a Markdown backtick inside raw string literals.
const tick = "‵"

// Load returns the demo community. Every call builds a fresh value, so a
// caller may modify the result without affecting later calls.
func Load() Community {
	c := Community{
		Topics:  topics(),
		Tags:    tags(),
		Users:   users(),
		Threads: threads(),
	}
	for i := range c.Threads {
		t := &c.Threads[i]
		t.Body = markdown(t.Body)
		for j := range t.Replies {
			t.Replies[j].Body = markdown(t.Replies[j].Body)
		}
	}
	return c
}

// threads gathers the per-subtopic thread lists in a stable order.
func threads() []Thread {
	groups := [][]Thread{
		networkingStartHere(),
		networkingFilters(),
		networkingFetch(),
		networkingInterfaces(),
		networkingPath(),
		networkingLinks(),
		backgroundTasks(),
		notifications(),
		storageFiles(),
		privacySecurity(),
		buildSystem(),
		debuggingProfiling(),
		packageRegistry(),
		wirelessAccessories(),
		sensors(),
		forumFeedback(),
	}
	var all []Thread
	for _, g := range groups {
		all = append(all, g...)
	}
	return all
}

// markdown turns a source body into the Markdown a post stores.
func markdown(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), tick, "`")
}
