package search

// Terms splits one user search word (or the text of a quoted phrase) the
// same way IndexText splits identifiers, returning its tokens in order: a
// mixed-case token becomes its lower-cased parts ("FilterProvider" gives
// filter, provider), every other token is lower-cased as is. The result is
// the phrase to match; Term.Alternatives adds the unsplit form.
func Terms(word string) []string {
	var out []string
	for _, sp := range tokenSpans(word) {
		tok := word[sp.start:sp.end]
		if parts := splitCamel(tok); parts != nil {
			out = append(out, parts...)
		} else {
			out = append(out, lower(tok))
		}
	}
	return out
}

// Term is one word or quoted phrase of a query.
type Term struct {
	Text    string   // as typed; for a phrase, the words inside the quotes
	Tokens  []string // Terms(Text): the phrase of tokens to match
	Phrase  bool     // the user quoted it
	Exclude bool     // the user put "-" in front of it
}

// Alternatives returns the token phrases any one of which, found as
// consecutive tokens of a document's index text, makes the term match:
// Tokens, then the plain tokens of Text when they differ. The second form
// finds identifiers that a document wrote without case
// ("flowfilterprovider" for the query FlowFilterProvider).
func (t Term) Alternatives() [][]string {
	plain := Tokenize(t.Text)
	if len(t.Tokens) == 0 {
		if len(plain) == 0 {
			return nil
		}
		return [][]string{plain}
	}
	if equalTokens(plain, t.Tokens) || len(plain) == 0 {
		return [][]string{t.Tokens}
	}
	return [][]string{t.Tokens, plain}
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ExactPhrases returns Alternatives and, for a term holding CJK
// characters, the phrase of their bigrams (see cjk.go): the phrases that
// find the term as written, which ranking puts above stemmed matches.
func (t Term) ExactPhrases() [][]string {
	alts := t.Alternatives()
	if len(alts) == 0 {
		return nil
	}
	for _, a := range alts {
		if p := cjkPhrase(a); p != nil && !hasAlt(alts, p) {
			alts = append(alts, p)
		}
	}
	return alts
}

// Phrases returns every phrase that makes the term match, the ones the
// engines search: ExactPhrases and, for a plain English word typed alone
// and not quoted, its stem ("crashes" also matches "crash", and the marked
// stem "ǂcrash" that the index holds for "crashed", "crashing" and every
// other plain word that stems to crash). Quoted phrases and
// code (identifiers, numbers, names in capitals) match exactly.
func (t Term) Phrases() [][]string {
	alts := t.ExactPhrases()
	if st := t.Stem(); st != "" {
		// The stem as written is a word of that stem too ("crash" for
		// crashes); the marked stem stands for the others (crashed).
		for _, p := range [][]string{{st}, {stemMark + st}} {
			if !hasAlt(alts, p) {
				alts = append(alts, p)
			}
		}
	}
	return alts
}

// Stem returns the stem the term also matches by, or "" when it is matched
// exactly only (see Phrases). Excluded words are matched as written:
// -drains leaves out posts that say "drains", not every post that says
// "drain".
func (t Term) Stem() string {
	if t.Phrase || t.Exclude {
		return ""
	}
	var st string
	n := 0
	for id := range identifiers(t.Text) {
		if n++; n > 1 {
			return ""
		}
		st = wordStem(t.Text[id.start:id.end])
	}
	return st
}

func hasAlt(alts [][]string, p []string) bool {
	for _, a := range alts {
		if equalTokens(a, p) {
			return true
		}
	}
	return false
}

// MatchesExactly reports whether text (a title, say) holds every included
// term of q by one of its exact phrases, the way the engines match the
// index: a thread whose title has the words as typed ranks above one whose
// title has them only by their stems.
func (q Query) MatchesExactly(text string) bool {
	return q.matchesEvery(Tokenize(exactIndexText(text)), Term.ExactPhrases)
}

// matchesEvery reports whether toks hold every included term of q by one
// of the phrases that phrases gives for it.
func (q Query) matchesEvery(toks []string, phrases func(Term) [][]string) bool {
	inc := q.Included()
	if len(inc) == 0 {
		return false
	}
	for _, t := range inc {
		found := false
		for _, p := range phrases(t) {
			if containsPhrase(toks, p) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// containsPhrase reports whether phrase occurs as consecutive tokens of toks.
func containsPhrase(toks, phrase []string) bool {
	if len(phrase) == 0 {
		return false
	}
outer:
	for i := 0; i+len(phrase) <= len(toks); i++ {
		for j, p := range phrase {
			if toks[i+j] != p {
				continue outer
			}
		}
		return true
	}
	return false
}

// MatchesTitle reports whether text holds every included term of q by any
// of its phrases, stems included: what the engines find in it.
func (q Query) MatchesTitle(text string) bool {
	return q.matchesEvery(Tokenize(IndexText(text)), Term.Phrases)
}
