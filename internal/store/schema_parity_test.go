package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/store/storetest"
)

// engineOnly lists the tables that exist, or differ, on one engine by
// design; everything of theirs (columns, indexes, keys) is left out of the
// comparison. Anything else must match.
var engineOnly = map[string]string{
	// SQLite: contentless FTS5 tables and their shadow tables
	// (post_search_data, _idx, _config, …). PostgreSQL: a side table of
	// tsvectors under a GIN index. Same purpose, engine-specific shape.
	"post_search":       "search index: FTS5 on SQLite, tsvector + GIN on PostgreSQL",
	"post_search_title": "search index of titles: FTS5 on SQLite only",
}

func engineOnlyTable(name string) bool {
	for t := range engineOnly {
		if name == t || strings.HasPrefix(name, t+"_") {
			return true
		}
	}
	return false
}

// TestSchemaParity migrates a fresh database on each engine and compares
// what each really holds, read from the engine's own catalog (sqlite_master
// and pragmas; pg_catalog and information_schema): every table, column
// (type family, NOT NULL, default), primary key, unique constraint, named
// index, foreign key and CHECK constraint must exist on both, except for
// the engine-only search tables listed in engineOnly. Types are compared
// by family (INTEGER and BIGINT are both int), since that is how the two
// 0001 files differ by design.
func TestSchemaParity(t *testing.T) {
	t.Parallel() // its own databases
	ctx := context.Background()
	lite := openStore(t, storetest.SQLiteURL(t))
	pg := openStore(t, storetest.PostgresURL(t))

	lv, err := lite.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pv, err := pg.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if lv != pv {
		t.Errorf("schema version %d on SQLite, %d on PostgreSQL", lv, pv)
	}

	ls, ps := sqliteSchema(t, lite.Engine().Read), postgresSchema(t, pg.Engine().Read)
	if len(ls) < 20 {
		t.Fatalf("read only %d schema facts from SQLite: the catalog queries are wrong", len(ls))
	}
	for _, f := range ls {
		if !slices.Contains(ps, f) {
			t.Errorf("only on SQLite: %s", f)
		}
	}
	for _, f := range ps {
		if !slices.Contains(ls, f) {
			t.Errorf("only on PostgreSQL: %s", f)
		}
	}
}

// typeFamily maps a declared column type to what the engines agree on.
func typeFamily(decl string) string {
	d := strings.ToUpper(decl)
	switch {
	case strings.Contains(d, "INT"):
		return "int"
	case strings.Contains(d, "TEXT"), strings.Contains(d, "CHAR"):
		return "text"
	case strings.Contains(d, "BOOL"):
		return "bool"
	}
	return strings.ToLower(decl)
}

// pgCast is the type cast PostgreSQL appends to a default ('x'::text).
var pgCast = regexp.MustCompile(`::[a-z ]+$`)

func column(table, name, typ string, notNull bool, dflt sql.NullString) string {
	d := "none"
	if dflt.Valid {
		d = pgCast.ReplaceAllString(dflt.String, "")
	}
	null := "null"
	if notNull {
		null = "not null"
	}
	return fmt.Sprintf("column %s.%s %s %s default %s", table, name, typeFamily(typ), null, d)
}

