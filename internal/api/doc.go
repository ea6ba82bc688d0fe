// Package api is parley's JSON surface: the /api/ routes for clients that
// write (threads, replies, edits, boosts, answers, previews, tokens), the
// JSON twins of the HTML pages that internal/web hands over when a page is
// asked for with a ".json" suffix or Accept: application/json, and the
// hand-maintained OpenAPI document that describes both.
//
// Responses are built from the DTOs in dto.go, never from domain types, so
// field names stay stable snake_case while the domain evolves; every error
// goes through one function (fail in errors.go) that gives it a stable code.
// JSON reads never count thread views: only people reading pages do.
//
// api imports forum, identity and markup (for redaction kinds), never store.
package api
