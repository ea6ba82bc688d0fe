package storetest

import (
	"path/filepath"
	"testing"

	"github.com/parley-forum/parley/internal/testenv"
)

// SQLiteURL returns the path of a new SQLite database file in the test's
// temporary folder, removed when the test ends.
func SQLiteURL(t testing.TB) string {
	t.Helper()
	testenv.Ran(t, testenv.SQLite)
	return filepath.Join(t.TempDir(), "parley.db")
}
