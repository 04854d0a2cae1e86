// Package model is dossier's case model: the actors, sources, captures, excerpts, facts, figures,
// charges, findings and drafts of one case, and the rules that say when they are valid.
//
// The Go types are the schema of the plain-text case bundle (their yaml tags are the field names)
// and of the stores (which keep each record as its JSON encoding). Validation never stops at the
// first problem: it returns every Problem with the record and field path it concerns, so that the
// bundle reader can turn the path into file:line.
package model
