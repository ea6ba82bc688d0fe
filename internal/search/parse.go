package search

import "strings"

// Parse reads a search query. Errors are *SyntaxError, with a message meant
// for the person who typed the query. HelpMarkdown describes the syntax.
func Parse(q string) (Query, error) {
	if err := checkText(q); err != nil {
		return Query{}, err
	}
	items, err := lex(q)
	if err != nil {
		return Query{}, err
	}
	var p parser
	for _, it := range items {
		if err := p.add(it); err != nil {
			return Query{}, err
		}
	}
	return p.finish()
}

// parser accumulates a Query from lexed items.
type parser struct {
	q       Query
	filters int // filters other than sort:
	sortSet bool
}

func (p *parser) add(it item) error {
	if !it.phrase {
		if name, value, ok := strings.Cut(it.text, ":"); ok && name != "" {
			if f, known := filterByName(name); known {
				if it.exclude {
					return syntaxErr(it.pos, "filters can't be excluded: remove the \"-\" before %q", name+":")
				}
				return p.filter(f, value, it.pos)
			}
			if err := checkUnknownFilter(name, value, it); err != nil {
				return err
			}
		}
	}
	toks := Terms(it.text)
	if len(toks) == 0 {
		// Nothing an index could hold ("&&", "-", an empty phrase).
		return nil
	}
	if len(p.q.Terms) == MaxTerms {
		return syntaxErr(it.pos, "a query can have at most %d words and phrases", MaxTerms)
	}
	p.q.Terms = append(p.q.Terms, Term{Text: it.text, Tokens: toks, Phrase: it.phrase, Exclude: it.exclude})
	return nil
}

func (p *parser) finish() (Query, error) {
	q := p.q
	if q.Sort == "" {
		q.Sort = SortRelevance
	}
	if len(q.Terms) == 0 && p.filters == 0 {
		return Query{}, syntaxErr(0, "a query needs at least one word or filter")
	}
	if len(q.Included()) == 0 && p.filters == 0 {
		return Query{}, syntaxErr(0, "a query needs at least one word to look for, not only excluded ones")
	}
	return q, nil
}
