// Package web is parley's HTML surface: the route table, pages and actions
// in files named for what they serve (lists.go, thread.go, compose.go,
// actions.go, accounts.go...), html/template templates and static assets
// embedded in the binary. Pages work without JavaScript; static/app.js
// only enhances them.
//
// Page paths also answer in other formats: a ".json" suffix (or Accept:
// application/json) is handed to the JSON surface (internal/api), and
// ".rss"/".atom" suffixes are rendered here as feeds. web imports forum,
// api, identity and leaf packages, never store.
package web
