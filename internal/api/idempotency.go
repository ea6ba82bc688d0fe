package api

import "net/http"

// IdempotencyHeader carries a client's idempotency key on creating routes
// (POST /api/threads, /api/threads/{id}/replies, /api/tokens). A client
// that did not learn whether its write committed (a 503, a timeout, a
// dropped connection) sends the request again with the same key and gets
// the original result: same status, same id, nothing written twice.
const IdempotencyHeader = "Idempotency-Key"

// ReplayedHeader is set to "true" on an answer that repeats an earlier
// use of the key.
const ReplayedHeader = "Idempotent-Replayed"

func idempotencyKey(r *http.Request) string { return r.Header.Get(IdempotencyHeader) }

func markReplay(w http.ResponseWriter, replayed bool) {
	if replayed {
		w.Header().Set(ReplayedHeader, "true")
	}
}
