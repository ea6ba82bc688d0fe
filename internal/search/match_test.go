package search

import (
	"strings"
	"testing"
	"unicode"
)

// engineTokens mimics a full-text engine's tokenizer (unicode61-like): it
// splits on anything that is not a letter, number or private-use character
// and lower-cases. It is written apart from Tokenize so the tests check the
// scheme, not the package against itself.
func engineTokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.In(r, unicode.L, unicode.N, unicode.Co)
	})
}

// hasPhrase reports whether phrase occurs as consecutive tokens of toks.
func hasPhrase(toks, phrase []string) bool {
	if len(phrase) == 0 {
		return false
	}
outer:
	for i := 0; i+len(phrase) <= len(toks); i++ {
		for j, p := range phrase {
			if toks[i+j] != p {
				continue outer
			}
		}
		return true
	}
	return false
}

// termMatches reports whether any alternative of t is a phrase of toks.
func termMatches(toks []string, t Term) bool {
	for _, alt := range t.Phrases() {
		if hasPhrase(toks, alt) {
			return true
		}
	}
	return false
}

// matches runs query against doc the way an engine would: every included
// term matches the document's index tokens and no excluded term does.
func matches(t *testing.T, doc, query string) bool {
	t.Helper()
	q, err := Parse(query)
	if err != nil {
		t.Fatalf("Parse(%q): %v", query, err)
	}
	toks := engineTokens(IndexText(doc))
	for _, term := range q.Terms {
		if termMatches(toks, term) == term.Exclude {
			return false
		}
	}
	return true
}

const (
	docFlow     = "Our FlowFilterProvider subclass never sees UDP flows after 26.4.2."
	docNE       = "Subclass NEFilterDataProvider and override handleNewFlow. URLSession and HTTPServer2 too."
	docProxy    = "Setting preferNoProxies on the configuration had no effect."
	docErrno    = "open() failed: EMFILE, errno 24 (Too many open files). Later errno=24 again; errno: 24 in the docs."
	docDomain   = "Error Domain=CVAccessoryErrorDomain Code=450 \"(null)\" and ASErrorDomain code 7"
	docSnake    = "Crash in nw_path_evaluator_start at 0x100a7ee60, see skmem_slab.c and skbuf_slab.c"
	docDotted   = "The helper com.corvid.network.helper exits with status 9."
	docStem     = "The app crashed after two timeout errors; handleNewFlow connects, then Code=-1009 at 0x600002a1c4e0."
	docCJK      = "Wi-Fi 切り替え後に再接続できない"
	docLower    = "i typed flowfilterprovider and urlsession in lower case"
	docSelector = "Calling NEFilterDataProvider.startFilter(completionHandler:) twice"
)

// findCases are the findability requirements: doc, query, found or not.
var findCases = []struct {
	doc, query string
	want       bool
}{
	{docFlow, "FlowFilterProvider", true},
	{docFlow, "flowfilterprovider", true},
	{docFlow, "flow filter provider", true},
	{docFlow, "FilterProvider", true},
	{docFlow, "filterprovider", true},
	{docFlow, "filter", true},
	{docFlow, "FlowFilter", true},
	{docFlow, `"filter provider"`, true},
	{docFlow, "ProviderFilter", false},
	{docFlow, "filters", true}, // by its stem, filter, a part of FlowFilterProvider
	// English stems: any form finds the others; quotes and code stay exact.
	{docStem, "crash", true},
	{docStem, "crashes", true},
	{docStem, "crashing", true},
	{docStem, `"crashes"`, false},
	{docStem, `"crash"`, false},
	{docStem, "app -crashed", false},
	{docStem, "app -crash", true},
	{docStem, "timeout", true},
	{docStem, "timeouts", true},
	{docStem, "connection", true},
	{docStem, "handleNewFlow", true},
	{docStem, "handleNewFlows", false},
	{docStem, "Code=-1009", true},
	{docStem, "0x600002a1c4e0", true},
	{docStem, "0x600002a1c4e", false},
	// CJK: a word inside a clause, in a title with Latin words.
	{docCJK, "できない", true},
	{docCJK, "再接続", true},
	{docCJK, "再接続できない", true},
	{docCJK, "接続できる", false},
	{docCJK, "wi-fi", true},
	{docFlow, "26.4.2", true},
	{docFlow, "26.4.3", false},
	{docNE, "NEFilterDataProvider", true},
	{docNE, "nefilterdataprovider", true},
	{docNE, "filter data provider", true},
	{docNE, "FilterDataProvider", true},
	{docNE, "filterdataprovider", true},
	{docNE, "FilterData", true},
	{docNE, "NE", true},
	{docNE, "ne", true},
	{docNE, "url session", true},
	{docNE, "URLSession", true},
	{docNE, "http server 2", true},
	{docNE, "HTTPServer", true},
	{docNE, "Server2", true},
	{docNE, "server2", true},
	{docNE, "DataFilter", false},
	{docNE, "ProviderURL", false},
	{docProxy, "preferNoProxies", true},
	{docProxy, "prefernoproxies", true},
	{docProxy, "prefer no proxies", true},
	{docProxy, "NoProxies", true},
	{docProxy, "noproxies", true},
	{docProxy, "NoPrefer", false},
	{docErrno, "EMFILE", true},
	{docErrno, "emfile", true},
	{docErrno, "errno 24", true},
	{docErrno, "errno=24", true},
	{docErrno, "errno:24", true},
	{docErrno, `"errno 24"`, true},
	{docErrno, `"too many open files"`, true},
	{docErrno, "errno=25", false},
	{docDomain, "Code=450", true},
	{docDomain, "code 450", true},
	{docDomain, "code=451", false},
	{docDomain, "CVAccessoryErrorDomain", true},
	{docDomain, "ASErrorDomain", true},
	{docDomain, "ErrorDomain", true},
	{docDomain, "errordomain", true},
	{docDomain, "Accessory error domain", true},
	{docDomain, `"Error Domain=CVAccessoryErrorDomain Code=450"`, true},
	{docSnake, "nw_path_evaluator_start", true},
	{docSnake, "path_evaluator", true},
	{docSnake, "path evaluator", true},
	{docSnake, "evaluator_start", true},
	{docSnake, "evaluator_path", false},
	{docSnake, "skmem_slab.c", true},
	{docSnake, "skbuf_slab.c", true},
	{docSnake, "slab", true},
	{docSnake, "skbuf_slab", true},
	{docSnake, "skmem_buf", false},
	{docSnake, "0x100a7ee60", true},
	{docSnake, "0x100a7ee6", false},
	{docDotted, "com.corvid.network.helper", true},
	{docDotted, "corvid.network", true},
	{docDotted, "network", true},
	{docDotted, "network.corvid", false},
	{docLower, "FlowFilterProvider", true},
	{docLower, "URLSession", true},
	{docLower, "FilterProvider", false},
	{docSelector, "NEFilterDataProvider.startFilter", true},
	{docSelector, "Provider.startFilter", true},
	{docSelector, "startFilter", true},
	{docSelector, "completionHandler", true},
	{docFlow, "FlowFilterProvider -UDP", false},
	{docFlow, "FlowFilterProvider -TCP", true},
	{docFlow, `FlowFilterProvider -"udp flows"`, false},
	{docFlow, "FlowFilterProvider -FilterProvider", false},
}

func TestFindability(t *testing.T) {
	for _, c := range findCases {
		if got := matches(t, c.doc, c.query); got != c.want {
			t.Errorf("doc %q\nquery %q: found = %v, want %v", c.doc, c.query, got, c.want)
		}
	}
}
