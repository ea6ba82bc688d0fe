package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// engineOnlySQL are fragments that only one engine understands. They
// belong in store/sqlite or store/postgres, behind the dialect interface.
var engineOnlySQL = []string{
	"PRAGMA", "sqlite_master", "MATCH ?", "bm25(", "rowid", "delete-all", // SQLite
	"tsvector", "to_tsquery", "ts_rank", "setval(", "COLLATE", "$1", "::", // PostgreSQL
}

// TestPortableSQLOnly keeps the dialect seam honest: no string literal in
// this package's non-test files holds SQL that only one engine speaks, so
// every query here is portable and every fork is in the two dialect files.
func TestPortableSQLOnly(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, frag := range engineOnlySQL {
				if strings.Contains(s, frag) {
					t.Errorf("%s: %q is engine-specific SQL; move it behind the dialect (store/sqlite, store/postgres)",
						fset.Position(lit.Pos()), frag)
				}
			}
			return true
		})
	}
	if checked < 10 {
		t.Fatalf("checked only %d files", checked)
	}
}
