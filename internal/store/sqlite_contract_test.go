package store_test

import (
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestSQLiteContract runs the store contract on a SQLite file per subtest.
func TestSQLiteContract(t *testing.T) {
	t.Parallel() // its own databases
	storetest.Run(t, func(t *testing.T) forum.Store {
		return openStore(t, storetest.SQLiteURL(t))
	})
}
