package search

import (
	"database/sql"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // FTS5, to check the scheme against the real engine
)

// tokenizerSamples are texts whose tokens the engines must see exactly as
// Tokenize does.
var tokenizerSamples = []string{
	"Error Domain=CVAccessoryErrorDomain Code=450 \"(null)\"",
	"nw_path_evaluator_start skbuf_slab.c com.corvid.network.helper",
	"0x100a7ee60 26.4.2 1e5 24abc abc24 x86_64 errno=24 errno: 24",
	"café naïve Ünïcödé ÉCOLE 北京 東京タワー Привет ΣΊΣΥΦΟΣ ǅemal",
	"std::vector<int> http://example.com/a?b=c foo@bar.com --verbose -1",
	IndexText("NEFilterDataProvider.startFilter and preferNoProxies"),
}

// docsForEngines returns the distinct documents of findCases.
func docsForEngines() []string {
	var docs []string
	for _, c := range findCases {
		if !contains(docs, c.doc) {
			docs = append(docs, c.doc)
		}
	}
	return docs
}

// engineFinds asks an engine whether query finds doc number i (1-based)
// of docsForEngines.
type engineFinds func(t *testing.T, q Query, id int) bool

// checkEngine runs findCases through a real engine.
func checkEngine(t *testing.T, finds engineFinds) {
	docs := docsForEngines()
	for _, c := range findCases {
		q, err := Parse(c.query)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.query, err)
		}
		id := 0
		for i, d := range docs {
			if d == c.doc {
				id = i + 1
			}
		}
		if got := finds(t, q, id); got != c.want {
			t.Errorf("doc %q\nquery %q: found = %v, want %v", c.doc, c.query, got, c.want)
		}
	}
}

func openSQLite(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one in-memory database
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func TestSQLiteFTS5Finds(t *testing.T) {
	db := openSQLite(t)
	mustExec(t, db, `CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = 'unicode61 remove_diacritics 0')`)
	for i, d := range docsForEngines() {
		mustExec(t, db, `INSERT INTO docs(rowid, body) VALUES (?, ?)`, i+1, IndexText(d))
	}
	checkEngine(t, func(t *testing.T, q Query, id int) bool {
		include, exclude := q.MatchFTS5()
		var n int
		err := db.QueryRow(`SELECT count(*) FROM docs WHERE docs MATCH ? AND rowid = ?
			AND rowid NOT IN (SELECT rowid FROM docs WHERE docs MATCH ?)`, include, id, nonEmpty(exclude)).Scan(&n)
		if err != nil {
			t.Fatalf("MATCH %q NOT %q: %v", include, exclude, err)
		}
		return n == 1
	})
}

// nonEmpty turns an absent exclusion into one that matches nothing.
func nonEmpty(expr string) string {
	if expr == "" {
		return `"zzznothingzzz"`
	}
	return expr
}

func TestSQLiteFTS5Tokenizes(t *testing.T) {
	db := openSQLite(t)
	mustExec(t, db, `CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 0')`)
	mustExec(t, db, `CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')`)
	for i, s := range tokenizerSamples {
		mustExec(t, db, `INSERT INTO t(rowid, body) VALUES (?, ?)`, i+1, s)
		rows, err := db.Query(`SELECT term FROM v WHERE doc = ? ORDER BY offset`, i+1)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var term string
			if err := rows.Scan(&term); err != nil {
				t.Fatal(err)
			}
			got = append(got, term)
		}
		rows.Close()
		if want := Tokenize(s); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("FTS5 tokens of %q\n got %q\nwant %q", s, got, want)
		}
	}
}
