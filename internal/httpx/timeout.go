package httpx

import (
	"errors"
	"net"
	"os"
)

// IsReadTimeout reports a read that hit a deadline, such as a request body
// still arriving when the server's read timeout passed. Both surfaces
// answer it 408: the client's connection was slow, not the server.
// context.DeadlineExceeded also reports Timeout, so a caller that answers
// a context deadline differently (503) checks for it first.
func IsReadTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
