package demo

import (
	"fmt"
	"regexp"
)

// A check inspects a community and reports every violation of one rule.
// Checks return descriptions rather than failing directly so that the
// mutation tests can assert that a broken rule is actually noticed.
type check struct {
	name string
	fn   func(Community) []string
}

// checks lists every invariant the demo data must satisfy.
var checks = []check{
	{"users-exist", checkUsersExist},
	{"no-self-boosts", checkNoSelfBoosts},
	{"no-duplicate-boosters", checkNoDuplicateBoosters},
	{"subtopics-exist", checkSubtopicsExist},
	{"tags-exist", checkTagsExist},
	{"tag-limits", checkTagLimits},
	{"one-pinned", checkOnePinned},
	{"acceptance", checkAcceptance},
	{"roles", checkRoles},
	{"reply-times", checkReplyTimes},
	{"joined-before-posting", checkJoinedBeforePosting},
	{"unique-names", checkUniqueNames},
	{"slug-format", checkSlugFormat},
	{"username-format", checkUsernameFormat},
	{"long-line", checkLongLine},
	{"search-terms", checkSearchTerms},
	{"subtopic-coverage", checkSubtopicCoverage},
	{"thread-count", checkThreadCount},
	{"views", checkViews},
	{"code-fences", checkCodeFences},
	{"reserved-data", checkReservedData},
	{"markdown-clean", checkMarkdownClean},
	{"tags-used", checkTagsUsed},
	{"subtopic-docs", checkSubtopicDocs},
	{"age-spread", checkAgeSpread},
	{"titles", checkTitles},
	{"redaction-examples", checkRedactionExamples},
	{"answer-variety", checkAnswerVariety},
}

// searchTerms must each appear somewhere in the demo; search tests rely on
// them.
var searchTerms = []string{
	"FlowFilterProvider",
	"preferNoProxies",
	"EMFILE",
	"errno 24",
	"Too many open files",
	"Error Domain=CVAccessoryErrorDomain Code=450",
	"skbuf_slab.c",
	"com.corvid.network.helper",
	"nw_path_evaluator_start",
}

var (
	slugRE     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	usernameRE = regexp.MustCompile(`^[a-z][a-z0-9_]{2,31}$`)
	ipv4RE     = regexp.MustCompile(`\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`)
	emailRE    = regexp.MustCompile(`[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\.[A-Za-z]+)`)
	macRE      = regexp.MustCompile(`\b(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}\b`)
	urlRE      = regexp.MustCompile(`https?://([^/\s)\]"'<>?]+)`)
	ipv6RE     = regexp.MustCompile(`(?i)\b2001:[0-9a-f]{1,4}\b`)
	fencedRE   = regexp.MustCompile("(?s)```.*?```")
	codeSpanRE = regexp.MustCompile("`[^`]*`")
	htmlTagRE  = regexp.MustCompile(`</?[A-Za-z][^>]*>`)
	domainRE   = regexp.MustCompile(`(?i)\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|dev)\b`)
)

// fenceLanguages are the code block languages the highlighter knows.
var fenceLanguages = []string{
	"c", "go", "rust", "python", "kotlin", "swift", "objective-c",
	"json", "yaml", "bash", "console", "text", "diff",
}

// post is one body with a label for error messages.
type post struct {
	where string
	body  string
}

// posts returns every opening post and reply.
func posts(c Community) []post {
	var ps []post
	for _, t := range c.Threads {
		ps = append(ps, post{fmt.Sprintf("thread %q", t.Title), t.Body})
		for i, r := range t.Replies {
			ps = append(ps, post{fmt.Sprintf("thread %q reply %d", t.Title, i), r.Body})
		}
	}
	return ps
}

func userSet(c Community) map[string]User {
	m := make(map[string]User, len(c.Users))
	for _, u := range c.Users {
		m[u.Username] = u
	}
	return m
}

func subtopicSet(c Community) map[string]Subtopic {
	m := make(map[string]Subtopic)
	for _, tp := range c.Topics {
		for _, s := range tp.Subtopics {
			m[s.Slug] = s
		}
	}
	return m
}
