package auth

// FieldError says which form field was rejected and why, in words fit to show
// next to that field. Callers extract it with errors.As.
type FieldError struct {
	Field   string // "username", "password" or "email"
	Message string // sentence fragment, e.g. "must be at least 10 characters"
}

func (e *FieldError) Error() string { return e.Field + " " + e.Message }

func fieldErr(field, msg string) error { return &FieldError{Field: field, Message: msg} }