func sqliteSchema(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var facts []string
	tables := map[string]string{}
	rows := queryAll(t, db, `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	for _, r := range rows {
		if !engineOnlyTable(r[0]) {
			tables[r[0]] = r[1]
		}
	}
	for table, ddl := range tables {
		facts = append(facts, "table "+table)
		var pk []string
		for _, c := range queryAll(t, db, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`, table) {
			// SQLite lets NULL into a non-integer primary key column; the
			// schema means NOT NULL there, as PostgreSQL enforces.
			inPK := c[4] != "0"
			facts = append(facts, column(table, c[0], c[1], c[2] == "1" || inPK, sql.NullString{String: c[3], Valid: c[3] != "\x00"}))
			if inPK {
				pk = append(pk, c[4]+":"+c[0])
			}
		}
		if len(pk) > 0 {
			slices.Sort(pk) // by position in the key
			for i := range pk {
				_, pk[i], _ = strings.Cut(pk[i], ":")
			}
			facts = append(facts, fmt.Sprintf("primary key %s(%s)", table, strings.Join(pk, ", ")))
		}
		for _, ix := range queryAll(t, db, `SELECT name, "unique", origin FROM pragma_index_list(?)`, table) {
			var cols []string
			for _, c := range queryAll(t, db, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, ix[0]) {
				cols = append(cols, c[0])
			}
			switch {
			case ix[2] == "pk":
				facts = append(facts, fmt.Sprintf("primary key %s(%s)", table, strings.Join(cols, ", ")))
			case ix[1] == "1":
				facts = append(facts, fmt.Sprintf("unique %s(%s)", table, strings.Join(cols, ", ")))
			default:
				facts = append(facts, fmt.Sprintf("index %s on %s(%s)", ix[0], table, strings.Join(cols, ", ")))
			}
		}
		for _, fk := range queryAll(t, db, `SELECT "from", "table", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq`, table) {
			facts = append(facts, fmt.Sprintf("foreign key %s(%s) references %s(%s)", table, fk[0], fk[1], fk[2]))
		}
		if n := strings.Count(strings.ToUpper(ddl), "CHECK"); n > 0 {
			facts = append(facts, fmt.Sprintf("checks on %s: %d", table, n))
		}
	}
	return unique(facts)
}

func postgresSchema(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var facts []string
	for _, r := range queryAll(t, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`) {
		if !engineOnlyTable(r[0]) {
			facts = append(facts, "table "+r[0])
		}
	}
	for _, c := range queryAll(t, db, `SELECT table_name, column_name, data_type, is_nullable, column_default
		FROM information_schema.columns WHERE table_schema = current_schema()`) {
		if !engineOnlyTable(c[0]) {
			facts = append(facts, column(c[0], c[1], c[2], c[3] == "NO", sql.NullString{String: c[4], Valid: c[4] != "\x00"}))
		}
	}
	// Every index, with its columns in key order: primary keys and unique
	// constraints are indexes too.
	for _, ix := range queryAll(t, db, `SELECT t.relname, i.relname, ix.indisprimary, ix.indisunique,
			array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
				JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ', ')
		FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()`) {
		if engineOnlyTable(ix[0]) {
			continue
		}
		switch {
		case ix[2] == "true":
			facts = append(facts, fmt.Sprintf("primary key %s(%s)", ix[0], ix[4]))
		case ix[3] == "true":
			facts = append(facts, fmt.Sprintf("unique %s(%s)", ix[0], ix[4]))
		default:
			facts = append(facts, fmt.Sprintf("index %s on %s(%s)", ix[1], ix[0], ix[4]))
		}
	}
	cols := func(rel, keys string) string {
		return `array_to_string(ARRAY(SELECT a.attname FROM unnest(` + keys + `) WITH ORDINALITY k(attnum, ord)
			JOIN pg_attribute a ON a.attrelid = ` + rel + ` AND a.attnum = k.attnum ORDER BY k.ord), ', ')`
	}
	for _, fk := range queryAll(t, db, `SELECT c.conrelid::regclass::text, `+cols("c.conrelid", "c.conkey")+`,
			c.confrelid::regclass::text, `+cols("c.confrelid", "c.confkey")+`
		FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
		WHERE c.contype = 'f' AND n.nspname = current_schema()`) {
		if !engineOnlyTable(fk[0]) {
			facts = append(facts, fmt.Sprintf("foreign key %s(%s) references %s(%s)", fk[0], fk[1], fk[2], fk[3]))
		}
	}
	for _, ck := range queryAll(t, db, `SELECT c.conrelid::regclass::text, COUNT(*)
		FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
		WHERE c.contype = 'c' AND n.nspname = current_schema() GROUP BY 1`) {
		if !engineOnlyTable(ck[0]) {
			facts = append(facts, fmt.Sprintf("checks on %s: %s", ck[0], ck[1]))
		}
	}
	return unique(facts)
}

func unique(facts []string) []string {
	slices.Sort(facts)
	return slices.Compact(facts)
}

// queryAll runs query and returns every row as strings; NULL reads as
// "\x00".
func queryAll(t *testing.T, db *sql.DB, query string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "\x00"
			if v.Valid {
				row[i] = v.String
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}
