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

// ForbiddenError refuses an action with a reason written for the person
// asking ("only staff may recommend answers"). errors.Is(err, ErrForbidden)
// holds for it, and the surfaces show Reason as it is, so no one parses
// error strings.
type ForbiddenError struct {
	Reason string
}

func (e *ForbiddenError) Error() string { return ErrForbidden.Error() + ": " + e.Reason }

// Is makes a ForbiddenError match ErrForbidden.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }

// Forbidden refuses an action for the given reason.
func Forbidden(reason string) error { return &ForbiddenError{Reason: reason} }

// ForbiddenReason returns the reason of a ForbiddenError in err's chain, or
// "" when err carries none (a bare ErrForbidden).
func ForbiddenReason(err error) string {
	var fe *ForbiddenError
	if errors.As(err, &fe) {
		return fe.Reason
	}
	return ""
}
