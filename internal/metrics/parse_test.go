package metrics

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// sample is one parsed line of the text format.
type sample struct {
	name   string
	labels map[string]string
	value  float64
}

// exposition is a parsed scrape: families by name with their type, and
// the samples in order.
type exposition struct {
	types   map[string]string
	helps   map[string]string
	samples []sample
}

// parseText reads the text exposition format strictly enough to catch
// what a scraper would reject: unknown line shapes, samples before their
// TYPE, bad label syntax, unparsable values, a family declared twice.
func parseText(t *testing.T, text string) *exposition {
	t.Helper()
	e := &exposition{types: map[string]string{}, helps: map[string]string{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if err := e.parseLine(line); err != nil {
			t.Fatalf("line %d %q: %v", n, line, err)
		}
	}
	if !strings.HasSuffix(text, "\n") && text != "" {
		t.Fatal("exposition does not end with a newline")
	}
	return e
}

func (e *exposition) parseLine(line string) error {
	switch {
	case strings.HasPrefix(line, "# HELP "):
		name, help, ok := strings.Cut(strings.TrimPrefix(line, "# HELP "), " ")
		if !ok || !nameRE.MatchString(name) {
			return fmt.Errorf("bad HELP")
		}
		if _, dup := e.helps[name]; dup {
			return fmt.Errorf("HELP for %s twice", name)
		}
		e.helps[name] = help
		return nil
	case strings.HasPrefix(line, "# TYPE "):
		f := strings.Fields(strings.TrimPrefix(line, "# TYPE "))
		if len(f) != 2 || !nameRE.MatchString(f[0]) {
			return fmt.Errorf("bad TYPE")
		}
		switch f[1] {
		case "counter", "gauge", "histogram", "summary", "untyped":
		default:
			return fmt.Errorf("unknown type %q", f[1])
		}
		if _, dup := e.types[f[0]]; dup {
			return fmt.Errorf("TYPE for %s twice", f[0])
		}
		e.types[f[0]] = f[1]
		return nil
	case line == "" || strings.HasPrefix(line, "#"):
		return fmt.Errorf("unexpected line")
	}
	s, err := parseSample(line)
	if err != nil {
		return err
	}
	if _, ok := e.types[e.family(s.name)]; !ok {
		return fmt.Errorf("sample %s before its TYPE", s.name)
	}
	e.samples = append(e.samples, s)
	return nil
}

// family maps a histogram's _bucket, _sum and _count samples to it.
func (e *exposition) family(name string) string {
	for _, suf := range []string{"_bucket", "_sum", "_count"} {
		if base, ok := strings.CutSuffix(name, suf); ok && e.types[base] == "histogram" {
			return base
		}
	}
	return name
}

func parseSample(line string) (sample, error) {
	s := sample{labels: map[string]string{}}
	i := strings.IndexAny(line, "{ ")
	if i <= 0 {
		return s, fmt.Errorf("no value")
	}
	s.name = line[:i]
	if !nameRE.MatchString(s.name) {
		return s, fmt.Errorf("bad name %q", s.name)
	}
	rest := line[i:]
	if rest[0] == '{' {
		rest = rest[1:]
		for !strings.HasPrefix(rest, "}") {
			eq := strings.Index(rest, `="`)
			if eq <= 0 || !labelRE.MatchString(rest[:eq]) {
				return s, fmt.Errorf("bad label in %q", rest)
			}
			name := rest[:eq]
			rest = rest[eq+2:]
			var val strings.Builder
			for {
				if rest == "" {
					return s, fmt.Errorf("unterminated label value")
				}
				c := rest[0]
				rest = rest[1:]
				if c == '"' {
					break
				}
				if c == '\\' {
					if rest == "" {
						return s, fmt.Errorf("dangling escape")
					}
					switch rest[0] {
					case '\\', '"':
						val.WriteByte(rest[0])
					case 'n':
						val.WriteByte('\n')
					default:
						return s, fmt.Errorf("bad escape \\%c", rest[0])
					}
					rest = rest[1:]
					continue
				}
				if c == '\n' {
					return s, fmt.Errorf("raw newline in label")
				}
				val.WriteByte(c)
			}
			if _, dup := s.labels[name]; dup {
				return s, fmt.Errorf("label %s twice", name)
			}
			s.labels[name] = val.String()
			rest = strings.TrimPrefix(rest, ",")
		}
		rest = rest[1:]
	}
	if !strings.HasPrefix(rest, " ") {
		return s, fmt.Errorf("no space before value")
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
	if err != nil {
		return s, fmt.Errorf("value: %w", err)
	}
	s.value = v
	return s, nil
}

// find returns the value of the sample with name and exactly labels.
func (e *exposition) find(name string, labels map[string]string) (float64, bool) {
outer:
	for _, s := range e.samples {
		if s.name != name || len(s.labels) != len(labels) {
			continue
		}
		for k, v := range labels {
			if s.labels[k] != v {
				continue outer
			}
		}
		return s.value, true
	}
	return 0, false
}
