package search

import (
	"database/sql"
	"sort"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // tsvector, to check the scheme against the real engine

	"github.com/parley-forum/parley/internal/testenv"
)

// openPostgres connects to the database named by PARLEY_TEST_POSTGRES_URL,
// on one connection so that temporary tables stay visible.
func openPostgres(t *testing.T) *sql.DB {
	t.Helper()
	url := testenv.PostgresServer(t)
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatalf("postgres: %v", err)
	}
	return db
}

func TestPostgresFinds(t *testing.T) {
	db := openPostgres(t)
	mustExec(t, db, `CREATE TEMP TABLE search_docs (id int PRIMARY KEY, tsv tsvector)`)
	t.Cleanup(func() { db.Exec(`DROP TABLE IF EXISTS search_docs`) })
	for i, d := range docsForEngines() {
		mustExec(t, db, `INSERT INTO search_docs VALUES ($1, to_tsvector('simple', $2))`, i+1, Fold(IndexText(d)))
	}
	checkEngine(t, func(t *testing.T, q Query, id int) bool {
		include, exclude := q.MatchTSQuery()
		query := `SELECT count(*) FROM search_docs WHERE id = $1 AND tsv @@ to_tsquery('simple', $2)`
		args := []any{id, include}
		if exclude != "" {
			query += ` AND NOT tsv @@ to_tsquery('simple', $3)`
			args = append(args, exclude)
		}
		var n int
		if err := db.QueryRow(query, args...).Scan(&n); err != nil {
			t.Fatalf("tsquery %q / %q: %v", include, exclude, err)
		}
		return n == 1
	})
}

func TestPostgresTokenizes(t *testing.T) {
	db := openPostgres(t)
	for _, s := range tokenizerSamples {
		rows, err := db.Query(`SELECT lexeme, unnest(positions) FROM unnest(to_tsvector('simple', $1))`, Fold(s))
		if err != nil {
			t.Fatal(err)
		}
		type at struct {
			lexeme string
			pos    int
		}
		var got []at
		for rows.Next() {
			var a at
			if err := rows.Scan(&a.lexeme, &a.pos); err != nil {
				t.Fatal(err)
			}
			got = append(got, a)
		}
		rows.Close()
		sort.Slice(got, func(i, j int) bool { return got[i].pos < got[j].pos })
		var lex []string
		for _, a := range got {
			lex = append(lex, a.lexeme)
		}
		if want := Tokenize(s); strings.Join(lex, " ") != strings.Join(want, " ") {
			t.Errorf("PostgreSQL tokens of %q\n got %q\nwant %q", s, lex, want)
		}
	}
}
