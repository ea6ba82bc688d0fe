package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/markup"
)

func TestParseID(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1", 1, true},
		{"42", 42, true},
		{"9223372036854775807", 9223372036854775807, true},
		{"9223372036854775808", 0, false},
		{"99999999999999999999", 0, false},
		{"0", 0, false},
		{"007", 0, false},
		{"-1", 0, false},
		{"+1", 0, false},
		{"1e3", 0, false},
		{" 1", 0, false},
		{"", 0, false},
		{"١", 0, false}, // Arabic-Indic digit one
	} {
		got, ok := parseID(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("parseID(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestDecode(t *testing.T) {
	type target struct {
		Name string   `json:"name"`
		Tags []string `json:"tags"`
		N    *int64   `json:"n"`
	}
	for _, c := range []struct {
		name, body, field string
		code              string
	}{
		{"ok", `{"name":"x","tags":["a"],"n":3}`, "", ""},
		{"empty", ``, "", CodeBadRequest},
		{"truncated", `{"name":`, "", CodeBadRequest},
		{"syntax", `{"name" 1}`, "", CodeBadRequest},
		{"not an object", `"hello"`, "", CodeBadRequest},
		{"unknown field", `{"nmae":"x"}`, "nmae", CodeBadRequest},
		{"wrong type", `{"name":1}`, "name", CodeBadRequest},
		{"wrong item type", `{"tags":[1]}`, "tags", CodeBadRequest},
		{"overflow", `{"n":99999999999999999999}`, "n", CodeBadRequest},
		{"trailing data", `{"name":"x"} x`, "", CodeBadRequest},
	} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
		r.Header.Set("Content-Type", "application/json")
		var dst target
		err := decode(r, &dst)
		if c.code == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != c.code {
			t.Errorf("%s: error %v, want code %s", c.name, err, c.code)
			continue
		}
		if c.field != "" && e.Fields[c.field] == "" {
			t.Errorf("%s: fields %v do not name %q", c.name, e.Fields, c.field)
		}
	}
}

func TestFailMapsEveryError(t *testing.T) {
	var logs bytes.Buffer
	a := New(nil, nil, testBase, slog.New(slog.NewTextHandler(&logs, nil)))
	for _, c := range []struct {
		name   string
		err    error
		bad    bool // request carried an unknown token
		status int
		code   string
		header string // a header that must be set
	}{
		{"not found", fmt.Errorf("load thread 3: %w", forum.ErrNotFound), false, 404, CodeNotFound, ""},
		{"conflict", forum.ErrConflict, false, 409, CodeConflict, ""},
		{"forbidden", fmt.Errorf("reply: %w", forum.Forbidden("the thread is locked")), false, 403, CodeForbidden, ""},
		{"unauthorized", forum.ErrUnauthorized, false, 401, CodeUnauthorized, "WWW-Authenticate"},
		{"unauthorized with bad token", forum.ErrUnauthorized, true, 401, CodeInvalidToken, "WWW-Authenticate"},
		{"bad credentials", forum.ErrBadCredentials, false, 401, CodeUnauthorized, ""},
		{"csrf", errCSRF, false, 403, CodeCSRF, ""},
		{"invalid", forum.Invalid("title", "is required"), false, 422, CodeInvalid, ""},
		{"rate limited", &forum.RateLimitError{RetryAfterSeconds: 7}, false, 429, CodeRateLimited, "Retry-After"},
		{"too large", &http.MaxBytesError{Limit: 10}, false, 413, CodeTooLarge, ""},
		{"render too large", fmt.Errorf("preview: %w", markup.ErrTooLarge), false, 413, CodeTooLarge, ""},
		{"unavailable", fmt.Errorf("list: %w", forum.ErrUnavailable), false, 503, CodeUnavailable, "Retry-After"},
		{"deadline", context.DeadlineExceeded, false, 503, CodeUnavailable, ""},
		{"slow body", &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}, false, 408, CodeRequestTimeout, ""},
		{"internal", errors.New("pq: relation secret_table does not exist"), false, 500, CodeInternal, ""},
	} {
		r := httptest.NewRequest("GET", "/api/x", nil)
		if c.bad {
			r = r.WithContext(identity.With(r.Context(), &identity.Identity{ViaToken: true, BadToken: true}))
		}
		w := httptest.NewRecorder()
		a.fail(w, r, c.err)
		if w.Code != c.status || !strings.Contains(w.Body.String(), `"code":"`+c.code+`"`) {
			t.Errorf("%s: %d %s, want %d %s", c.name, w.Code, w.Body, c.status, c.code)
		}
		if c.header != "" && w.Header().Get(c.header) == "" {
			t.Errorf("%s: no %s header", c.name, c.header)
		}
		if !strings.Contains(w.Body.String(), `"fields":{`) {
			t.Errorf("%s: fields missing: %s", c.name, w.Body)
		}
	}
	w := httptest.NewRecorder()
	a.fail(w, httptest.NewRequest("GET", "/", nil), &forum.RateLimitError{RetryAfterSeconds: 7})
	if w.Header().Get("Retry-After") != "7" {
		t.Errorf("Retry-After %q, want 7", w.Header().Get("Retry-After"))
	}
	w = httptest.NewRecorder()
	a.fail(w, httptest.NewRequest("GET", "/", nil), fmt.Errorf("recommend: %w", forum.Forbidden("only staff may recommend answers")))
	if !strings.Contains(w.Body.String(), `"message":"only staff may recommend answers"`) {
		t.Errorf("forbidden message: %s", w.Body)
	}
	// The internal error is logged but never sent.
	if !strings.Contains(logs.String(), "secret_table") {
		t.Errorf("internal error not logged: %s", logs.String())
	}
}

