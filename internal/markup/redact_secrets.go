package markup

import (
	"math"
	"regexp"
	"slices"
	"strings"
)

// The body excludes angle brackets so a block never swallows a placeholder.
var privateKeyRE = regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[^<>]*?-----END [A-Z0-9 ]*PRIVATE KEY-----`)

// keyPattern is a credential format whose vendor prefix makes it
// unambiguous wherever it appears; re is anchored at the prefix.
type keyPattern struct {
	prefix string
	re     *regexp.Regexp
}

var knownKeys = [...]keyPattern{
	{"sk_", regexp.MustCompile(`^sk_(?:live|test)_[0-9A-Za-z]{10,}`)}, // Stripe
	{"pk_", regexp.MustCompile(`^pk_(?:live|test)_[0-9A-Za-z]{10,}`)},
	{"rk_", regexp.MustCompile(`^rk_(?:live|test)_[0-9A-Za-z]{10,}`)},
	{"whsec_", regexp.MustCompile(`^whsec_[0-9A-Za-z]{20,}`)},
	{"gh", regexp.MustCompile(`^gh[pousr]_[0-9A-Za-z]{30,}`)}, // GitHub
	{"github_pat_", regexp.MustCompile(`^github_pat_[0-9A-Za-z_]{40,}`)},
	{"glpat-", regexp.MustCompile(`^glpat-[0-9A-Za-z_-]{20,}`)},   // GitLab
	{"AKIA", regexp.MustCompile(`^AKIA[0-9A-Z]{16}`)},             // AWS
	{"ASIA", regexp.MustCompile(`^ASIA[0-9A-Z]{16}`)},             // AWS temporary
	{"xox", regexp.MustCompile(`^xox[abposr]-[0-9A-Za-z-]{10,}`)}, // Slack
	{"AIza", regexp.MustCompile(`^AIza[0-9A-Za-z_-]{35}`)},        // Google
	{"sk-", regexp.MustCompile(`^sk-(?:proj-|ant-)?[0-9A-Za-z_-]{20,}`)},
	{"npm_", regexp.MustCompile(`^npm_[0-9A-Za-z]{36}`)},
	{"SG.", regexp.MustCompile(`^SG\.[0-9A-Za-z_-]{16,}\.[0-9A-Za-z_-]{16,}`)}, // SendGrid
}

var (
	// bearerRE is applied where "bearer" starts a word.
	bearerRE = regexp.MustCompile(`^(?i)bearer[ \t]+([A-Za-z0-9._~+/=-]+)`)

	// secretAssignRE is applied at the start of a word that contains one of
	// secretWords. It matches "name = value" and "name: value" pairs whose
	// name says the value is a credential (GITHUB_TOKEN, x-api-key,
	// "clientSecret"); group 1 is the telling part of the name, 2 the value.
	secretAssignRE = regexp.MustCompile(`^(?i)[_-]*(?:[a-z0-9]+[_-]+)*(` +
		`api[_-]?(?:key|secret|token)|access[_-]?(?:key|token)|secret[_-]?(?:access[_-]?)?key|` +
		`client[_-]?secret|auth[_-]?token|refresh[_-]?token|private[_-]?key|` +
		`token|secret|password|passwd)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9._~+/=-]+)`)
)

func findPrivateKeyBlocks(src, _ string) []span {
	if !strings.Contains(src, "PRIVATE KEY-----") || !strings.Contains(src, "-----END ") {
		return nil
	}
	var out []span
	for _, m := range privateKeyRE.FindAllStringIndex(src, -1) {
		out = append(out, span{m[0], m[1], KindAPIKey})
	}
	return out
}

func findKnownKeys(src, _ string) []span {
	var out []span
	for _, k := range knownKeys {
		for off := 0; ; {
			i := strings.Index(src[off:], k.prefix)
			if i < 0 {
				break
			}
			start := off + i
			off = start + 1
			if !cleanBefore(src, start, "-") {
				continue
			}
			m := k.re.FindStringIndex(src[start:])
			if m == nil {
				continue
			}
			end := start + m[1]
			off = end // the token is consumed whether or not it qualifies
			if !cleanAfter(src, end, "-") ||
				k.prefix == "sk-" && !hasLetterAndDigit(src[start+3:end]) { // "sk-learn-tutorial-for-beginners"
				continue
			}
			out = append(out, span{start, end, KindAPIKey})
		}
	}
	return out
}

func findBearerTokens(src, lower string) []span {
	var out []span
	for off := 0; ; {
		i := strings.Index(lower[off:], "bearer")
		if i < 0 {
			return out
		}
		start := off + i
		off = start + 1
		if isWord(byteAt(src, start-1)) {
			continue
		}
		m := bearerRE.FindStringSubmatchIndex(src[start:])
		if m == nil {
			continue
		}
		ts, te := start+m[2], start+m[3]
		off = te
		if te-ts >= 12 && hasLetterAndDigit(src[ts:te]) {
			out = append(out, span{ts, te, KindBearer})
		}
	}
}

func findSecretAssignments(src, lower string) []span {
	// Collect the starts of the words that contain a secret word, then try
	// the pattern once at each.
	var starts []int
	for _, w := range [...]string{"key", "token", "secret", "passw"} { // in every name secretAssignRE knows
		prevAt, prevStart := -1, -1
		for off := 0; ; {
			i := strings.Index(lower[off:], w)
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(w)
			ws := at
			for ws > 0 && ws-1 != prevAt && isNameByte(src[ws-1]) {
				ws--
			}
			if ws > 0 && ws-1 == prevAt {
				ws = prevStart // same word as the previous hit
			}
			prevAt, prevStart = at, ws
			starts = append(starts, ws)
		}
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)

	var out []span
	consumed := 0
	for _, ws := range starts {
		if ws < consumed {
			continue // inside the value of the previous match
		}
		m := secretAssignRE.FindStringSubmatchIndex(src[ws:])
		if m == nil {
			continue
		}
		name, vs, ve := lower[ws+m[2]:ws+m[3]], ws+m[4], ws+m[5]
		consumed = ve
		if isSecretValue(name, src[vs:ve]) {
			out = append(out, span{vs, ve, KindAPIKey})
		}
	}
	return out
}

func isNameByte(c byte) bool { return isWord(c) || c == '-' }

// isSecretValue decides whether the value assigned to a credential-like name
// should be hidden.
func isSecretValue(name, v string) bool {
	if strings.HasPrefix(name, "passw") {
		// Passwords are short and chosen by people, so entropy says little;
		// the name is the signal.
		return len(v) >= 8 && hasLetterAndDigit(v)
	}
	return looksRandom(v)
}

// looksRandom reports whether a value is long and varied enough to be a
// generated secret rather than a word, a number or a path.
func looksRandom(v string) bool {
	return len(v) >= 16 && hasLetterAndDigit(v) && entropy(v) >= 3.0
}

func hasLetterAndDigit(s string) bool {
	letter, digit := false, false
	for i := range len(s) {
		letter = letter || isLetter(s[i])
		digit = digit || isDigit(s[i])
	}
	return letter && digit
}

// entropy is the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	var freq [256]int
	for i := range len(s) {
		freq[s[i]]++
	}
	h := 0.0
	n := float64(len(s))
	for _, f := range freq {
		if f > 0 {
			p := float64(f) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}
