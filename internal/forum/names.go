package forum

import (
	"strings"
	"sync/atomic"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Names that look like someone else's. A member may not take a username or
// display name whose skeleton equals the skeleton of a staff member's
// username or display name, or of a reserved name; Skeleton folds what a
// reader cannot tell apart at a glance.

// confusable maps look-alike runes to the Latin letter they imitate (after
// NFKD and lower-casing). It covers the common cases, not all of Unicode's
// confusables.txt: Cyrillic and Greek letters that look Latin, and the
// digits and signs people use for letters.
var confusable = map[rune]rune{
	// Cyrillic
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p',
	'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'l', 'ї': 'l', 'ј': 'j', 'һ': 'h',
	'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ɡ': 'g', 'ү': 'y', 'ӏ': 'l', 'п': 'n', 'г': 'r', 'ь': 'b',
	// Greek
	'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'l', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p',
	'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w', 'ζ': 'z', 'μ': 'u', 'γ': 'y', 'ϲ': 'c',
	// Latin look-alikes and digits
	'ı': 'l', 'ł': 'l', 'ƚ': 'l', 'ɩ': 'l', 'ø': 'o', 'đ': 'd', 'ħ': 'h', 'ß': 's',
	'0': 'o', '1': 'l', 'i': 'l', '|': 'l', '!': 'l', '5': 's', '$': 's', '3': 'e', '4': 'a',
	'@': 'a', '7': 't', '8': 'b', '9': 'g', '6': 'b',
}

// Skeleton reduces a name to what it looks like: compatibility-decomposed
// (full-width letters, ligatures, superscripts become plain), accents and
// other combining marks dropped, lower-cased, look-alike letters and
// digits mapped to one Latin letter, spaces, punctuation and invisible
// characters removed, and the multi-letter look-alikes "rn" → "m",
// "vv" → "w" folded. Two names with one skeleton are confusable.
func Skeleton(name string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(name) {
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		r = unicode.ToLower(r)
		if m, ok := confusable[r]; ok {
			r = m
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	s := b.String()
	s = strings.ReplaceAll(s, "rn", "m")
	s = strings.ReplaceAll(s, "vv", "w")
	return s
}

// reservedNames may not be taken at sign-up or by a rename, whatever the
// role of whoever holds them now; the forum's own name joins them
// (Service.SetForumName).
var reservedNames = []string{
	"admin", "administrator", "admins", "staff", "moderator", "moderators", "mod", "mods",
	"support", "help", "helpdesk", "official", "system", "root", "security", "abuse",
	"postmaster", "webmaster", "noreply", "no-reply", "parley", "team", "owner",
	"deleted", "deleted user", "anonymous", "everyone", "here", "null", "undefined",
}

// forumName is the forum's name as reserved; set by the settings layer.
type forumName struct{ p atomic.Pointer[string] }

// SetForumName reserves the forum's name: members cannot take it (or a
// look-alike) as a username or display name. The settings layer calls it
// at start-up and whenever the name changes.
func (s *Service) SetForumName(name string) { s.forum.p.Store(&name) }

// reservedName reports whether name is reserved, by skeleton.
func (s *Service) reservedName(name string) bool {
	sk := Skeleton(name)
	if sk == "" {
		return false
	}
	for _, r := range reservedNames {
		if Skeleton(r) == sk {
			return true
		}
	}
	if p := s.forum.p.Load(); p != nil && Skeleton(*p) == sk {
		return true
	}
	return false
}
