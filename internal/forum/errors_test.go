package forum

import (
	"errors"
	"fmt"
	"testing"
)

// TestForbiddenCarriesItsReason: the surfaces show a refusal's reason from
// the typed error, wrapped or not, and fall back when there is none.
func TestForbiddenCarriesItsReason(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"typed", Forbidden("the thread is locked"), "the thread is locked"},
		{"wrapped", fmt.Errorf("reply to 7: %w", Forbidden("the thread is locked")), "the thread is locked"},
		{"bare sentinel", fmt.Errorf("reply: %w", ErrForbidden), ""},
		// A reason-like string that is not a ForbiddenError is not trusted.
		{"look-alike string", errors.New("forbidden: secret detail"), ""},
	} {
		if got := ForbiddenReason(c.err); got != c.want {
			t.Errorf("%s: reason %q, want %q", c.name, got, c.want)
		}
	}
	err := fmt.Errorf("edit: %w", Forbidden("only the author or a moderator may edit this post"))
	if !errors.Is(err, ErrForbidden) {
		t.Errorf("errors.Is(%v, ErrForbidden) = false", err)
	}
	if got, want := err.Error(), "edit: forbidden: only the author or a moderator may edit this post"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
