package sqlite

import (
	"strings"
	"unicode"
)

// Limits on a search query, so that a pasted document cannot make a runaway FTS query.
const (
	maxTerms      = 32
	maxTermTokens = 32
)

// FTSQuery turns what a user typed into an FTS5 MATCH expression that cannot be a syntax error.
//
// The user's query is plain words and "double-quoted phrases"; every term must occur (AND).
// Nothing the user types is FTS5 syntax: operators (AND, OR, NOT, NEAR), column filters (a:b),
// prefixes (*), carets, parentheses and stray quotes are just text. Each term becomes a quoted
// FTS5 string holding only its letter/digit runs, so "KN-23" becomes the phrase "KN 23", which is
// how the unicode61 tokenizer indexed it. Invalid UTF-8 and control characters are dropped.
// Terms are deduplicated and limited to 32 (of 32 tokens each). An empty result means the query
// has nothing to search for.
func FTSQuery(q string) string {
	var parts []string
	seen := map[string]bool{}
	for _, term := range splitTerms(q) {
		toks := tokens(term)
		if len(toks) == 0 {
			continue
		}
		if len(toks) > maxTermTokens {
			toks = toks[:maxTermTokens]
		}
		p := `"` + strings.Join(toks, " ") + `"`
		if seen[strings.ToLower(p)] {
			continue
		}
		seen[strings.ToLower(p)] = true
		parts = append(parts, p)
		if len(parts) == maxTerms {
			break
		}
	}
	return strings.Join(parts, " ")
}

// splitTerms splits a query into terms: "quoted phrases" (an unclosed quote runs to the end) and
// whitespace-separated words.
func splitTerms(q string) []string {
	q = strings.ToValidUTF8(q, " ")
	var terms []string
	for len(q) > 0 {
		q = strings.TrimLeftFunc(q, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
		if q == "" {
			break
		}
		if q[0] == '"' {
			q = q[1:]
			end := strings.IndexByte(q, '"')
			if end < 0 {
				end = len(q)
			}
			terms = append(terms, q[:end])
			q = q[min(end+1, len(q)):]
			continue
		}
		end := strings.IndexFunc(q, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' })
		if end < 0 {
			end = len(q)
		}
		terms = append(terms, q[:end])
		q = q[end:]
	}
	return terms
}

// tokens returns the runs of letters, digits and combining marks in s.
func tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsNumber(r))
	})
}
