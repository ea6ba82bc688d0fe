package web

import (
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

// slowBody fails the way a request body does when the server's read
// timeout passes before it has all arrived.
type slowBody struct{}

func (slowBody) Read([]byte) (int, error) {
	return 0, &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}
}

// TestSlowBodyIsNotAServerError: a form whose body arrives too slowly is
// answered 408 and logged below ERROR, on the signed-out forms (sign-in,
// sign-up) and the signed-in ones alike.
func TestSlowBodyIsNotAServerError(t *testing.T) {
	var logged strings.Builder
	w, err := New(Deps{Service: forum.NewService(forum.Config{}),
		Logger: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string]http.HandlerFunc{"sign in": w.signInSubmit, "sign up": w.signUpSubmit, "boost": w.boostSubmit} {
		logged.Reset()
		r := httptest.NewRequest("POST", "/signin", slowBody{})
		r.SetPathValue("id", "1")
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h(rec, r)
		if rec.Code != http.StatusRequestTimeout || strings.Contains(logged.String(), "level=ERROR") {
			t.Errorf("%s: status %d, log %q; want 408 and no ERROR", name, rec.Code, logged.String())
		}
	}
}
