package archive

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
)

// line is one JSON line after the header: a kind and its row.
type line struct {
	Kind string          `json:"kind"`
	Row  json.RawMessage `json:"row"`
}

// Writer streams an archive. Call Close to finish it: an archive without
// its End record is refused on import.
type Writer struct {
	zw     *gzip.Writer
	bw     *bufio.Writer
	enc    *json.Encoder
	counts map[string]int64
}

// NewWriter writes h (its Format and Version are filled in) and returns a
// Writer for the records.
func NewWriter(w io.Writer, h Header) (*Writer, error) {
	zw := gzip.NewWriter(w)
	bw := bufio.NewWriterSize(zw, 64<<10)
	aw := &Writer{zw: zw, bw: bw, enc: json.NewEncoder(bw), counts: map[string]int64{}}
	aw.enc.SetEscapeHTML(false)
	h.Format, h.Version = Format, Version
	if err := aw.enc.Encode(h); err != nil {
		return nil, fmt.Errorf("archive: write header: %w", err)
	}
	return aw, nil
}

// Write appends one record of kind.
func (w *Writer) Write(kind string, row any) error {
	raw, err := json.Marshal(row)
	if err != nil {
		return fmt.Errorf("archive: encode %s: %w", kind, err)
	}
	if err := w.enc.Encode(line{Kind: kind, Row: raw}); err != nil {
		return fmt.Errorf("archive: write %s: %w", kind, err)
	}
	w.counts[kind]++
	return nil
}

// Counts reports how many records of each kind were written so far.
func (w *Writer) Counts() map[string]int64 { return w.counts }

// Close writes the End record and flushes the compressed stream. It does
// not close the underlying writer.
func (w *Writer) Close() error {
	counts := make(map[string]int64, len(w.counts))
	for k, n := range w.counts {
		counts[k] = n
	}
	if err := w.Write(KindEnd, End{Counts: counts}); err != nil {
		return err
	}
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("archive: flush: %w", err)
	}
	if err := w.zw.Close(); err != nil {
		return fmt.Errorf("archive: finish compression: %w", err)
	}
	return nil
}
