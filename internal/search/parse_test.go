package search

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func word(text string) Term   { return Term{Text: text, Tokens: Terms(text)} }
func phrase(text string) Term { return Term{Text: text, Tokens: Terms(text), Phrase: true} }
func not(t Term) Term         { t.Exclude = true; return t }

func day(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// terms builds the Terms of a query with the default sort.
func terms(ts ...Term) Query { return Query{Terms: ts, Sort: SortRelevance} }

// with returns q changed by f, so table rows stay one line.
func with(q Query, f func(*Query)) Query { f(&q); return q }

var parseCases = []struct {
	in   string
	want Query
}{
	{"FlowFilterProvider", terms(word("FlowFilterProvider"))},
	{"  errno   24  ", terms(word("errno"), word("24"))},
	{"tab\tand\nnewline\r\n", terms(word("tab"), word("and"), word("newline"))},
	{`"too many open files"`, terms(phrase("too many open files"))},
	{`"  too   many  "`, terms(phrase("too many"))},
	{`“smart quotes” work`, terms(phrase("smart quotes"), word("work"))},
	{`say"hello world"`, terms(word("say"), phrase("hello world"))},
	{`EMFILE -simulator`, terms(word("EMFILE"), not(word("simulator")))},
	{`EMFILE -"file descriptor"`, terms(word("EMFILE"), not(phrase("file descriptor")))},
	{`--verbose -1 - x`, terms(word("--verbose"), word("-1"), word("x"))},
	{`Code=450`, terms(word("Code=450"))},
	{`std::vector`, terms(word("std::vector"))},
	{`http://x`, terms(word("http://x"))},
	{`error: cannot find`, terms(word("error:"), word("cannot"), word("find"))},
	{`errno:24`, terms(word("errno:24"))},
	{`line:42 port:8080`, terms(word("line:42"), word("port:8080"))},
	{`initWithFrame:style:`, terms(word("initWithFrame:style:"))},
	{`NSURLErrorDomain:-1001`, terms(word("NSURLErrorDomain:-1001"))},
	{`domain:com.apple.x(1)`, terms(word("domain:com.apple.x(1)"))},
	{`id:42`, terms(word("id:42"))},
	{`:foo`, terms(word(":foo"))},
	{`x iss:`, terms(word("x"), word("iss:"))},
	{`tag:swift`, with(Query{Tags: []string{"swift"}}, func(q *Query) { q.Sort = SortRelevance })},
	{`crash tag:Swift TAG:kotlin tag:swift`, with(terms(word("crash")), func(q *Query) { q.Tags = []string{"swift", "kotlin"} })},
	{`tag:swift,kotlin,,c++ x`, with(terms(word("x")), func(q *Query) { q.Tags = []string{"swift", "kotlin", "c++"} })},
	{`subtopic:Networking x`, with(terms(word("x")), func(q *Query) { q.Subtopic = "networking" })},
	{`user:@Alice x`, with(terms(word("x")), func(q *Query) { q.User = "alice" })},
	{`is:solved EMFILE`, with(terms(word("EMFILE")), func(q *Query) { q.Solved = true })},
	{`Is:Recommended is:solved`, with(terms(), func(q *Query) { q.Recommended, q.Solved = true, true })},
	{`is:unanswered tag:kotlin`, with(terms(), func(q *Query) { q.Unanswered, q.Tags = true, []string{"kotlin"} })},
	{`boosts:>5 x`, with(terms(word("x")), func(q *Query) { q.MinBoosts, q.HasMinBoosts = 6, true })},
	{`boosts:>=5 x`, with(terms(word("x")), func(q *Query) { q.MinBoosts, q.HasMinBoosts = 5, true })},
	{`boosts:5 x`, with(terms(word("x")), func(q *Query) { q.MinBoosts, q.HasMinBoosts = 5, true })},
	{`boosts:0 x`, with(terms(word("x")), func(q *Query) { q.MinBoosts, q.HasMinBoosts = 0, true })},
	{`after:2026-04-01 before:2026-04-02 x`, with(terms(word("x")), func(q *Query) { q.After, q.Before = day("2026-04-01"), day("2026-04-02") })},
	{`x sort:latest`, with(terms(word("x")), func(q *Query) { q.Sort = SortLatest })},
	{`x SORT:Boosts`, with(terms(word("x")), func(q *Query) { q.Sort = SortBoosts })},
	{`x sort:newest`, with(terms(word("x")), func(q *Query) { q.Sort = SortLatest })},
	{`x sort:relevance`, terms(word("x"))},
	{`tag:swift -objc`, with(terms(not(word("objc"))), func(q *Query) { q.Tags = []string{"swift"} })},
	{`Ünïcödé 北京`, terms(word("Ünïcödé"), word("北京"))},
	{`-Ünïcödé x`, terms(not(word("Ünïcödé")), word("x"))},
	{`"is:solved"`, terms(phrase("is:solved"))},
	{`-errno:24 EMFILE`, terms(not(word("errno:24")), word("EMFILE"))},
	{`x subtopic:networking subtopic:networking`, with(terms(word("x")), func(q *Query) { q.Subtopic = "networking" })},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		got, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", c.in, got, c.want)
		}
	}
}

