package feed

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"time"
)

// etagVersion changes whenever the writers' output changes for the same
// input, so caches do not keep serving documents from an older encoder.
const etagVersion = "feed/1"

// ETag returns a strong entity tag for f, quoted for the ETag header. It
// fingerprints everything that RSS and Atom write, after the same cleaning
// and fallbacks, so equal tags mean byte-identical documents and any change
// to a title, link, author, content, category or time (to the second)
// changes the tag. RSS and Atom of one Feed share the tag: serve them at
// distinct URLs, or add the format to the tag when one URL negotiates both.
func ETag(f Feed) string {
	d := normalize(f)
	h := &fingerprint{h: sha256.New()}
	h.str(etagVersion)
	h.str(d.title)
	h.str(d.description)
	h.str(d.link)
	h.str(d.self)
	h.str(d.id)
	h.time(d.updated)
	h.uint(uint64(len(d.entries)))
	for _, e := range d.entries {
		h.str(e.id)
		h.str(e.title)
		h.str(e.link)
		h.str(e.author)
		h.time(e.published)
		h.time(e.updated)
		h.str(e.summary)
		h.str(e.contentHTML)
		h.uint(uint64(len(e.categories)))
		for _, c := range e.categories {
			h.str(c)
		}
	}
	sum := h.h.Sum(h.buf[:0])
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// fingerprint feeds length-prefixed fields to a hash, so that moving bytes
// from one field to the next changes the result. Strings are copied through
// buf because hash.Hash takes only byte slices.
type fingerprint struct {
	h   hash.Hash
	buf [1024]byte
}

func (f *fingerprint) str(s string) {
	f.uint(uint64(len(s)))
	for len(s) > 0 {
		n := copy(f.buf[:], s)
		f.h.Write(f.buf[:n])
		s = s[n:]
	}
}

func (f *fingerprint) uint(v uint64) {
	f.h.Write(binary.AppendUvarint(f.buf[:0], v))
}

// time hashes t at the precision the documents carry, whole seconds.
func (f *fingerprint) time(t time.Time) {
	f.uint(uint64(t.Unix()))
}
