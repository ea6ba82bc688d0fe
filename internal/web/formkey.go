package web

import (
	"crypto/rand"
	"encoding/base64"
)

// onceField names the hidden field that carries a form's idempotency key.
// Each rendering of a creating form (a new thread, a reply, a token) gets
// a fresh key, and a form shown again after an error keeps its key, so a
// double click, a resubmission after a timeout or a retry after a 503
// posts once: the second submit is answered with what the first created.
const onceField = "once"

func newFormKey() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
