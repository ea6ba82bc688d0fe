package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// Porter's own examples and a few words of forum questions.
var stemCases = []struct{ word, stem string }{
	{"caresses", "caress"}, {"ponies", "poni"}, {"ties", "ti"}, {"caress", "caress"}, {"cats", "cat"},
	{"feed", "feed"}, {"agreed", "agre"}, {"plastered", "plaster"}, {"bled", "bled"}, {"motoring", "motor"},
	{"sing", "sing"}, {"conflated", "conflat"}, {"troubled", "troubl"}, {"sized", "size"}, {"hopping", "hop"},
	{"tanned", "tan"}, {"falling", "fall"}, {"hissing", "hiss"}, {"fizzed", "fizz"}, {"failing", "fail"},
	{"filing", "file"}, {"happy", "happi"}, {"sky", "sky"}, {"relational", "relat"}, {"conditional", "condit"},
	{"rational", "ration"}, {"valenci", "valenc"}, {"digitizer", "digit"}, {"conformabli", "conform"},
	{"radicalli", "radic"}, {"differentli", "differ"}, {"vileli", "vile"}, {"analogousli", "analog"},
	{"vietnamization", "vietnam"}, {"predication", "predic"}, {"operator", "oper"}, {"feudalism", "feudal"},
	{"decisiveness", "decis"}, {"hopefulness", "hope"}, {"callousness", "callous"}, {"formaliti", "formal"},
	{"sensitiviti", "sensit"}, {"sensibiliti", "sensibl"}, {"triplicate", "triplic"}, {"formative", "form"},
	{"formalize", "formal"}, {"electriciti", "electr"}, {"electrical", "electr"}, {"hopeful", "hope"},
	{"goodness", "good"}, {"revival", "reviv"}, {"allowance", "allow"}, {"inference", "infer"},
	{"airliner", "airlin"}, {"gyroscopic", "gyroscop"}, {"adjustable", "adjust"}, {"defensible", "defens"},
	{"irritant", "irrit"}, {"replacement", "replac"}, {"adjustment", "adjust"}, {"dependent", "depend"},
	{"adoption", "adopt"}, {"homologou", "homolog"}, {"communism", "commun"}, {"activate", "activ"},
	{"angulariti", "angular"}, {"homologous", "homolog"}, {"effective", "effect"}, {"bowdlerize", "bowdler"},
	{"probate", "probat"}, {"rate", "rate"}, {"cease", "ceas"}, {"controll", "control"}, {"roll", "roll"},
	{"crash", "crash"}, {"crashes", "crash"}, {"crashed", "crash"}, {"crashing", "crash"},
	{"timeout", "timeout"}, {"timeouts", "timeout"}, {"connection", "connect"}, {"connections", "connect"},
	{"connecting", "connect"}, {"generalizations", "gener"}, {"oscillators", "oscil"},
	{"a", "a"}, {"is", "is"}, {"", ""}, {"Crash", "Crash"}, {"x86", "x86"},
}

func TestStem(t *testing.T) {
	for _, c := range stemCases {
		if got := Stem(c.word); got != c.stem {
			t.Errorf("Stem(%q) = %q, want %q", c.word, got, c.stem)
		}
	}
}

// Code is never stemmed: only whole plain words are.
func TestWordStemKeepsCodeExact(t *testing.T) {
	for _, c := range []struct{ text, stem string }{
		{"crashes", "crash"}, {"Crashes", "crash"}, {"timeouts", "timeout"},
		{"EMFILE", ""}, {"HTTP", ""}, {"URLs", ""}, {"iOS", ""}, {"handleNewFlow", ""},
		{"0x600002a1c4e0", ""}, {"x86", ""}, {"an", ""}, {"1009", ""}, {"naïve", ""},
	} {
		if got := wordStem(c.text); got != c.stem {
			t.Errorf("wordStem(%q) = %q, want %q", c.text, got, c.stem)
		}
	}
	for _, c := range []struct {
		doc  string
		want []string
	}{
		{"The app crashes; crashed twice, crash logs attached", []string{"ǂcrash", "ǂlog", "ǂattach"}},
		{"nw_path_evaluator_start failed with Code=-1009 at 0x600002a1c4e0", []string{"ǂfail"}},
		{"handleNewFlow returns connections", []string{"ǂreturn", "ǂconnect"}},
	} {
		if got := stemExtras(c.doc); !slices.Equal(got, c.want) {
			t.Errorf("stemExtras(%q) = %q, want %q", c.doc, got, c.want)
		}
	}
}

