package metrics

import (
	"bufio"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
)

// ContentType is the media type of the text exposition format.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// WriteText writes every family in the text exposition format, families
// in name order and series in label order.
func (r *Registry) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.sorted() {
		f.write(bw)
	}
	return bw.Flush()
}

// Handler serves the registry for scrapers.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", ContentType)
		w.Header().Set("Cache-Control", "no-store")
		_ = r.WriteText(w)
	})
}

func (f *family) write(w *bufio.Writer) {
	w.WriteString("# HELP " + f.name + " " + escapeHelp(f.help) + "\n")
	w.WriteString("# TYPE " + f.name + " " + string(f.kind) + "\n")
	if f.read != nil {
		writeSample(w, f.name, nil, nil, "", "", f.read())
		return
	}
	for _, s := range f.snapshot() {
		if f.kind != KindHistogram {
			writeSample(w, f.name, f.labels, s.values, "", "", s.value.load())
			continue
		}
		var cum uint64
		for i, le := range f.buckets {
			cum += s.buckets[i].n.Load()
			writeSample(w, f.name+"_bucket", f.labels, s.values, "le", formatFloat(le), float64(cum))
		}
		count := s.count.n.Load()
		writeSample(w, f.name+"_bucket", f.labels, s.values, "le", "+Inf", float64(count))
		writeSample(w, f.name+"_sum", f.labels, s.values, "", "", s.value.load())
		writeSample(w, f.name+"_count", f.labels, s.values, "", "", float64(count))
	}
}

// writeSample writes one line; extra names one more label (le) appended
// after the family's own.
func writeSample(w *bufio.Writer, name string, labels, values []string, extra, extraValue string, v float64) {
	w.WriteString(name)
	if len(labels) > 0 || extra != "" {
		w.WriteByte('{')
		for i, l := range labels {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(l + `="` + escapeLabel(values[i]) + `"`)
		}
		if extra != "" {
			if len(labels) > 0 {
				w.WriteByte(',')
			}
			w.WriteString(extra + `="` + extraValue + `"`)
		}
		w.WriteByte('}')
	}
	w.WriteByte(' ')
	w.WriteString(formatFloat(v))
	w.WriteByte('\n')
}

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

func escapeHelp(s string) string  { return helpEscaper.Replace(s) }
func escapeLabel(s string) string { return labelEscaper.Replace(s) }
