// Package demo holds the demo community that parley loads into an empty
// database, so that a newcomer's first look at the server is a forum with
// people, questions, answers and history rather than an empty page.
//
// The content is original and entirely fictional: a developer forum for
// "Corvid OS", a platform made by "Lumen Systems", with invented frameworks,
// daemons, error domains and devices. Pasted logs use only reserved
// documentation data (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
// 2001:db8::/32, example.com, example.net, the .example top-level domain and
// the 00:00:5e:00:53 documentation MAC block). Some posts deliberately carry
// private-looking addresses so the redaction feature has something to act
// on; others show data that was already redacted.
//
// Load returns plain data; it knows nothing about storage. Thread bodies are
// written as raw string literals in which ‵ stands for a backtick (Go raw
// strings cannot contain one); Load substitutes it and trims the surrounding
// whitespace. Times are relative (minutes or days before load) so the demo
// always looks recent.
//
// This package is a leaf: it imports only the standard library and must not
// import other parley packages.
package demo
