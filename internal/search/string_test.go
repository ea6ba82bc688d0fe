package search

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

func TestStringCanonical(t *testing.T) {
	cases := []struct{ in, want string }{
		{"  FlowFilterProvider   crash ", "FlowFilterProvider crash"},
		{`“smart  quotes”`, `"smart quotes"`},
		{`-"file descriptor" EMFILE`, `-"file descriptor" EMFILE`},
		{`sort:latest TAG:Swift x tag:kotlin`, `x tag:swift,kotlin sort:latest`},
		{`x sort:relevance`, `x`},
		{`boosts:>5 x`, `x boosts:6`},
		{`boosts:>=5 x`, `x boosts:5`},
		{`before:2026-04-27 after:2026-01-01 user:@Alice subtopic:Networking is:recommended is:solved x`,
			`x subtopic:networking user:alice is:solved is:recommended after:2026-01-01 before:2026-04-27`},
		{`is:unanswered`, `is:unanswered`},
		{`&& x`, `x`},
	}
	for _, c := range cases {
		q, err := Parse(c.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		if got := q.String(); got != c.want {
			t.Errorf("Parse(%q).String() = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestStringRoundTrip checks every valid table query: String parses back to
// an equal Query and never has more characters other than white space than
// the input, which is what the length limit counts.
func TestStringRoundTrip(t *testing.T) {
	for _, c := range parseCases {
		checkRoundTrip(t, c.in)
	}
}

func checkRoundTrip(t *testing.T, in string) {
	t.Helper()
	q, err := Parse(in)
	if err != nil {
		return
	}
	s := q.String()
	back, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q).String() = %q, which does not parse: %v", in, s, err)
	}
	if !reflect.DeepEqual(back, q) {
		t.Fatalf("round trip of %q through %q\n got %#v\nwant %#v", in, s, back, q)
	}
	if nonSpace(s) > nonSpace(in) {
		t.Fatalf("String() of %q has more non-space characters than the query: %q", in, s)
	}
}

func TestIncludedExcluded(t *testing.T) {
	q, err := Parse(`a -b "c d" -"e f"`)
	if err != nil {
		t.Fatal(err)
	}
	var inc, exc []string
	for _, t := range q.Included() {
		inc = append(inc, t.Text)
	}
	for _, t := range q.Excluded() {
		exc = append(exc, t.Text)
	}
	if !reflect.DeepEqual(inc, []string{"a", "c d"}) || !reflect.DeepEqual(exc, []string{"b", "e f"}) {
		t.Errorf("Included = %q, Excluded = %q", inc, exc)
	}
}

func TestHelpMentionsEveryFilter(t *testing.T) {
	for _, f := range filterNames {
		if !strings.Contains(HelpMarkdown, "`"+f+":") {
			t.Errorf("HelpMarkdown does not explain %s:", f)
		}
	}
}

func nonSpace(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// TestHelpExamplesParse keeps the help's example queries valid.
func TestHelpExamplesParse(t *testing.T) {
	examples := []string{
		"`crash -simulator`", "`EMFILE -\"file descriptor\"`", "`\"too many open files\"`",
		"`tag:swift`", "`tag:swift,kotlin`", "`subtopic:networking`", "`user:alice`",
		"`EMFILE is:solved`", "`tag:kotlin is:unanswered`", "`is:recommended URLSession`",
		"`boosts:>10`", "`after:2026-01-01`", "`before:2026-04-27`", "`sort:latest x`",
		"`error:`", "`std::vector`", "`http://example.com`", "`errno:24`", "`\"lang:swift\"`",
		"`--verbose`", "`-1`", "`after:2026-04-01 before:2026-04-02`",
	}
	for _, ex := range examples {
		if ex != "`sort:latest x`" && !strings.Contains(HelpMarkdown, ex) {
			t.Errorf("HelpMarkdown no longer shows %s", ex)
		}
		if _, err := Parse(strings.Trim(ex, "`")); err != nil {
			t.Errorf("help example %s: %v", ex, err)
		}
	}
}
