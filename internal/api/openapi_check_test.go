package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// loadDoc parses and validates the embedded OpenAPI document.
func (h *harness) loadDoc() {
	h.t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openAPIDoc)
	if err != nil {
		h.t.Fatalf("load openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		h.t.Fatalf("openapi.json is not valid OpenAPI: %v", err)
	}
	if h.router, err = legacy.NewRouter(doc); err != nil {
		h.t.Fatalf("route openapi.json: %v", err)
	}
	h.doc = doc
}

func validationOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		IncludeResponseStatus:   true,
		MultiError:              true,
		AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
	}
}

// validate checks a response against the document: the operation's
// declared statuses, headers and schemas. Successful requests are checked
// too, so request schemas cannot drift either. A path the document does
// not know (the /api/ fallback) must still answer with the Error schema.
func (h *harness) validate(sent *http.Request, reqBody []byte, res *response) {
	h.t.Helper()
	if err := h.check(sent, reqBody, res); err != nil {
		h.t.Errorf("%s %s -> %d: %v\nbody: %s", sent.Method, sent.URL.Path, res.status, err, res.body)
	}
}

func (h *harness) check(sent *http.Request, reqBody []byte, res *response) error {
	ctx := context.Background()
	// The router matches paths without the test server's host.
	probe := sent.Clone(ctx)
	probe.URL = &url.URL{Path: sent.URL.Path, RawQuery: sent.URL.RawQuery}
	probe.Host = ""
	probe.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := h.router.FindRoute(probe)
	if err != nil {
		var re *routers.RouteError
		if !errors.As(err, &re) {
			return fmt.Errorf("find route: %w", err)
		}
		if res.status < 400 {
			return errors.New("the request succeeded but openapi.json does not describe it")
		}
		return h.checkError(res)
	}
	in := &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route, Options: validationOptions()}
	if res.status < 300 {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			return fmt.Errorf("the request succeeded but breaks openapi.json: %w", err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.status, Header: res.header,
		Options: validationOptions()}
	out.SetBodyBytes(res.body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Errorf("the response breaks openapi.json: %w", err)
	}
	return nil
}

// checkError validates an answer to a path the document does not know
// against the Error schema.
func (h *harness) checkError(res *response) error {
	if !strings.HasPrefix(res.header.Get("Content-Type"), "application/json") {
		return fmt.Errorf("Content-Type %q, want JSON", res.header.Get("Content-Type"))
	}
	var v any
	if err := json.Unmarshal(res.body, &v); err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	if err := h.doc.Components.Schemas["Error"].Value.VisitJSON(v); err != nil {
		return fmt.Errorf("body breaks the Error schema: %w", err)
	}
	return nil
}
