package archtest

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/testenv"
)

// TestImportGraphFollowsTheRules reads parley's real import graph and fails
// on every forbidden edge and every package without a rule, naming it.
func TestImportGraphFollowsTheRules(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	testenv.Require(t, "the go command", err == nil, "go is not on PATH, so the import graph cannot be read")
	module, graph, err := Load(goCmd, ".")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, p := range graph {
		if _, ok := inModule(module, p.ImportPath); ok {
			seen++
		}
	}
	// A graph without parley's own packages would pass vacuously.
	if _, ok := Rules["internal/forum"]; !ok || seen < 20 {
		t.Fatalf("go list found %d of %s's packages; the graph was not read", seen, module)
	}
	for _, problem := range Check(module, graph, Rules) {
		t.Error(problem)
	}
}

// TestCheckCatchesForbiddenEdges feeds synthetic graphs to the same checker:
// each forbidden edge is reported by name, allowed ones are not, and a
// package the rules do not know fails with "add a rule".
func TestCheckCatchesForbiddenEdges(t *testing.T) {
	const m = "example.com/parley"
	pkg := func(from string, imports ...string) Package {
		p := Package{ImportPath: m + "/" + from}
		for _, to := range imports {
			if strings.HasPrefix(to, "internal/") || strings.HasPrefix(to, "cmd/") {
				to = m + "/" + to
			}
			p.Imports = append(p.Imports, to) // else stdlib or another module
		}
		return p
	}
	cases := []struct {
		name  string
		graph []Package
		want  []string // fragments, one per expected problem; none means clean
	}{
		{"web imports store", []Package{pkg("internal/web", "internal/forum", "internal/store")},
			[]string{"internal/web imports internal/store"}},
		{"api imports store", []Package{pkg("internal/api", "internal/store/sqlite")},
			[]string{"internal/api imports internal/store/sqlite"}},
		{"forum imports store", []Package{pkg("internal/forum", "internal/markup", "internal/store")},
			[]string{"internal/forum imports internal/store"}},
		{"leaf imports forum", []Package{pkg("internal/markup", "internal/forum")},
			[]string{"internal/markup imports internal/forum"}},
		{"engine seam imports store", []Package{pkg("internal/store/sqlite", "internal/store")},
			[]string{"internal/store/sqlite imports internal/store"}},
		{"web imports app", []Package{pkg("internal/web", "internal/app")},
			[]string{"internal/web imports internal/app"}},
		{"store imports jobs", []Package{pkg("internal/store", "internal/jobs")},
			[]string{"internal/store imports internal/jobs"}},
		{"jobs imports store", []Package{pkg("internal/jobs", "internal/store")},
			[]string{"internal/jobs imports internal/store"}},
		{"unknown package", []Package{pkg("internal/uploads", "internal/forum")},
			[]string{"add a rule for package internal/uploads"}},
		{"two problems", []Package{pkg("internal/web", "internal/store", "internal/bench"), pkg("internal/identity", "internal/web")},
			[]string{"internal/identity imports internal/web", "internal/web imports internal/bench", "internal/web imports internal/store"}},
		{"allowed edges", []Package{
			pkg("internal/web", "internal/forum", "internal/identity", "internal/api", "internal/pagecache", "net/http", "github.com/x/y"),
			pkg("internal/app", "internal/store", "internal/web", "internal/jobs", "internal/live"),
			pkg("internal/jobs", "internal/metrics", "github.com/riverqueue/river"),
			pkg("cmd/parley", "internal/app"),
			pkg("internal/markup", "github.com/yuin/goldmark"),
		}, nil},
		{"outside the module", []Package{{ImportPath: "github.com/other/web", Imports: []string{m + "/internal/store"}}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Check(m, c.graph, Rules)
			if len(got) != len(c.want) {
				t.Fatalf("problems %q, want %d matching %q", got, len(c.want), c.want)
			}
			for i, frag := range c.want {
				if !strings.Contains(got[i], frag) {
					t.Errorf("problem %d is %q, want it to say %q", i, got[i], frag)
				}
			}
		})
	}
}
