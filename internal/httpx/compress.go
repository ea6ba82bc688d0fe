package httpx

import (
	"compress/gzip"
	"io"
	"net/http"
	"sync"

	"github.com/andybalholm/brotli"
)

// minCompressSize is the smallest body worth compressing: below about a
// kilobyte the coding overhead and CPU cost outweigh the bytes saved.
const minCompressSize = 1024

// Compression levels chosen for dynamic pages compressed on every request:
// brotli 5 costs about what gzip's default does and yields smaller output.
const (
	brotliQuality = 5
	brotliLGWin   = 18 // 256 KiB window: more than any page, far less memory than the default
	gzipLevel     = gzip.DefaultCompression
)

// Compress compresses eligible responses with brotli or gzip, as the
// client's Accept-Encoding prefers (brotli on ties). Eligible means: a
// compressible text type (HTML, CSS, JavaScript, JSON, XML feeds, SVG; see
// compressibleType), a body of at least 1 KiB, no Content-Encoding already
// set, no Cache-Control: no-transform, not a HEAD request, and a status
// that has a full body (not 1xx, 204, 206 or 304). Eligible responses get
// Vary: Accept-Encoding whether or not this client accepted a coding, so
// caches keep the variants apart.
//
// The body is buffered only until the first kilobyte decides the matter.
// Flush works at any point (a flushed stream of an eligible type is
// compressed and each flush pushes compressed bytes to the client), both by
// type assertion to http.Flusher and through http.ResponseController.
// Compressors and wrappers are pooled per Compress call.
func Compress(next http.Handler) http.Handler {
	p := &compressPools{}
	p.gzip.New = func() any {
		zw, _ := gzip.NewWriterLevel(io.Discard, gzipLevel) // level is a valid constant
		return zw
	}
	p.brotli.New = func() any {
		return brotli.NewWriterOptions(io.Discard, brotli.WriterOptions{Quality: brotliQuality, LGWin: brotliLGWin})
	}
	p.writers.New = func() any {
		return &compressWriter{pools: p, buf: make([]byte, 0, minCompressSize)}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := p.writers.Get().(*compressWriter)
		cw.reset(w, negotiateCoding(r.Header), r.Method == http.MethodHead)
		// On a panic the deferred release only recycles; it must not write,
		// so that Recover further out can still send a clean 500.
		defer cw.release()
		next.ServeHTTP(cw, r)
		cw.finish()
	})
}

type compressPools struct {
	gzip    sync.Pool
	brotli  sync.Pool
	writers sync.Pool
}

// compressor is what *gzip.Writer and *brotli.Writer have in common.
type compressor interface {
	io.WriteCloser
	Flush() error
	Reset(io.Writer)
}

func (p *compressPools) getCompressor(c coding, dst io.Writer) compressor {
	var z compressor
	if c == codingBrotli {
		z = p.brotli.Get().(*brotli.Writer)
	} else {
		z = p.gzip.Get().(*gzip.Writer)
	}
	z.Reset(dst)
	return z
}

func (p *compressPools) putCompressor(z compressor) {
	z.Reset(io.Discard) // drop the reference to the finished response
	switch z := z.(type) {
	case *brotli.Writer:
		p.brotli.Put(z)
	case *gzip.Writer:
		p.gzip.Put(z)
	}
}
