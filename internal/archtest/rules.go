package archtest

// Leaves import nothing of parley's, so any package may use them without
// creating a cycle or reaching past its layer.
var Leaves = []string{
	"internal/markup", "internal/auth", "internal/ratelimit", "internal/httpx",
	"internal/feed", "internal/reltime", "internal/demo", "internal/config",
	"internal/live", "internal/metrics", "internal/archive", "internal/search",
	"internal/pagecache", "internal/loadgen",
	"internal/mail",    // outbound SMTP and the email templates
	"internal/testenv", // test support: what tests need from the machine
}

// leaves stands for every package in Leaves in a rule.
const leaves = "leaves"

// Rules says, for each package of the module (by its path inside the
// module), which of parley's packages it may import directly. Leaves have
// the empty rule. Keep it in step with docs/ARCHITECTURE.md.
var Rules = map[string][]string{
	// The domain sees no SQL and no HTTP.
	"internal/forum": {leaves},
	// All SQL, implementing forum.Store; the engine dialects import their
	// drivers, the search leaf and the small seam types they share with
	// the store, never the store or the domain.
	"internal/store":          {"internal/forum", "internal/search", "internal/archive", "internal/store/sqlite", "internal/store/postgres", "internal/store/seam"},
	"internal/store/sqlite":   {"internal/search", "internal/store/seam"},
	"internal/store/postgres": {"internal/search", "internal/store/seam"},
	"internal/store/seam":     {},
	// Seeding writes through the store's bulk path, not the Service.
	"internal/bench":    {"internal/forum", "internal/store", "internal/markup", "internal/loadgen"},
	"internal/identity": {"internal/forum", "internal/auth"},
	// The surfaces reach the domain only through forum.Service, never
	// the store; web hands .json twins of its pages to api.
	"internal/api": {"internal/forum", "internal/identity", leaves},
	"internal/web": {"internal/forum", "internal/identity", "internal/api", leaves},
	// The durable job queue: job kinds and workers that app starts and
	// stops; only app imports it.
	"internal/jobs": {leaves},
	// The composition root imports everything; only main and the test
	// harness import it.
	"internal/app": {"internal/forum", "internal/store", "internal/store/sqlite", "internal/store/postgres",
		"internal/bench", "internal/identity", "internal/api", "internal/web", "internal/jobs", leaves},
	"cmd/parley": {"internal/app"},
	// Test support linked into tests only.
	"internal/forumtest":       {"internal/app", "internal/forum", leaves},
	"internal/store/storetest": {"internal/forum", leaves},
	"internal/crashtest":       {},
	"internal/archtest":        {},
	"internal/natstest":        {"internal/testenv"},
	"internal/mailtest":        {"internal/testenv"},
	"internal/faults":          {"internal/forum"},
	"e2e":                      {},
}

func init() {
	for _, p := range Leaves {
		Rules[p] = []string{}
	}
}
