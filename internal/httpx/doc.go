// Package httpx is the HTTP plumbing shared by parley's HTML and JSON
// surfaces: middleware (request ids, access logging, panic recovery,
// security headers, body limits, response compression), the client-address
// rule for deployments behind proxies, and conditional-GET handling.
//
// Every response writer wrapper here has an Unwrap method, so
// http.ResponseController reaches the server's own writer through any stack
// of them, and each also implements http.Flusher directly for handlers that
// type-assert instead.
//
// httpx is a leaf: it imports the standard library and
// github.com/andybalholm/brotli only, never another parley package.
package httpx
