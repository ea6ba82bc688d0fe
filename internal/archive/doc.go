// Package archive defines parley's export format: a gzip-compressed stream
// of JSON lines that carries a whole forum from one database engine to
// another. The first line is a Header naming the format and its version;
// then come records in dependency order (a row never precedes a row it
// refers to), each table's rows by ascending id; the last line is an End
// record with the number of rows of each kind, so a truncated archive is
// refused rather than half-loaded.
//
// The rows mirror the schema: ids are kept, times are Unix milliseconds,
// counters are carried as stored (the importer checks them against the
// rows). Secrets — password hashes, API token hashes, sessions and secret
// settings — are left out unless the export asked for them.
//
// It imports nothing of parley's: the store reads and writes these types.
package archive
