package search

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.in)
	}
	for _, c := range parseErrors {
		f.Add(c.in)
	}
	for _, c := range findCases {
		f.Add(c.query)
	}
	for _, s := range []string{`-`, `-"`, `"-"`, `a"b"c"d`, `“x”y“`, `tag:,`, `x:-`, `x:-1`, `-x:y`, "\u2028x\u3000y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := Parse(in)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %v is not a *SyntaxError", in, err)
			}
			if se.Pos < 0 || se.Pos > len(in) || se.Message == "" {
				t.Fatalf("Parse(%q): bad error %#v", in, se)
			}
			return
		}
		if len(q.Terms) > MaxTerms || len(q.Tags) > MaxTags {
			t.Fatalf("Parse(%q) exceeded limits: %d terms, %d tags", in, len(q.Terms), len(q.Tags))
		}
		for _, term := range q.Terms {
			if len(term.Tokens) == 0 || !reflect.DeepEqual(term.Tokens, Terms(term.Text)) {
				t.Fatalf("Parse(%q): term %#v has bad tokens", in, term)
			}
		}
		checkRoundTrip(t, in)
	})
}

func FuzzIndexText(f *testing.F) {
	for _, c := range extrasCases {
		f.Add(c.doc)
	}
	for _, c := range termsCases {
		f.Add(c.word)
	}
	for _, s := range []string{docFlow, docNE, docErrno, docDomain, docSnake, docSelector, "a\xffB\xe4C", "ǅemalǄx", "İstanbulŞehir"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := IndexText(in)
		if !strings.HasPrefix(out, in) {
			t.Fatalf("IndexText(%q) = %q, does not keep the text", in, out)
		}
		extras := Extras(in)
		if extras != "" && !strings.HasPrefix(out, in+"\n"+extras) {
			t.Fatalf("IndexText(%q) = %q, want the text, a newline and %q first", in, out, extras)
		}
		if Fold(extras) != extras {
			t.Fatalf("Extras(%q) = %q, not plain lower-case tokens", in, extras)
		}
		if n := len(strings.Fields(extras)); n > maxExtraTokens {
			t.Fatalf("Extras(%q) wrote %d tokens", in, n)
		}
		// Every word of the text is found by searching for it.
		toks := engineTokens(out)
		for _, w := range strings.Fields(in) {
			term := Term{Text: w, Tokens: Terms(w)}
			if len(term.Tokens) > 0 && !termMatches(toks, term) {
				t.Fatalf("IndexText(%q): word %q (%q) not found in %q", in, w, term.Alternatives(), toks)
			}
		}
	})
}
