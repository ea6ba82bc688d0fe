package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

// notInContract are forum.Store methods the contract suite need not call,
// each with where it is tested instead.
var notInContract = map[string]string{
	"Ping":  "the /readyz tests of internal/app",
	"Close": "every test's cleanup",
}

// TestContractCallsEveryStoreMethod is the tripwire for a store method
// added without a contract case: every method of forum.Store (all its
// capability interfaces) must be called somewhere in
// internal/store/storetest, which runs on both engines.
func TestContractCallsEveryStoreMethod(t *testing.T) {
	dir := filepath.Join("..", "store", "storetest")
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no contract suite in %s: %v", dir, err)
	}
	called := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
					called[sel.Sel.Name] = true
				}
			}
			return true
		})
	}
	store := reflect.TypeFor[forum.Store]()
	var missing []string
	for i := range store.NumMethod() {
		m := store.Method(i).Name
		if _, exempt := notInContract[m]; !exempt && !called[m] {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		t.Errorf("forum.Store methods no contract case calls: %s; add a case to internal/store/storetest so both engines are held to them",
			strings.Join(missing, ", "))
	}
}
