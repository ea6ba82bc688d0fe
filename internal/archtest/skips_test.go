package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// optInSkips are skips that are neither -short nor a missing service: a
// test the person running it asks for by setting a variable or a flag.
var optInSkips = map[string]bool{
	"internal/bench/profile_test.go":     true, // PARLEY_PROFILE_DB: profiling against a seeded database
	"internal/markup/constructs_test.go": true, // -constructs.measure: timing table of amplifying constructs
	"internal/markup/lexcost_test.go":    true, // -lexers.measure: timing table of every lexer
}

// TestSkipsGoThroughTestenv is the tripwire for a test that skips by itself
// when something is missing: under CI that skip would hide a missing
// install step. Outside internal/testenv, a test may skip only under
// -short (inside `if testing.Short()`) or in the opt-in list above;
// anything else goes through testenv.Require, which fails under CI.
func TestSkipsGoThroughTestenv(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if name := d.Name(); name == "node_modules" || name == "testdata" || (strings.HasPrefix(name, ".") && rel != ".") || rel == "internal/testenv" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || optInSkips[rel] {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		for _, pos := range straySkips(f) {
			t.Errorf("%s:%d: a skip outside internal/testenv; if it is for a missing service, browser or package, use testenv.Require so CI fails instead",
				rel, fset.Position(pos).Line)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// straySkips returns the Skip, Skipf and SkipNow calls of f that are not
// inside an `if testing.Short()` block.
func straySkips(f *ast.File) []token.Pos {
	var short []ast.Node
	var calls []*ast.CallExpr
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt:
			if isCall(n.Cond, "testing", "Short") {
				short = append(short, n.Body)
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				switch sel.Sel.Name {
				case "Skip", "Skipf", "SkipNow":
					calls = append(calls, n)
				}
			}
		}
		return true
	})
	var stray []token.Pos
	for _, c := range calls {
		inside := false
		for _, b := range short {
			if b.Pos() <= c.Pos() && c.End() <= b.End() {
				inside = true
			}
		}
		if !inside {
			stray = append(stray, c.Pos())
		}
	}
	return stray
}

func isCall(e ast.Expr, pkg, fn string) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != fn {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg
}

// TestStraySkipsAreFound shows the tripwire works: a skip for a missing
// variable is reported, a -short skip is not.
func TestStraySkipsAreFound(t *testing.T) {
	src := `package x
import ("os"; "testing")
func TestA(t *testing.T) {
	if testing.Short() { t.Skip("-short") }
	if os.Getenv("PARLEY_TEST_POSTGRES_URL") == "" { t.Skip("no PostgreSQL") }
}
func TestB(t *testing.T) { t.SkipNow() }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x_test.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, pos := range straySkips(f) {
		lines = append(lines, fset.Position(pos).Line)
	}
	if len(lines) != 2 || lines[0] != 5 || lines[1] != 7 {
		t.Fatalf("stray skips on lines %v, want [5 7]", lines)
	}
}
