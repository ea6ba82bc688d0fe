package httpx

import "net/http"

// StatusRecorder wraps a ResponseWriter to remember the status code and the
// number of body bytes written, for logging and for deciding whether a
// response has already started.
type StatusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// NewStatusRecorder wraps w.
func NewStatusRecorder(w http.ResponseWriter) *StatusRecorder {
	return &StatusRecorder{ResponseWriter: w}
}

// Status returns the final status sent, 0 if none yet. Informational 1xx
// responses are passed on but not recorded, since a final status follows.
func (s *StatusRecorder) Status() int { return s.status }

// Bytes returns the number of body bytes written so far.
func (s *StatusRecorder) Bytes() int64 { return s.bytes }

// Written reports whether the final status line has been sent, after which
// headers can no longer change.
func (s *StatusRecorder) Written() bool { return s.status != 0 }

// WriteHeader records the first final status and forwards the call.
func (s *StatusRecorder) WriteHeader(code int) {
	if s.status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write counts body bytes; a first Write implies status 200, as in net/http.
func (s *StatusRecorder) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(p)
	s.bytes += int64(n)
	return n, err
}

// Flush sends buffered data to the client if the underlying writer can.
func (s *StatusRecorder) Flush() { _ = s.FlushError() }

// FlushError is Flush reporting failure, the form http.ResponseController
// prefers.
func (s *StatusRecorder) FlushError() error {
	if s.status == 0 {
		s.status = http.StatusOK // net/http sends 200 on a flush before any write
	}
	return http.NewResponseController(s.ResponseWriter).Flush()
}

// Unwrap returns the wrapped writer for http.ResponseController.
func (s *StatusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
