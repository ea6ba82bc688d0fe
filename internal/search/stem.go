package search

// English stemming: the Porter algorithm (M. F. Porter, "An algorithm for
// suffix stripping", 1980, with the two changes of his reference C
// version: bli → ble and logi → log), run in Go so that both engines index
// and query the very same stems. Only plain words are stemmed (see
// wordStem); code stays exact.

// maxStemLen is the longest word, in bytes, that is stemmed: longer runs of
// letters are not English words.
const maxStemLen = 32

// wordStem returns the stem of an identifier's text when it is one plain
// English word, and "" otherwise. A plain word is 3 to maxStemLen ASCII
// letters, not mixed-case ("iOS", "URLs") and not all capitals ("EMFILE",
// "HTTP"): those are names, kept exact. The text must be a whole
// identifier, so parts of snake_case, dotted and file names are never
// stemmed. The stem may equal the lower-cased word ("crash").
func wordStem(text string) string {
	if len(text) < 3 || len(text) > maxStemLen {
		return ""
	}
	upper := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case 'a' <= c && c <= 'z':
		case 'A' <= c && c <= 'Z':
			if i > 0 && upper == 0 {
				return "" // an inner capital: mixed-case
			}
			upper++
		default:
			return ""
		}
	}
	if upper == len(text) || upper > 1 {
		return "" // all capitals, or capitals after the first letter
	}
	return Stem(lower(text))
}

// WordStem is wordStem for callers that mark matched words: the stem of
// one plain English word, or "" for code and anything else.
func WordStem(word string) string { return wordStem(word) }

// Stem returns the Porter stem of a lower-case ASCII word, for example
// "crashes" → "crash", "timeouts" → "timeout", "connection" → "connect".
// Words of one or two letters, and anything that is not lower-case ASCII
// letters, come back unchanged.
func Stem(word string) string {
	for i := 0; i < len(word); i++ {
		if word[i] < 'a' || word[i] > 'z' {
			return word
		}
	}
	if len(word) <= 2 {
		return word
	}
	p := porter{b: []byte(word), k: len(word) - 1}
	p.step1ab()
	if p.k > 0 {
		p.step1c()
		p.step2()
		p.step3()
		p.step4()
		p.step5()
	}
	return string(p.b[:p.k+1])
}

// porter holds the word being stemmed: b[0..k] is the current word and j
// the end of the stem that the last successful ends() left.
type porter struct {
	b    []byte
	k, j int
}

// cons reports whether b[i] is a consonant.
func (p *porter) cons(i int) bool {
	switch p.b[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		return i == 0 || !p.cons(i-1)
	}
	return true
}

// m measures the consonant-vowel sequences in b[0..j]: [C](VC)^m[V].
func (p *porter) m() int {
	n, i := 0, 0
	for {
		if i > p.j {
			return n
		}
		if !p.cons(i) {
			break
		}
		i++
	}
	i++
	for {
		for {
			if i > p.j {
				return n
			}
			if p.cons(i) {
				break
			}
			i++
		}
		i++
		n++
		for {
			if i > p.j {
				return n
			}
			if !p.cons(i) {
				break
			}
			i++
		}
		i++
	}
}

// vowelInStem reports whether b[0..j] has a vowel.
func (p *porter) vowelInStem() bool {
	for i := 0; i <= p.j; i++ {
		if !p.cons(i) {
			return true
		}
	}
	return false
}

// doubleC reports whether b[i-1..i] is a double consonant.
func (p *porter) doubleC(i int) bool {
	return i >= 1 && p.b[i] == p.b[i-1] && p.cons(i)
}

// cvc reports whether b[i-2..i] is consonant-vowel-consonant and the last
// consonant is not w, x or y: the stem of hop(e), not of snow.
func (p *porter) cvc(i int) bool {
	if i < 2 || !p.cons(i) || p.cons(i-1) || !p.cons(i-2) {
		return false
	}
	switch p.b[i] {
	case 'w', 'x', 'y':
		return false
	}
	return true
}

// ends reports whether b[0..k] ends with s, and then sets j before it.
func (p *porter) ends(s string) bool {
	n := len(s)
	if n > p.k+1 || string(p.b[p.k-n+1:p.k+1]) != s {
		return false
	}
	p.j = p.k - n
	return true
}

