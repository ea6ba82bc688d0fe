package search

import (
	"reflect"
	"strings"
	"testing"
)

// termsCases pins the query-side split of one word: Terms and the unsplit
// alternative that Term.Alternatives adds.
var termsCases = []struct {
	word  string
	terms string // Terms(word) joined by spaces
}{
	{"FlowFilterProvider", "flow filter provider"},
	{"flowfilterprovider", "flowfilterprovider"},
	{"FilterProvider", "filter provider"},
	{"filter", "filter"},
	{"NEFilterDataProvider", "ne filter data provider"},
	{"NE", "ne"},
	{"URLSession", "url session"},
	{"HTTPServer2", "http server 2"},
	{"Int32Value", "int 32 value"},
	{"iOS17", "i os 17"},
	{"macOS", "mac os"},
	{"preferNoProxies", "prefer no proxies"},
	{"NoProxies", "no proxies"},
	{"EMFILE", "emfile"},
	{"Provider", "provider"},
	{"URLs", "urls"},
	{"IDs", "ids"},
	{"URLsForDirectory", "urls for directory"},
	{"GPUsAvailable", "gpus available"},
	{"Code=450", "code 450"},
	{"errno=24", "errno 24"},
	{"errno:", "errno"},
	{"ASErrorDomain", "as error domain"},
	{"CVAccessoryErrorDomain", "cv accessory error domain"},
	{"nw_path_evaluator_start", "nw path evaluator start"},
	{"nw_pathEvaluator_start", "nw path evaluator start"},
	{"skbuf_slab.c", "skbuf slab c"},
	{"com.corvid.network.helper", "com corvid network helper"},
	{"0x100a7ee60", "0x100a7ee60"},
	{"0xDeadBeef", "0xdeadbeef"},
	{"0x7FFEE4B2A8C0", "0x7ffee4b2a8c0"},
	{"E621E1F8", "e621e1f8"},
	{"26.4.2", "26 4 2"},
	{"std::vector", "std vector"},
	{"http://x", "http x"},
	{"utf8", "utf8"},
	{"UTF8String", "utf 8 string"},
	{"x86_64", "x86 64"},
	{"Ünïcödé", "ünïcödé"},
	{"ÉcoleNormale", "école normale"},
	{"北京Server", "北京server"},
	{"C++", "c"},
	{"--verbose", "verbose"},
	{"&&", ""},
	{"", ""},
}

func TestTerms(t *testing.T) {
	for _, c := range termsCases {
		got := strings.Join(Terms(c.word), " ")
		if got != c.terms {
			t.Errorf("Terms(%q) = %q, want %q", c.word, got, c.terms)
		}
	}
}

func TestTermsOfLongTokenStayWhole(t *testing.T) {
	long := strings.Repeat("Ab", 33) // 66 bytes, mixed-case
	if got := Terms(long); len(got) != 1 || got[0] != strings.ToLower(long) {
		t.Errorf("Terms(66-byte mixed-case token) = %q, want it whole", got)
	}
}

func TestAlternatives(t *testing.T) {
	cases := []struct {
		text string
		want [][]string
	}{
		{"FlowFilterProvider", [][]string{{"flow", "filter", "provider"}, {"flowfilterprovider"}}},
		{"nw_pathEvaluator_start", [][]string{{"nw", "path", "evaluator", "start"}, {"nw", "pathevaluator", "start"}}},
		{"Code=450", [][]string{{"code", "450"}}},
		{"emfile", [][]string{{"emfile"}}},
	}
	for _, c := range cases {
		term := Term{Text: c.text, Tokens: Terms(c.text)}
		if got := term.Alternatives(); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Alternatives(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestEngineExpressions(t *testing.T) {
	cases := []struct{ text, fts5, tsquery string }{
		{"FlowFilterProvider", `("flow filter provider" OR "flowfilterprovider")`, `('flow' <-> 'filter' <-> 'provider' | 'flowfilterprovider')`},
		{"Code=450", `"code 450"`, `('code' <-> '450')`},
		{"emfile", `("emfile" OR "emfil" OR "ǂemfil")`, `('emfile' | 'emfil' | 'ǂemfil')`},
		{"EMFILE", `"emfile"`, `'emfile'`},
		{"crashes", `("crashes" OR "crash" OR "ǂcrash")`, `('crashes' | 'crash' | 'ǂcrash')`},
		{"crash", `("crash" OR "ǂcrash")`, `('crash' | 'ǂcrash')`},
		{"Timeouts", `("timeouts" OR "timeout" OR "ǂtimeout")`, `('timeouts' | 'timeout' | 'ǂtimeout')`},
		{"URLs", `"urls"`, `'urls'`},
		{"できない", `("できない" OR "でき きな ない")`, `('できない' | 'でき' <-> 'きな' <-> 'ない')`},
		{"NOT", `"not"`, `'not'`},
	}
	for _, c := range cases {
		term := Term{Text: c.text, Tokens: Terms(c.text)}
		if got := term.FTS5(); got != c.fts5 {
			t.Errorf("FTS5(%q) = %s, want %s", c.text, got, c.fts5)
		}
		if got := term.TSQuery(); got != c.tsquery {
			t.Errorf("TSQuery(%q) = %s, want %s", c.text, got, c.tsquery)
		}
	}
}

func TestTokenize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Error Domain=CVAccessoryErrorDomain Code=450", "error domain cvaccessoryerrordomain code 450"},
		{"errno: 24 (Too many open files)", "errno 24 too many open files"},
		{"a_b.c-d/e:f", "a b c d e f"},
		{"café naïve", "café naïve"},
		{"x²  ½", "x² ½"},
		{"tab\tnew\nline", "tab new line"},
		{"emoji🙂inside", "emoji inside"},
		{"bad\xffbyte", "bad byte"},
		{"", ""},
	}
	for _, c := range cases {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
