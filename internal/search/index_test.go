package search

import (
	"fmt"
	"strings"
	"testing"
)

// extrasCases pins the index side: the exact extra tokens for a document.
var extrasCases = []struct {
	doc, extras string
}{
	{"plain prose, no identifiers", ""},
	{"EMFILE errno 24 Too many open files", ""},
	{"nw_path_evaluator_start skbuf_slab.c com.corvid.network.helper 0x100a7ee60 26.4.2", ""},
	{"FlowFilterProvider", "flowfilterprovider flowfilter filterprovider flow filter provider"},
	{"NEFilterDataProvider",
		"nefilterdataprovider nefilterdata filterdataprovider nefilter filterdata dataprovider ne filter data provider"},
	{"URLSession", "urlsession url session"},
	{"HTTPServer2", "httpserver2 httpserver server2 http server 2"},
	{"preferNoProxies", "prefernoproxies preferno noproxies prefer no proxies"},
	{"nw_pathEvaluator_start", "pathevaluator nw path evaluator start"},
	{"NEFilterDataProvider.startFilter()",
		"nefilterdataprovider nefilterdata filterdataprovider nefilter filterdata dataprovider startfilter ne filter data provider start filter"},
	{"Error Domain=CVAccessoryErrorDomain Code=450",
		"cvaccessoryerrordomain cvaccessoryerror accessoryerrordomain cvaccessory accessoryerror errordomain cv accessory error domain"},
	// The same identifier twice, and one that differs only in connectors'
	// surroundings, give one group.
	{"URLSession failed; URLSession retried (URLSession)", "urlsession url session"},
	// Different spellings with the same parts give one group.
	{"FooBar FOOBar", "foobar foo bar"},
	{"0xDeadBeef iOS", "ios i os"},
	// Line numbers don't make new groups.
	{"at FlowFilterProvider.swift:41 and FlowFilterProvider.swift:97",
		"flowfilterprovider flowfilter filterprovider flow filter provider swift"},
	{"URLs and IDs", ""},
}

func TestExtras(t *testing.T) {
	for _, c := range extrasCases {
		if got := Extras(c.doc); got != c.extras {
			t.Errorf("Extras(%q)\n got %q\nwant %q", c.doc, got, c.extras)
		}
	}
}

func TestIndexTextKeepsOriginal(t *testing.T) {
	for _, c := range extrasCases {
		got := IndexText(c.doc)
		want := c.doc
		if c.extras != "" {
			want += "\n" + c.extras
		}
		if stems := stemExtras(c.doc); len(stems) > 0 {
			want += "\n" + strings.Join(stems, " ")
		}
		if got != want {
			t.Errorf("IndexText(%q) = %q, want %q", c.doc, got, want)
		}
	}
}

func TestExtrasManyParts(t *testing.T) {
	// Ten parts: only runs touching either end are glued.
	id := "AaBbCcDdEeFfGgHhIiJj"
	got := strings.Fields(Extras(id))
	has := map[string]bool{}
	for _, g := range got {
		has[g] = true
	}
	for _, want := range []string{"aabbccddeeffgghhiijj", "aabb", "iijj", "aabbccddeeffgghhii", "bbccddeeffgghhiijj", "aa", "jj"} {
		if !has[want] {
			t.Errorf("Extras(%s) lacks %q", id, want)
		}
	}
	if has["ccdd"] {
		t.Errorf("Extras(%s) glued an inner run of a 10-part identifier: %q", id, got)
	}
	// whole + 2*(8 lengths 2..9) glued runs + 10 parts.
	if len(got) != 1+2*8+10 {
		t.Errorf("Extras(%s) wrote %d tokens, want %d", id, len(got), 1+2*8+10)
	}
}

func TestExtrasSkipsLongTokens(t *testing.T) {
	long := strings.Repeat("Xy", 40) // 80 bytes
	if got := Extras(long); got != "" {
		t.Errorf("Extras(80-byte token) = %q, want nothing", got)
	}
}

func TestExtrasLongIdentifierFallsBackToTokens(t *testing.T) {
	path := "Sources/NetworkingKit/Providers/Filtering/FlowFilterProvider_Extensions.swift" // > 64 bytes
	got := Extras(path)
	want := "networkingkit networking kit flowfilterprovider flowfilter filterprovider flow filter provider"
	if got != want {
		t.Errorf("Extras(long path) = %q, want %q", got, want)
	}
}

func TestExtrasCap(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "Type%dValue ", i) // a distinct group of 6 tokens each
	}
	got := strings.Fields(Extras(b.String()))
	if len(got) > maxExtraTokens {
		t.Fatalf("Extras wrote %d tokens, cap is %d", len(got), maxExtraTokens)
	}
	if len(got) < maxExtraTokens-20 {
		t.Errorf("Extras stopped at %d tokens, well under the cap %d", len(got), maxExtraTokens)
	}
	// Groups are cut whole, never in the middle: the last token is the
	// final part of some group.
	if last := got[len(got)-1]; last != "value" {
		t.Errorf("last extra token = %q, want a group's last part", last)
	}
}

func TestExtrasGrowWithDistinctIdentifiersOnly(t *testing.T) {
	one := Extras("NEFilterDataProvider")
	many := Extras(strings.Repeat("NEFilterDataProvider crashed in startFilter again\n", 500))
	want := one + " startfilter start filter"
	if many != want {
		t.Errorf("Extras of a repetitive log = %q, want %q", many, want)
	}
}
