package auth

import (
	"bytes"
	"encoding/base64"
	"testing"
)

func testCSRF(fill byte) *CSRF { return NewCSRF(bytes.Repeat([]byte{fill}, MinCSRFKeyLen)) }

func TestCSRFValid(t *testing.T) {
	c := testCSRF(1)
	tok := c.Token("ses_abc")
	if !c.Valid("ses_abc", tok) {
		t.Fatal("fresh token rejected for its own binding")
	}
	if again := c.Token("ses_abc"); again == tok || !c.Valid("ses_abc", again) {
		t.Fatal("tokens must be masked afresh yet remain valid")
	}
}

func TestCSRFInvalid(t *testing.T) {
	c := testCSRF(1)
	tok := c.Token("ses_abc")
	raw, _ := base64.RawURLEncoding.DecodeString(tok)
	flipped := append([]byte(nil), raw...)
	flipped[len(flipped)-1] ^= 1
	cases := map[string][2]string{
		"other binding":      {"ses_abd", tok},
		"binding prefix":     {"ses_ab", tok},
		"empty binding":      {"", tok},
		"empty token":        {"ses_abc", ""},
		"garbage":            {"ses_abc", "not-a-token"},
		"truncated":          {"ses_abc", tok[:len(tok)-2]},
		"padded":             {"ses_abc", tok + "=="},
		"bit flipped":        {"ses_abc", base64.RawURLEncoding.EncodeToString(flipped)},
		"other key":          {"ses_abc", testCSRF(2).Token("ses_abc")},
		"standard alphabet":  {"ses_abc", base64.RawStdEncoding.EncodeToString(raw) + "+/"},
		"token for empty":    {"ses_abc", c.Token("")},
		"unmasked mac bytes": {"ses_abc", base64.RawURLEncoding.EncodeToString(append(make([]byte, 32), c.mac("ses_abc")[:31]...))},
	}
	for name, in := range cases {
		if c.Valid(in[0], in[1]) {
			t.Errorf("%s: Valid(%q, %q) = true", name, in[0], in[1])
		}
	}
}

func TestCSRFUnmaskedMACWithZeroPad(t *testing.T) {
	// A zero pad is a legitimate (if unlikely) mask; proves Valid unmasks
	// rather than comparing the transmitted halves some other way.
	c := testCSRF(3)
	tok := base64.RawURLEncoding.EncodeToString(append(make([]byte, 32), c.mac("b")...))
	if !c.Valid("b", tok) {
		t.Fatal("zero-pad token rejected")
	}
}

func TestCSRFTokenEmptyBinding(t *testing.T) {
	if tok := testCSRF(1).Token(""); tok != "" {
		t.Fatalf("Token(\"\") = %q; want empty", tok)
	}
}

func TestNewCSRFShortKeyPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("NewCSRF with 31-byte key did not panic")
		}
	}()
	NewCSRF(make([]byte, MinCSRFKeyLen-1))
}

func TestNewCSRFCopiesKey(t *testing.T) {
	key := bytes.Repeat([]byte{7}, MinCSRFKeyLen)
	c := NewCSRF(key)
	tok := c.Token("x")
	key[0] = 8
	if !c.Valid("x", tok) {
		t.Fatal("mutating the caller's key slice changed the CSRF key")
	}
}
