package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
)

// maxLine bounds one record; the largest is a post with its source and
// two renderings.
const maxLine = 64 << 20

// Record is one row read from an archive.
type Record struct {
	Kind string
	Row  json.RawMessage
}

// Decode unmarshals the row into v, refusing fields the format lacks so
// that a damaged or foreign archive fails loudly.
func (r Record) Decode(v any) error {
	dec := json.NewDecoder(bytes.NewReader(r.Row))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("archive: decode %s: %w", r.Kind, err)
	}
	return nil
}

// Reader reads an archive record by record.
type Reader struct {
	Header Header
	zr     *gzip.Reader
	sc     *bufio.Scanner
	n      int64
	counts map[string]int64
	done   bool
}

// NewReader checks the header and returns a Reader positioned at the
// first record.
func NewReader(r io.Reader) (*Reader, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("archive: not a parley export (gzip: %w)", err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	if !sc.Scan() {
		return nil, fmt.Errorf("archive: empty file: %w", errors.Join(sc.Err(), io.ErrUnexpectedEOF))
	}
	ar := &Reader{zr: zr, sc: sc, n: 1, counts: map[string]int64{}}
	if err := json.Unmarshal(sc.Bytes(), &ar.Header); err != nil || ar.Header.Format != Format {
		return nil, fmt.Errorf("archive: not a parley export (first line is not a %q header)", Format)
	}
	if ar.Header.Version < 1 || ar.Header.Version > Version {
		return nil, fmt.Errorf("archive: format version %d is not supported (this parley reads up to %d)", ar.Header.Version, Version)
	}
	return ar, nil
}

// Next returns the next record, or io.EOF after the End record once the
// counts it carries match what was read.
func (r *Reader) Next() (Record, error) {
	if r.done {
		return Record{}, io.EOF
	}
	if !r.sc.Scan() {
		if err := r.sc.Err(); err != nil {
			return Record{}, fmt.Errorf("archive: line %d: %w", r.n+1, err)
		}
		return Record{}, fmt.Errorf("archive: truncated: no end record after line %d", r.n)
	}
	r.n++
	var l line
	if err := json.Unmarshal(r.sc.Bytes(), &l); err != nil || l.Kind == "" {
		return Record{}, fmt.Errorf("archive: line %d is not a record", r.n)
	}
	if l.Kind == KindEnd {
		var end End
		if err := json.Unmarshal(l.Row, &end); err != nil {
			return Record{}, fmt.Errorf("archive: line %d: bad end record: %w", r.n, err)
		}
		if !maps.Equal(end.Counts, r.counts) {
			return Record{}, fmt.Errorf("archive: record counts %v differ from the end record's %v", r.counts, end.Counts)
		}
		r.done = true
		return Record{}, io.EOF
	}
	r.counts[l.Kind]++
	return Record{Kind: l.Kind, Row: l.Row}, nil
}

// Line is the number of the line last read, for error messages.
func (r *Reader) Line() int64 { return r.n }

// Counts reports how many records of each kind were read so far.
func (r *Reader) Counts() map[string]int64 { return r.counts }

// Close releases the decompressor; it does not close the source.
func (r *Reader) Close() error { return r.zr.Close() }
