package httpx

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestMaxBody(t *testing.T) {
	cases := []struct {
		name     string
		body     string
		form     bool
		tooLarge bool
	}{
		{"under", strings.Repeat("a", 99), false, false},
		{"exact", strings.Repeat("a", 100), false, false},
		{"over", strings.Repeat("a", 101), false, true},
		{"form over", "text=" + url.QueryEscape(strings.Repeat("x", 200)), true, true},
		{"form under", "text=hi", true, false},
	}
	for _, c := range cases {
		var gotErr error
		var got string
		h := MaxBody(100)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.form {
				gotErr = r.ParseForm()
				got = r.PostForm.Get("text")
				return
			}
			b, err := io.ReadAll(r.Body)
			got, gotErr = string(b), err
		}))
		req := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
		if c.form {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		var mbe *http.MaxBytesError
		if c.tooLarge {
			if !errors.As(gotErr, &mbe) || mbe.Limit != 100 {
				t.Errorf("%s: error %v; want *http.MaxBytesError with limit 100", c.name, gotErr)
			}
			continue
		}
		if gotErr != nil {
			t.Errorf("%s: unexpected error %v", c.name, gotErr)
		}
		if !c.form && got != c.body {
			t.Errorf("%s: body truncated to %d bytes", c.name, len(got))
		}
	}
}

func TestMaxBodyNoBody(t *testing.T) {
	called := false
	MaxBody(1)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called = r.Body == http.NoBody
	})).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if !called {
		t.Fatal("GET without body: body was replaced")
	}
}
