package forum

import (
	"errors"
	"sort"
	"strings"
)

// Sentinel errors every store engine and the Service return; the HTML and
// JSON surfaces map them to status codes in one place each.
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrForbidden    = errors.New("forbidden")
	ErrUnauthorized = errors.New("sign-in required")
	ErrUnavailable  = errors.New("database unavailable")
)

// ValidationError carries field-level messages for bad input.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + e.Fields[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Invalid builds a ValidationError for one field.
func Invalid(field, message string) *ValidationError {
	return &ValidationError{Fields: map[string]string{field: message}}
}

// RateLimitError says an action was refused for being too frequent.
type RateLimitError struct {
	RetryAfterSeconds int
}

func (e *RateLimitError) Error() string { return "too many requests" }