// setTo replaces b[j+1..k] with s.
func (p *porter) setTo(s string) {
	p.b = append(p.b[:p.j+1], s...)
	p.k = p.j + len(s)
}

// r replaces the suffix with s when the stem's measure is above zero.
func (p *porter) r(s string) {
	if p.m() > 0 {
		p.setTo(s)
	}
}

// step1ab removes plurals and -ed or -ing.
func (p *porter) step1ab() {
	if p.b[p.k] == 's' {
		switch {
		case p.ends("sses"):
			p.k -= 2
		case p.ends("ies"):
			p.setTo("i")
		case p.b[p.k-1] != 's':
			p.k--
		}
	}
	if p.ends("eed") {
		if p.m() > 0 {
			p.k--
		}
		return
	}
	if (p.ends("ed") || p.ends("ing")) && p.vowelInStem() {
		p.k = p.j
		switch {
		case p.ends("at"):
			p.setTo("ate")
		case p.ends("bl"):
			p.setTo("ble")
		case p.ends("iz"):
			p.setTo("ize")
		case p.doubleC(p.k):
			p.k--
			switch p.b[p.k] {
			case 'l', 's', 'z':
				p.k++
			}
		default:
			p.j = p.k
			if p.m() == 1 && p.cvc(p.k) {
				p.setTo("e")
			}
		}
	}
	p.b = p.b[:p.k+1]
}

// step1c turns a final y into i when there is another vowel in the stem.
func (p *porter) step1c() {
	if p.ends("y") && p.vowelInStem() {
		p.b[p.k] = 'i'
	}
}

// suffixRule maps a suffix to its replacement.
type suffixRule struct{ from, to string }

var step2Rules = map[byte][]suffixRule{
	'a': {{"ational", "ate"}, {"tional", "tion"}},
	'c': {{"enci", "ence"}, {"anci", "ance"}},
	'e': {{"izer", "ize"}},
	'l': {{"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"}},
	'o': {{"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}},
	's': {{"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"}},
	't': {{"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}},
	'g': {{"logi", "log"}},
}

var step3Rules = map[byte][]suffixRule{
	'e': {{"icate", "ic"}, {"ative", ""}, {"alize", "al"}},
	'i': {{"iciti", "ic"}},
	'l': {{"ical", "ic"}, {"ful", ""}},
	's': {{"ness", ""}},
}

// step2 maps double suffixes to single ones (-ization → -ize).
func (p *porter) step2() {
	if p.k < 1 {
		return
	}
	p.applyFirst(step2Rules[p.b[p.k-1]])
}

// step3 deals with -ic-, -full, -ness and the like.
func (p *porter) step3() {
	p.applyFirst(step3Rules[p.b[p.k]])
}

func (p *porter) applyFirst(rules []suffixRule) {
	for _, rule := range rules {
		if p.ends(rule.from) {
			p.r(rule.to)
			return
		}
	}
}

var step4Suffixes = map[byte][]string{
	'a': {"al"},
	'c': {"ance", "ence"},
	'e': {"er"},
	'i': {"ic"},
	'l': {"able", "ible"},
	'n': {"ant", "ement", "ment", "ent"},
	'o': {"ion", "ou"},
	's': {"ism"},
	't': {"ate", "iti"},
	'u': {"ous"},
	'v': {"ive"},
	'z': {"ize"},
}

// step4 takes off -ant, -ence and the like when the measure is above one.
func (p *porter) step4() {
	if p.k < 1 {
		return
	}
	found := false
	for _, s := range step4Suffixes[p.b[p.k-1]] {
		if !p.ends(s) {
			continue
		}
		if s == "ion" && !(p.j >= 0 && (p.b[p.j] == 's' || p.b[p.j] == 't')) {
			continue
		}
		found = true
		break
	}
	if found && p.m() > 1 {
		p.k = p.j
		p.b = p.b[:p.k+1]
	}
}

// step5 removes a final -e and turns -ll into -l when the measure allows.
func (p *porter) step5() {
	p.j = p.k
	if p.b[p.k] == 'e' {
		if a := p.m(); a > 1 || a == 1 && !p.cvc(p.k-1) {
			p.k--
		}
	}
	if p.b[p.k] == 'l' && p.doubleC(p.k) && p.m() > 1 {
		p.k--
	}
	p.b = p.b[:p.k+1]
}
