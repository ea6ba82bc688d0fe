package store_test

import (
	"os"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/storetest"
	"github.com/parley-forum/parley/internal/testenv"
)

// TestPostgresContract runs the store contract on PostgreSQL, one fresh
// database per subtest, when PARLEY_TEST_POSTGRES_URL names a server.
func TestPostgresContract(t *testing.T) {
	t.Parallel() // its own databases
	testenv.Require(t, "PostgreSQL", os.Getenv(storetest.PostgresEnv) != "", storetest.PostgresEnv+" is not set")
	storetest.Run(t, func(t *testing.T) forum.Store {
		return openStore(t, storetest.PostgresURL(t))
	})
}
