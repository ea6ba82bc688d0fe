// Package search prepares text for parley's full-text index and parses the
// queries people type into the search box. The SQLite (FTS5) and PostgreSQL
// (tsvector) engines both index what IndexText returns and match what Parse
// returns, so that the two behave alike. The package imports only the
// standard library (its tests also use modernc.org/sqlite and pgx to check
// the scheme against the real engines).
//
// # Tokens
//
// Tokenize is the reference tokenizer, the same as SQLite's unicode61 with
// remove_diacritics 0: a token is a maximal run of letters, numbers and
// private-use characters (Unicode L*, N*, Co), lower-cased rune by rune;
// everything else separates tokens, including "_", ".", ":", "-", "/" and
// combining marks. So "nw_path_evaluator_start" is nw, path, evaluator,
// start; "com.corvid.network.helper" is com, corvid, network, helper;
// "26.4.2" is 26, 4, 2; "Code=450" is code, 450; "0x100a7ee60" is one token.
//
// # Identifiers and their parts
//
// An identifier is a maximal run of tokens joined by connectors ("_", ".",
// ":", "-", "/"), e.g. "NEFilterDataProvider.startFilter" or
// "Sources/App/URLSession.swift". A token is mixed-case when it has a
// lower-case letter and an upper-case letter after its first character
// ("preferNoProxies", "URLSession", "iOS"; not "Provider", "EMFILE",
// "errno"); "0x" hex literals never are. A mixed-case token splits before:
//
//   - an upper-case letter that follows a lower-case one: prefer|No|Proxies;
//   - the last capital of a run of capitals followed by a lower-case letter:
//     NE|Filter|Data|Provider, URL|Session; except when that lower-case
//     letter is an "s" ending its word, a plural: URLs, URLs|For|Directory;
//   - every change between number and non-number: HTTP|Server|2,
//     Int|32|Value, i|OS|17. (So "http server 2" finds HTTPServer2, and so
//     do "HTTPServer", "Server2" and "server2".)
//
// Parts are lower-cased. Adjacent acronyms cannot be told apart
// (NSURLSession is nsurl|session) and a lower-case text carries no
// boundaries at all ("flowfilterprovider" stays one token).
//
// # Index side: IndexText
//
// IndexText(s) is s unchanged, then, when s has mixed-case identifiers, a
// newline and Extras(s). For each distinct identifier (by exact text) that
// has at least one mixed-case token, Extras writes one group:
//
//  1. for each mixed-case token, its parts glued back together over every
//     contiguous run of two or more parts, the whole token first; tokens of
//     more than 8 parts get only the runs that start at the first part or
//     end at the last one;
//  2. then the parts of the whole identifier in order (tokens that do not
//     split appear as they are).
//
// NEFilterDataProvider gives
//
//	nefilterdataprovider nefilterdata filterdataprovider nefilter filterdata dataprovider ne filter data provider
//
// and nw_pathEvaluator_start gives "pathevaluator nw path evaluator start".
// The glued runs let a lower-case partial name ("filterdataprovider") match
// as one token; the parts let a mixed-case partial name ("FilterData") and
// separate words ("filter data provider") match; the whole-token run that
// opens each group keeps one group's parts from forming a phrase with the
// previous group's. Identifiers without mixed-case tokens (snake_case,
// dotted and file names) get nothing: their tokens in the original text
// already form the phrase that the typed identifier becomes, and no glued
// forms are added for them because nobody types "nwpathevaluatorstart".
// Trailing all-digit tokens of an identifier are left out of its group
// ("Provider.swift:41" groups as "Provider.swift"), so line numbers don't
// multiply groups. Identifiers longer than 64 bytes are taken token by
// token, and tokens longer than 64 bytes are never split. Identical groups
// are written once, and a document gets at most 4096 extra tokens (the
// groups that fit whole, in order of first appearance).
//
// # Query side: Terms and Term.Alternatives
//
// Terms(word) returns the word's tokens with each mixed-case token replaced
// by its parts: Terms("FilterProvider") is filter, provider; Terms("Code=450")
// is code, 450. A term matches a document when, for at least one phrase of
// Term.Alternatives, the document's index tokens contain that phrase's
// tokens consecutively. The alternatives are Tokens, and also Tokenize(Text)
// when that differs, which finds documents that wrote the identifier whole
// or in lower case ("flowfilterprovider" for FlowFilterProvider). Every
// word, quoted or not, is matched as a phrase: "errno=24" finds "errno: 24"
// but not "errno" and "24" far apart. A quoted phrase is one term whose
// Tokens are Terms of its text; for it the alternatives are all-parts or
// all-unsplit, not mixtures, so a quoted phrase finds an identifier whole
// or by leading parts, not "NoProxies crashes" inside "preferNoProxies
// crashes". Matching is whole-token: no prefixes, no stop words,
// case-insensitive, accents significant.
//
// # Stems and CJK words
//
// IndexText also appends the bigrams of each token holding Chinese,
// Japanese or Korean characters (cjk.go: 再接続できない gives 再接 接続 続で
// でき きな ない; other characters in the token stay as they are and a
// one-character run stays itself) and, for each plain English word whose
// Porter stem (stem.go) differs from it, the stem marked with "ǂ" (crashed
// gives ǂcrash). A plain word is a whole identifier of 3 to 32 ASCII
// letters that is neither mixed-case nor in capitals; code is never
// stemmed. Term.ExactPhrases adds a term's CJK bigram phrase to its
// Alternatives; Term.Phrases, what the engines match, adds for an unquoted,
// included plain word its stem as written and marked ("crashes" matches
// crashes, crash and ǂcrash), so every form of a word finds the others
// while quoted and excluded words match only as written. Query.MatchesExactly
// tells an exact title match from a stemmed one for ranking.
//
// # Engines
//
// Query.MatchFTS5 and Query.MatchTSQuery render a parsed query for each
// engine as two expressions, include (the included terms, all required) and
// exclude (the excluded terms, any one disqualifies), either of which may
// be empty: a query may be filters only, or filters and excluded words.
//
// SQLite: an FTS5 table with tokenize = 'unicode61 remove_diacritics 0'
// whose column holds IndexText(text). A term renders as Term.FTS5() over
// its Phrases:
// ("flow filter provider" OR "flowfilterprovider"). FTS5's NOT needs a
// left operand, so exclude is applied as rowid NOT IN (SELECT rowid ...
// MATCH exclude).
//
// PostgreSQL: a tsvector column to_tsvector('simple', Fold(IndexText(text)));
// the 'simple' configuration keeps every token (no stemming, no stop
// words), and Fold hands the default parser plain space-separated tokens,
// so it cannot keep hosts, files or versions whole. A term renders as
// Term.TSQuery(): ('flow' <-> 'filter' <-> 'provider' | 'flowfilterprovider'),
// used through to_tsquery('simple', ...). Known differences: PostgreSQL
// drops some number characters (superscripts, fractions) that FTS5 keeps,
// and tsvector positions stop at 16383, so phrases far into very long
// documents (over about 16,000 tokens) can match loosely there.
//
// The tests run the findability table through both real engines.
//
// # Queries
//
// Parse reads the syntax that HelpMarkdown describes to users:
//
//   - Words separated by white space; "quoted phrases" (straight or
//     typographic quotes); -word and -"phrase" exclude. A "-" not followed
//     by a letter or quote is part of the word ("--verbose", "-1"). Words
//     and phrases with no tokens ("&&") are dropped.
//   - Filters, names case-insensitive: tag:a (repeatable, or tag:a,b; all
//     must match), subtopic:slug, user:name (a leading "@" is dropped),
//     is:solved, is:unanswered, is:recommended (repeatable; unanswered
//     can't combine with the other two), boosts:>N (MinBoosts N+1),
//     boosts:>=N and boosts:N (MinBoosts N), after:YYYY-MM-DD (midnight UTC,
//     inclusive: posted at or after it), before:YYYY-MM-DD (midnight UTC,
//     exclusive: posted before it), sort:relevance|latest|boosts
//     (sort:newest means latest). Filters can't be excluded; a filter that
//     takes one value may repeat only with the same value.
//   - Any other name:value word is search text when it looks like code or
//     pasted output (empty value, non-letter or mixed-case name, a value
//     starting with ":", "/" or "\" or holding unusual characters, or a
//     numeric value), and otherwise an error that suggests the filter it
//     resembles or says to quote it.
//   - A query needs a word or a filter (sort: alone is not enough), and a
//     query without filters needs an included word. At most MaxQueryLen
//     characters not counting white space, MaxTerms words and phrases and
//     MaxTags tags; no invalid UTF-8, NUL or control characters other than
//     tab, newline and carriage return.
//
// Query.String gives a canonical form (terms in order, then filters in a
// fixed order) that parses back to an equal Query; it suits feed titles and
// links. Engines apply the filters as plain SQL conditions next to the
// match expressions.
package search
