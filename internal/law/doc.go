// Package law is dossier's law library: instruments with their verbatim provision texts (each with its
// source), crimes with typed elements, modes of liability with their own elements, forums (which crimes,
// modes, jurisdiction preconditions, immunity rule and standards apply), standards of proof by stage,
// case-law authorities with their reliability class, and the means of proof that typically establish each
// element.
//
// The law is data, not code: YAML files under data/ are embedded in the binary (Load), and further law
// directories can be added (LoadWith, LoadFS). Decoding is strict: an unknown field, a reference to a
// provision, authority, element or means of proof that does not exist, or a verified text that is not quoted
// word for word from the provision or authority it names is an error reported as file:line: field: problem.
// Wording not found in a verified source is carried with unverified: true and is flagged "[unverified]"
// wherever it is shown. The schema is documented in docs/law.md and data/schema.json.
package law
