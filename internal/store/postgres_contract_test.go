package store_test

import (
	"os"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestPostgresContract runs the store contract on PostgreSQL, one fresh
// database per subtest, when PARLEY_TEST_POSTGRES_URL names a server.
func TestPostgresContract(t *testing.T) {
	t.Parallel() // its own databases
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skip("PARLEY_TEST_POSTGRES_URL not set: skipping PostgreSQL contract suite")
	}
	storetest.Run(t, func(t *testing.T) forum.Store {
		return openStore(t, storetest.PostgresURL(t))
	})
}