func TestCJKGroups(t *testing.T) {
	for _, c := range []struct{ tok, want string }{
		{"再接続できない", "再接 接続 続で でき きな ない"},
		{"できない", "でき きな ない"},
		{"ios17で再接続", "ios17 で再 再接 接続"},
		{"再", ""},
		{"wifiの設定", "wifi の設 設定"},
		{"연결이", "연결 결이"},
		{"网络连接", "网络 络连 连接"},
		{"コンピューター", "コン ンピ ピュ ュー ータ ター"},
		{"plain", ""},
	} {
		if got := strings.Join(cjkGroup(c.tok), " "); got != c.want {
			t.Errorf("cjkGroup(%q) = %q, want %q", c.tok, got, c.want)
		}
	}
}

// A CJK word is found inside a longer clause, and a clause by its words.
func TestCJKFindsSubstrings(t *testing.T) {
	for _, c := range []struct {
		doc, query string
		want       bool
	}{
		{"Wi-Fi 切り替え後に再接続できない", "できない", true},
		{"Wi-Fi 切り替え後に再接続できない", "再接続", true},
		{"Wi-Fi 切り替え後に再接続できない", "再接続できない", true},
		{"Wi-Fi 切り替え後に再接続できない", "接続できる", false},
		{"网络连接超时", "连接", true},
		{"서버에 연결할 수 없습니다", "연결", true},
		{"Wi-Fi 切り替え後に再接続できない", "wi-fi", true},
	} {
		if got := matches(t, c.doc, c.query); got != c.want {
			t.Errorf("doc %q query %q: found = %v, want %v", c.doc, c.query, got, c.want)
		}
	}
}

func TestMatchesExactly(t *testing.T) {
	for _, c := range []struct {
		title, query string
		want         bool
	}{
		{"App crashes at launch", "crashes", true},
		{"App crashed at launch", "crashes", false},
		{"Crash at launch", "crash", true},
		{"App crashes at launch", "crash", false},
		{"handleNewFlow never called", "handleNewFlow", true},
		{"再接続できない", "できない", true},
	} {
		q, err := Parse(c.query)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.MatchesExactly(c.title); got != c.want {
			t.Errorf("MatchesExactly(%q, %q) = %v, want %v", c.query, c.title, got, c.want)
		}
		if !matches(t, c.title, c.query) {
			t.Errorf("%q does not find %q at all", c.query, c.title)
		}
	}
}

func FuzzStem(f *testing.F) {
	for _, c := range stemCases {
		f.Add(c.word)
	}
	f.Fuzz(func(t *testing.T, w string) {
		st := Stem(w)
		if len(st) > len(w)+1 {
			t.Fatalf("Stem(%q) = %q grew", w, st)
		}
		if st != "" && Fold(st) != st && st != w {
			t.Fatalf("Stem(%q) = %q is not one lower-case token", w, st)
		}
	})
}

func FuzzCJK(f *testing.F) {
	for _, s := range []string{"再接続できない", "ios17で再接続", "wifiの設定", "연결이", "a再b接c", "\xff再", "ー", "々々"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		toks := Tokenize(IndexText(in))
		for _, tok := range Tokenize(in) {
			if !utf8.ValidString(tok) {
				continue
			}
			g := cjkGroup(tok)
			if g == nil {
				continue
			}
			for _, p := range g {
				if p == "" || Fold(p) != p {
					t.Fatalf("cjkGroup(%q) has token %q", tok, p)
				}
			}
			// Every CJK word of the text is found by searching for it.
			term := Term{Text: tok, Tokens: Terms(tok)}
			found := false
			for _, p := range term.Phrases() {
				if containsPhrase(toks, p) {
					found = true
				}
			}
			if !found && len(cjkExtras(in)) < maxCJKTokens-len(g) {
				t.Fatalf("%q not found in IndexText(%q) = %q", tok, in, toks)
			}
		}
	})
}
