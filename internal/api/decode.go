package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/httpx"
)

// decode reads a JSON request body into dst. Unknown fields are refused,
// not ignored: a misspelt "redcat" must not silently publish an address.
func decode(r *http.Request, dst any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &Error{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType,
			Message: "send the body as Content-Type: application/json"}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || httpx.IsReadTimeout(err) {
			return err
		}
		return badRequest("", "the body must hold exactly one JSON object")
	}
	return nil
}

// decodeError turns a json error into a 400 naming the field at fault.
func decodeError(err error) error {
	var (
		tooBig *http.MaxBytesError
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &tooBig), httpx.IsReadTimeout(err):
		// Too large (413) and too slow (408) keep their cause for classify.
		return err
	case errors.Is(err, io.EOF):
		return badRequest("", "the request body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("", "malformed JSON: the body ends too early")
	case errors.As(err, &syntax):
		return badRequest("", fmt.Sprintf("malformed JSON at byte %d", syntax.Offset))
	case errors.As(err, &typ):
		if typ.Field == "" {
			return badRequest("", "the body must be a JSON object")
		}
		return badRequest(typ.Field, "must be "+describeType(typ.Type))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if unq, err := strconv.Unquote(name); err == nil {
			name = unq
		}
		return badRequest(name, "is not a known field")
	}
	return badRequest("", "malformed JSON")
}

func describeType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number in range"
	case reflect.Slice, reflect.Array:
		return "an array whose items are each " + describeType(t.Elem())
	}
	return "an object"
}

// parseID reads a positive decimal id from a path segment. Anything else
// (signs, leading zeros, letters, values past int64) names no resource, so
// it is answered as not found, the same as a well-formed id nobody has.
func parseID(s string) (int64, bool) {
	if s == "" || len(s) > 19 || s[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// pathID is parseID of the route's {id}.
func pathID(r *http.Request) (int64, error) {
	if n, ok := parseID(r.PathValue("id")); ok {
		return n, nil
	}
	return 0, &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no such resource"}
}
