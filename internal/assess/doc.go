// Package assess turns charges into the elements the prosecution must prove and assesses each
// element of each count against the evidence under a stage's standard of proof.
//
// A count's elements are generated from the law library (package law): the principal crime's
// elements (for an accessory mode they concern the principal, e.g. the leader of the aggressor
// State), the crime's participant elements and the mode's elements (the accused's contribution and
// mental state), and the forum's jurisdiction preconditions. Findings link facts to those
// elements, for or against.
//
// The assessment gives every element a status — met, not met, contested, no evidence — decided by
// written, configurable rules (Rules, documented in docs/assessment.md) that weigh the number of
// supporting facts, the independence of their origins (ten reports repeating one intelligence
// agency are one origin: model.Source.OriginKey), source reliability (A–F), information
// credibility (1–6), review status and contradicting facts. Every status carries an explanation in
// words naming the facts, the sources and the rule applied. The assessment also raises the legal
// issues it detects from the law and the case (Issues) and reports, for each element short of the
// next stage's standard, what evidence would move it (Gaps). It never states a verdict of guilt.
//
// The Assessor files findings by (count, element) and keeps per element and standard the
// aggregates the rules read (counting findings, references per origin, credibility and
// reliability histograms), so that a changed finding, fact or source adjusts them in time
// proportional to the findings and sources it touches; statuses and explanations are recomputed
// from the aggregates when read.
package assess
