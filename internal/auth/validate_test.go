package auth

import (
	"errors"
	"strings"
	"testing"
)

type validatorCase struct {
	in   string
	ok   bool
	want string // substring of the message when !ok
}

func runValidator(t *testing.T, field string, fn func(string) error, cases []validatorCase) {
	t.Helper()
	for _, c := range cases {
		err := fn(c.in)
		if c.ok {
			if err != nil {
				t.Errorf("%q: unexpected error %v", c.in, err)
			}
			continue
		}
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%q: got %v; want *FieldError", c.in, err)
			continue
		}
		if fe.Field != field || !strings.Contains(fe.Message, c.want) {
			t.Errorf("%q: got %s/%q; want %s/…%q…", c.in, fe.Field, fe.Message, field, c.want)
		}
	}
}

func TestValidateUsername(t *testing.T) {
	runValidator(t, "username", ValidateUsername, []validatorCase{
		{"bob", true, ""},
		{"Alice_Dev", true, ""},
		{"x-y", true, ""},
		{"a1b2c3", true, ""},
		{"9lives", true, ""},
		{"abcdefghijklmnopqrst", true, ""},
		{"ab", false, "3-20"},
		{"", false, "3-20"},
		{"abcdefghijklmnopqrstu", false, "3-20"},
		{"_bob", false, "start and end"},
		{"bob-", false, "start and end"},
		{"bo__b", false, "twice in a row"},
		{"bo-_b", false, "twice in a row"},
		{"bob smith", false, "only letters"},
		{" bob", false, "only letters"},
		{"bob\x00", false, "only letters"},
		{"bob.smith", false, "only letters"},
		{"bob@x", false, "only letters"},
		{"аdmin", false, "only letters"},  // Cyrillic а
		{"pаypal", false, "only letters"}, // Cyrillic а inside
		{"jöhn", false, "only letters"},
		{"ｂｏｂ", false, "only letters"},       // fullwidth
		{"b\u200bob", false, "only letters"}, // zero-width space
		{"12345", false, "at least one letter"},
		{"1-2_3", false, "at least one letter"},
		{"admin", false, "reserved"},
		{"ADMIN", false, "reserved"},
		{"Api", false, "reserved"},
		{"new", false, "reserved"},
		{"latest", false, "reserved"},
		{"search", false, "reserved"},
	})
}

func TestNormalizeUsername(t *testing.T) {
	if got := NormalizeUsername("Alice_Dev"); got != "alice_dev" {
		t.Fatalf("NormalizeUsername = %q", got)
	}
}

func TestValidatePassword(t *testing.T) {
	runValidator(t, "password", ValidatePassword, []validatorCase{
		{"correcthorse", true, ""},
		{"0123456789", true, ""},
		{"with spaces in it", true, ""},
		{"          x", true, ""},
		{"пароль-секрет", true, ""},
		{"密码密码密码密码密码", true, ""},
		{"🙂🙃🙂🙃🙂🙃🙂🙃🙂🙃", true, ""},
		{strings.Repeat("ab", 128), true, ""},
		{"", false, "at least 10"},
		{"short", false, "at least 10"},
		{"123456789", false, "at least 10"},
		{"密码密码密码", false, "at least 10"}, // 18 bytes but 6 characters
		{strings.Repeat("ab", 128) + "c", false, "at most 256 bytes"},
		{strings.Repeat("€", 86), false, "at most 256 bytes"},
		{"aaaaaaaaaa", false, "repeated"},
		{"          ", false, "repeated"},
		{strings.Repeat("é", 12), false, "repeated"},
		{"password\x00123", false, "control"},
		{"pass\tword123", false, "control"},
		{"password123\n", false, "control"},
		{"pass\u0085word123", false, "control"},
		{"password\xff123", false, "UTF-8"},
	})
}

func TestValidateEmail(t *testing.T) {
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 58) + ".io"
	if len(long) != 254 {
		t.Fatalf("fixture is %d bytes; want 254", len(long))
	}
	runValidator(t, "email", ValidateEmail, []validatorCase{
		{"a@example.com", true, ""},
		{"first.last+tag@sub.example.co.uk", true, ""},
		{"o'brien@example.ie", true, ""},
		{"user@xn--bcher-kva.example", true, ""},
		{"x@a-b.io", true, ""},
		{long, true, ""}, // exactly 254 bytes
		{"", false, "required"},
		{"plainaddress", false, "exactly one"},
		{"a@b@example.com", false, "exactly one"},
		{"@example.com", false, "before the"},
		{strings.Repeat("a", 65) + "@example.com", false, "before the"},
		{".a@example.com", false, "dot"},
		{"a.@example.com", false, "dot"},
		{"a..b@example.com", false, "dot"},
		{"a(b)@example.com", false, "must not contain"},
		{"a@localhost", false, "domain with a dot"},
		{"a@example.", false, "invalid domain"},
		{"a@.example.com", false, "invalid domain"},
		{"a@-example.com", false, "invalid domain"},
		{"a@example-.com", false, "invalid domain"},
		{"a@exa_mple.com", false, "invalid domain"},
		{"a@127.0.0.1", false, "invalid domain"},
		{"a@" + strings.Repeat("x", 64) + ".com", false, "invalid domain"},
		{"a b@example.com", false, "spaces"},
		{" a@example.com", false, "spaces"},
		{"a@example.com\x00", false, "control"},
		{"a@exаmple.com", false, "non-ASCII"}, // Cyrillic а
		{"ü@example.com", false, "non-ASCII"},
		{long + "x", false, "at most 254"},
	})
}

func TestFieldErrorMessage(t *testing.T) {
	err := ValidatePassword("short")
	if err.Error() != "password must be at least 10 characters (got 5)" {
		t.Fatalf("Error() = %q", err.Error())
	}
}