var parseErrors = []struct {
	in  string
	msg string // the whole message
	pos int
}{
	{``, `a query needs at least one word or filter`, 0},
	{`   `, `a query needs at least one word or filter`, 0},
	{`&& ""`, `a query needs at least one word or filter`, 0},
	{`sort:latest`, `a query needs at least one word or filter`, 0},
	{`-crash -simulator`, `a query needs at least one word to look for, not only excluded ones`, 0},
	{`x "unclosed`, `unclosed quote: add a closing " or remove the opening one`, 2},
	{`x -"unclosed`, `unclosed quote: add a closing " or remove the opening one`, 3},
	{`x iss:solved`, `unknown filter "iss:" — did you mean "is:"?`, 2},
	{`x tags:swift`, `unknown filter "tags:" — did you mean "tag:"?`, 2},
	{`x Tga:swift`, `unknown filter "Tga:" — did you mean "tag:"?`, 2},
	{`x befor:2026-01-01`, `unknown filter "befor:" — did you mean "before:"?`, 2},
	{`x since:2026-01-01`, `unknown filter "since:" — did you mean "after:"?`, 2},
	{`x author:alice`, `unknown filter "author:" — did you mean "user:"?`, 2},
	{`x boost:>5`, `unknown filter "boost:" — did you mean "boosts:"?`, 2},
	{`x lang:swift`, `unknown filter "lang:" — filters are tag:, subtopic:, user:, is:, boosts:, before:, after: and sort:; to search for the text itself, put it in quotes: "lang:swift"`, 2},
	{`x before:`, `"before:" needs a date like 2026-04-27`, 2},
	{`x before:yesterday`, `"before:" needs a date like 2026-04-27`, 2},
	{`x after:2026-4-7`, `"after:" needs a date like 2026-04-27`, 2},
	{`x after:2026-02-30`, `"after:" needs a date like 2026-04-27`, 2},
	{`x after:1969-12-31`, `"after:" needs a date like 2026-04-27`, 2},
	{`x after:2026-05-01 before:2026-04-01`, `after:2026-05-01 is not earlier than before:2026-04-01, so nothing could match`, 19},
	{`x after:2026-04-01 before:2026-04-01`, `after:2026-04-01 is not earlier than before:2026-04-01, so nothing could match`, 19},
	{`x after:2026-04-01 after:2026-04-02`, `after: can be given only once`, 19},
	{`x is:open`, `is: takes solved, unanswered or recommended`, 2},
	{`x is:`, `is: takes solved, unanswered or recommended`, 2},
	{`x is:solved is:unanswered`, `is:unanswered can't be combined with is:solved or is:recommended: a thread without replies has no answer`, 12},
	{`x boosts:many`, `boosts: takes a number like boosts:>5 (more than 5) or boosts:5 (at least 5)`, 2},
	{`x boosts:<5`, `boosts: takes a number like boosts:>5 (more than 5) or boosts:5 (at least 5)`, 2},
	{`x boosts:-1`, `boosts: takes a number like boosts:>5 (more than 5) or boosts:5 (at least 5)`, 2},
	{`x boosts:9999999999`, `boosts: takes a number like boosts:>5 (more than 5) or boosts:5 (at least 5)`, 2},
	{`x boosts:>`, `boosts: takes a number like boosts:>5 (more than 5) or boosts:5 (at least 5)`, 2},
	{`x boosts:3 boosts:4`, `boosts: can be given only once`, 11},
	{`x sort:oldest`, `sort: takes relevance, latest or boosts`, 2},
	{`x sort:latest sort:boosts`, `sort: can be given only once`, 14},
	{`x tag:`, `"tag:" needs a tag name like tag:swift`, 2},
	{`x tag:,,`, `"tag:" needs a tag name like tag:swift`, 2},
	{`x tag:a/b`, `tag: takes tag names of letters, digits and - _ . + # like tag:swift or tag:swift,kotlin`, 2},
	{`x tag:a,b,c,d,e,f,g,h,i,j,k`, `a query can have at most 10 tags`, 2},
	{`x subtopic:`, `subtopic: takes a subtopic name like subtopic:networking`, 2},
	{`x subtopic:net_working`, `subtopic: takes a subtopic name like subtopic:networking`, 2},
	{`x subtopic:a subtopic:b`, `subtopic: can be given only once`, 13},
	{`x user:`, `user: takes a username like user:alice`, 2},
	{`x user:álice`, `user: takes a username like user:alice`, 2},
	{`x:-`, `unknown filter "x:" — filters are tag:, subtopic:, user:, is:, boosts:, before:, after: and sort:; to search for the text itself, put it in quotes: "x:-"`, 0},
	{`x -tag:swift`, `filters can't be excluded: remove the "-" before "tag:"`, 2},
	{"x\x00y", `the query contains a NUL character`, 1},
	{"x\x1by", `the query contains a control character (U+001B)`, 1},
	{"x\u0085y", `the query contains a control character (U+0085)`, 1},
	{"ok \xff", `the query is not valid UTF-8 text`, 3},
	{strings.Repeat("ab ", 250) + "c", `the query is longer than 500 characters`, 750},
	{strings.Repeat(" ", 4000) + strings.Repeat("a", 97), `the query is longer than 500 characters`, 4096},
	{strings.Repeat("é", 501), `the query is longer than 500 characters`, 1000},
	{strings.Repeat("w ", 20) + "extra", `a query can have at most 20 words and phrases`, 40},
}