func TestInternalErrorBodyIsGeneric(t *testing.T) {
	a := New(nil, nil, testBase, slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)))
	w := httptest.NewRecorder()
	a.fail(w, httptest.NewRequest("GET", "/", nil), errors.New("dial tcp 10.1.2.3:5432: connection refused"))
	if strings.Contains(w.Body.String(), "10.1.2.3") || strings.Contains(w.Body.String(), "dial") {
		t.Errorf("internal details leaked: %s", w.Body)
	}
}

// TestRedactionsCoverEveryKind makes sure a kind markup can produce is
// never dropped by the fixed-field DTO.
func TestRedactionsCoverEveryKind(t *testing.T) {
	src := "mail ops@example.com from 192.168.10.20 and fe80::1ff:fe23:4567:890a on 00:1a:2b:3c:4d:5e\n" +
		"Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789\n" +
		"key sk_live_4eC39HqLyjWDarjtT1zdp7dcXYZabc123"
	_, red := markup.Redact(src)
	if len(red) < 6 {
		t.Fatalf("sample exercises only %v", red)
	}
	d := redactions(red)
	sum := d.Email + d.IPv4 + d.IPv6 + d.MAC + d.Bearer + d.APIKey
	if sum != red.Total() {
		t.Errorf("DTO counts %d of %d redactions (%v -> %+v)", sum, red.Total(), red, d)
	}
	for k := range red {
		switch k {
		case markup.KindEmail, markup.KindIPv4, markup.KindIPv6, markup.KindMAC, markup.KindBearer, markup.KindAPIKey:
		default:
			t.Errorf("kind %q has no field in RedactionsDTO", k)
		}
	}
}

func TestListQuery(t *testing.T) {
	for _, c := range []struct {
		q    forum.ListQuery
		want string
	}{
		{forum.ListQuery{Sort: forum.SortActivity, Desc: true, Limit: forum.DefaultPageSize}, "after=C"},
		{forum.ListQuery{Sort: forum.SortViews, Desc: false, Filter: forum.FilterSolved, Limit: 5}, "after=C&filter=solved&limit=5&order=asc&sort=views"},
	} {
		if got := listQuery(c.q, "C"); got != c.want {
			t.Errorf("listQuery(%+v) = %q, want %q", c.q, got, c.want)
		}
	}
}
