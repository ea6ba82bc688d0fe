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