func TestParseErrors(t *testing.T) {
	for _, c := range parseErrors {
		_, err := Parse(c.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error = %v, want a *SyntaxError", c.in, err)
			continue
		}
		if se.Message != c.msg || se.Pos != c.pos {
			t.Errorf("Parse(%q)\n got %q at %d\nwant %q at %d", c.in, se.Message, se.Pos, c.msg, c.pos)
		}
	}
}

func TestParseAcceptsLimits(t *testing.T) {
	if _, err := Parse(strings.Repeat("é", 500)); err != nil {
		t.Errorf("500 characters: %v", err)
	}
	if _, err := Parse(strings.Repeat(" ", 1000) + strings.Repeat("a", 500) + "\n\t"); err != nil {
		t.Errorf("500 characters and 1000 spaces: %v", err)
	}
	if q, err := Parse(strings.Repeat("w ", 20)); err != nil || len(q.Terms) != 20 {
		t.Errorf("20 words: %d terms, %v", len(q.Terms), err)
	}
	// Words without tokens don't count against the limit.
	if _, err := Parse(strings.Repeat("w ", 20) + "&& --"); err != nil {
		t.Errorf("20 words and punctuation: %v", err)
	}
}

func TestSyntaxErrorText(t *testing.T) {
	_, err := Parse("x iss:solved")
	want := `search query: unknown filter "iss:" — did you mean "is:"? (at byte 2)`
	if err == nil || err.Error() != want {
		t.Errorf("Error() = %v, want %s", err, want)
	}
}
