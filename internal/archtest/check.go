package archtest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Package is one node of an import graph: its import path and the import
// paths of the packages it imports directly, as `go list -json` reports
// them.
type Package struct {
	ImportPath string
	Imports    []string
}

// Check returns one message per forbidden edge and per package without a
// rule, in a stable order, or none when graph follows rules. Packages
// outside module (the standard library, other modules) are not judged, and
// neither are edges to them.
func Check(module string, graph []Package, rules map[string][]string) []string {
	var problems []string
	for _, p := range graph {
		from, ok := inModule(module, p.ImportPath)
		if !ok {
			continue
		}
		may, ok := rules[from]
		if !ok {
			problems = append(problems, fmt.Sprintf("add a rule for package %s to internal/archtest/rules.go (and docs/ARCHITECTURE.md): no rule says what it may import", from))
			continue
		}
		allowed := expand(may)
		for _, imp := range p.Imports {
			to, ok := inModule(module, imp)
			if !ok || slices.Contains(allowed, to) {
				continue
			}
			problems = append(problems, fmt.Sprintf("forbidden import: %s imports %s (docs/ARCHITECTURE.md, \"What may import what\"; %s may import %s)",
				from, to, from, describe(may)))
		}
	}
	sort.Strings(problems)
	return problems
}

// inModule returns path relative to module, and whether it lies inside it.
func inModule(module, path string) (string, bool) {
	if rel, ok := strings.CutPrefix(path, module+"/"); ok {
		return rel, true
	}
	return "", false
}

func expand(may []string) []string {
	var out []string
	for _, m := range may {
		if m == leaves {
			out = append(out, Leaves...)
		} else {
			out = append(out, m)
		}
	}
	return out
}

func describe(may []string) string {
	if len(may) == 0 {
		return "nothing of parley's"
	}
	return "only " + strings.Join(may, ", ")
}
