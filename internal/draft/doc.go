// Package draft compiles a draft — an indictment, a background brief or a warrant application
// written as Markdown with YAML front matter — against its case and the law library into a
// render.Document: paragraphs numbered continuously across sections, cross-references resolved
// to paragraph numbers, citations of sources ([@id, at 14]) and of facts ([#fact], whose
// supporting sources become the footnote) formatted by internal/cite with Id. and supra,
// provisions ([art:rome-statute/25/3/c]) checked against the law library and printed in their
// canonical form, counts generated from the case's charges, a chronology from the timeline, and
// a public redacted version on request. Every problem is reported as file:line: field: problem,
// and a draft with problems yields no document. The format is documented in docs/drafting.md.
//
// The parser is hand-written: pandoc (Haskell) is the only full implementation of its citation
// syntax, and the syntax here adds fact, paragraph and provision references that no Markdown
// library knows.
package draft
