package auth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ErrMalformedHash means a stored password hash could not be parsed or
// carries parameters this package refuses to compute.
var ErrMalformedHash = errors.New("malformed password hash")

// phcB64 is the unpadded standard alphabet the PHC string format uses. Strict
// decoding rejects non-canonical trailing bits so one hash has one spelling.
var phcB64 = base64.RawStdEncoding.Strict()

// encodePHC renders "$argon2id$v=19$m=…,t=…,p=…$<salt>$<key>".
func encodePHC(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads,
		phcB64.EncodeToString(salt), phcB64.EncodeToString(key))
}

// decodePHC parses the exact shape encodePHC produces. Anything looser, such
// as reordered or missing parameters or other argon2 versions, is refused
// rather than guessed at.
func decodePHC(s string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return p, nil, nil, fmt.Errorf("%w: want 5 $-separated fields", ErrMalformedHash)
	}
	if parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("%w: algorithm %q is not argon2id", ErrMalformedHash, parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("%w: unsupported version %q", ErrMalformedHash, parts[2])
	}
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return p, nil, nil, fmt.Errorf("%w: want m, t and p parameters", ErrMalformedHash)
	}
	m, errM := phcUint(kv[0], "m=", 32)
	t, errT := phcUint(kv[1], "t=", 32)
	th, errP := phcUint(kv[2], "p=", 8)
	if err := errors.Join(errM, errT, errP); err != nil {
		return p, nil, nil, fmt.Errorf("%w: %w", ErrMalformedHash, err)
	}
	salt, err := phcB64.DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: salt: %w", ErrMalformedHash, err)
	}
	key, err := phcB64.DecodeString(parts[5])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: key: %w", ErrMalformedHash, err)
	}
	p = Params{
		Time: uint32(t), Memory: uint32(m), Threads: uint8(th),
		SaltLen: uint32(len(salt)), KeyLen: uint32(len(key)),
	}
	return p, salt, key, nil
}

// phcUint parses "name=decimal" with no sign, no leading zeros and no
// surrounding space.
func phcUint(field, name string, bits int) (uint64, error) {
	digits, ok := strings.CutPrefix(field, name)
	if !ok || digits == "" || (len(digits) > 1 && digits[0] == '0') {
		return 0, fmt.Errorf("parameter %q: want %sN", field, name)
	}
	n, err := strconv.ParseUint(digits, 10, bits)
	if err != nil {
		return 0, fmt.Errorf("parameter %q: %w", field, err)
	}
	return n, nil
}
