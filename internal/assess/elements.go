package assess

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"dossier/internal/law"
	"dossier/internal/model"
)

// Parts of a count: where an element comes from.
const (
	PartCrime        = "crime"        // the (principal) crime's elements
	PartParticipant  = "participant"  // the crime's elements for every participant (e.g. art. 25(3 bis))
	PartMode         = "mode"         // the mode of liability's elements
	PartPrecondition = "precondition" // the forum's jurisdiction preconditions
)

// Whose conduct or situation an element concerns.
const (
	ConcernsPrincipal = "principal" // the principal perpetrator (accessory modes)
	ConcernsAccused   = "accused"
	ConcernsForum     = "forum" // a jurisdictional fact, no one's conduct
)

// TypePrecondition is the type given to a forum's jurisdiction preconditions.
const TypePrecondition = "precondition"

// CountElement is one thing the prosecution must prove for one count, generated from the law.
type CountElement struct {
	ID         string `json:"id"`     // the law's stable element id; findings name it
	Number     int    `json:"number"` // position in the count, from 1
	LawNumber  int    `json:"law_number,omitempty"`
	Part       string `json:"part"`
	Type       string `json:"type"`     // conduct, circumstance, consequence, mental, precondition
	Concerns   string `json:"concerns"` // principal, accused or forum
	Actor      string `json:"actor,omitempty"`
	Title      string `json:"title,omitempty"`
	Text       string `json:"text"`
	QuotedFrom string `json:"quoted_from,omitempty"`
	// ParaphraseOf: Text is dossier's statement of the condition in this provision (not a quotation);
	// ProvisionText is the provision's own words.
	ParaphraseOf  string   `json:"paraphrase_of,omitempty"`
	ProvisionText string   `json:"provision_text,omitempty"`
	Unverified    bool     `json:"unverified,omitempty"`
	Group         string   `json:"group,omitempty"` // alternatives: see law.Element.Group
	From          string   `json:"from"`            // "crime aggression.icc", "mode aid-abet.icc", "forum icc"
	Provisions    []string `json:"provisions,omitempty"`
	Authorities   []string `json:"authorities,omitempty"`
	Means         []string `json:"means,omitempty"`
	Triggers      []string `json:"triggers,omitempty"` // preconditions: the triggers of jurisdiction they apply to
	Description   string   `json:"description,omitempty"`
}

// Label is "number. text", flagged when the wording is a paraphrase or unverified.
func (e *CountElement) Label() string {
	s := fmt.Sprintf("%d. %s", e.Number, e.Text)
	if e.ParaphraseOf != "" {
		s += " " + law.ParaphraseTag
	}
	if e.Unverified {
		s += " " + law.UnverifiedTag
	}
	return s
}

// Short is a short column label: the last segment of the id.
func (e *CountElement) Short() string {
	i := strings.LastIndexByte(e.ID, '.')
	return e.ID[i+1:]
}

// resolve returns the crime, mode and forum a charge names, or errors naming the field.
func resolve(lib *law.Library, c *model.Charge) (*law.Crime, *law.Mode, *law.Forum, []model.FieldError) {
	var errs []model.FieldError
	cr, ok := lib.Crime(c.Crime)
	if !ok {
		errs = append(errs, unknown("crime", c.Crime, crimeIDs(lib), "crimes"))
	}
	m, ok := lib.Mode(c.Mode)
	if !ok {
		errs = append(errs, unknown("mode", c.Mode, modeIDs(lib), "modes"))
	}
	f, ok := lib.Forum(c.Forum)
	if !ok {
		errs = append(errs, unknown("forum", c.Forum, forumIDs(lib), "forums"))
	}
	return cr, m, f, errs
}

// Elements returns a count's elements, generated from the law: the principal crime's elements
// (concerning the principal for an accessory mode, else the accused), the crime's participant
// elements and the mode's elements (concerning the accused), and the forum's preconditions that
// apply to the crime. It fails only when the crime, mode or forum is unknown.
func Elements(lib *law.Library, c *model.Charge) ([]CountElement, error) {
	cr, m, f, errs := resolve(lib, c)
	if len(errs) > 0 {
		return nil, fmt.Errorf("charge %s: %s: %s", c.ID, errs[0].Field, errs[0].Msg)
	}
	var out []CountElement
	add := func(e *law.Element, part, concerns, actor, from string, parentUnverified bool) {
		ce := CountElement{
			ID: e.ID, Number: len(out) + 1, LawNumber: e.Number, Part: part, Type: e.Type, Concerns: concerns, Actor: actor,
			Title: e.Title, Text: e.Text, QuotedFrom: e.QuotedFrom, ParaphraseOf: e.ParaphraseOf, Unverified: e.Unverified || parentUnverified, From: from,
			Provisions: e.Provisions, Authorities: e.Authorities, Means: e.Means, Description: e.Description, Group: e.Group,
		}
		if p, ok := lib.Provision(e.ParaphraseOf); ok && e.ParaphraseOf != "" {
			ce.ProvisionText = p.Text
		}
		out = append(out, ce)
	}
	crimeConcerns, crimeActor := ConcernsAccused, c.Accused
	if m.Accessory {
		crimeConcerns, crimeActor = ConcernsPrincipal, c.Principal
	}
	for _, e := range cr.Elements {
		add(e, PartCrime, crimeConcerns, crimeActor, "crime "+cr.ID, cr.Unverified)
	}
	for _, e := range cr.ParticipantElements {
		// a participant element limited to some modes (art. 25(3 bis) governs art. 25's modes only)
		if len(e.AppliesToModes) > 0 && !slices.Contains(e.AppliesToModes, m.ID) {
			continue
		}
		add(e, PartParticipant, ConcernsAccused, c.Accused, "crime "+cr.ID, cr.Unverified)
	}
	for _, e := range m.Elements {
		// an accessory mode's circumstance that relates to the whole principal crime (its commission)
		// concerns the principal
		if m.Accessory && e.Type == law.TypeCircumstance && slices.Contains(e.RelatesTo, "principal:*") {
			add(e, PartMode, ConcernsPrincipal, c.Principal, "mode "+m.ID, m.Unverified)
			continue
		}
		add(e, PartMode, ConcernsAccused, c.Accused, "mode "+m.ID, m.Unverified)
	}
	for _, p := range f.Preconditions {
		if len(p.AppliesTo) > 0 && !slices.Contains(p.AppliesTo, cr.ID) {
			continue
		}
		add(&p.Element, PartPrecondition, ConcernsForum, "", "forum "+f.ID, f.Unverified)
		out[len(out)-1].Type = TypePrecondition
		out[len(out)-1].Triggers = p.Triggers
	}
	return out, nil
}

// Checker checks charges and findings against the law library. It implements model.ChargeChecker.
type Checker struct {
	Lib *law.Library
}

var _ model.ChargeChecker = (*Checker)(nil)

// NewChecker returns a checker backed by lib.
func NewChecker(lib *law.Library) *Checker { return &Checker{Lib: lib} }

// CheckCharge returns the problems with a charge: an unknown crime, mode or forum (with a
// did-you-mean hint), a crime the forum does not apply, a mode the forum does not allow, an
// accessory mode without a principal, an unknown principal act, and allegations naming an element
// the count does not have.
func (k *Checker) CheckCharge(c *model.Charge) []model.FieldError {
	cr, m, f, errs := resolve(k.Lib, c)
	if len(errs) > 0 {
		return errs
	}
	if !f.AllowsCrime(cr.ID) {
		errs = append(errs, model.FieldError{Field: "crime", Msg: fmt.Sprintf("forum %q does not apply crime %q", f.ID, cr.ID),
			Hint: "forum " + f.ID + " applies " + strings.Join(f.Crimes, ", ")})
	}
	if !f.AllowsMode(m.ID) {
		errs = append(errs, model.FieldError{Field: "mode", Msg: fmt.Sprintf("forum %q does not allow mode %q", f.ID, m.ID),
			Hint: "forum " + f.ID + " allows " + strings.Join(f.Modes, ", ")})
	}
	if m.Accessory && c.Principal == "" {
		errs = append(errs, model.FieldError{Field: "principal", Msg: fmt.Sprintf("mode %q is an accessory mode: the count must name the principal", m.ID),
			Hint: "give the actor id of the person whose crime the accused assisted"})
	}
	if c.Principal != "" && c.Principal == c.Accused {
		errs = append(errs, model.FieldError{Field: "principal", Msg: "the principal is the accused", Hint: "an accessory assists another person's crime"})
	}
	if c.PrincipalCrime != "" && len(cr.Acts) > 0 && actOf(k.Lib, cr, c.PrincipalCrime) == nil {
		var ids []string
		for _, a := range cr.Acts {
			ids = append(ids, a.ID)
		}
		errs = append(errs, model.FieldError{Field: "principal_crime", Msg: fmt.Sprintf("%q is not an act of crime %q", c.PrincipalCrime, cr.ID),
			Hint: hintOr(didYouMean(c.PrincipalCrime, ids), "use one of "+strings.Join(ids, ", "))})
	}
	els, _ := Elements(k.Lib, c)
	ids := elementIDs(els)
	for i, a := range c.Allegations {
		field := fmt.Sprintf("allegations[%d]", i)
		if !slices.Contains(ids, a.Element) {
			errs = append(errs, model.FieldError{Field: field + ".element", Msg: fmt.Sprintf("count %q has no element %q", c.ID, a.Element),
				Hint: hintOr(didYouMean(a.Element, ids), "see dossier charges for the count's elements")})
		}
		if strings.TrimSpace(a.Text) == "" {
			errs = append(errs, model.FieldError{Field: field + ".text", Msg: "missing text", Hint: "say what the count pleads about the element"})
		}
	}
	return errs
}

// Elements returns the ids of the count's elements.
func (k *Checker) Elements(c *model.Charge) ([]string, error) {
	els, err := Elements(k.Lib, c)
	if err != nil {
		return nil, err
	}
	return elementIDs(els), nil
}

// Act returns the act of the charge's crime that PrincipalCrime names (by act id or provision),
// or nil.
func Act(lib *law.Library, c *model.Charge) *law.Act {
	cr, ok := lib.Crime(c.Crime)
	if !ok || c.PrincipalCrime == "" {
		return nil
	}
	return actOf(lib, cr, c.PrincipalCrime)
}

func actOf(lib *law.Library, cr *law.Crime, ref string) *law.Act {
	path := ref
	if p, err := lib.ParseProvisionRef(ref); err == nil {
		path = p
	}
	for _, a := range cr.Acts {
		if a.ID == ref || a.Provision == ref || a.Provision == path {
			return a
		}
	}
	return nil
}

func elementIDs(els []CountElement) []string {
	ids := make([]string, len(els))
	for i := range els {
		ids[i] = els[i].ID
	}
	return ids
}

func unknown(field, v string, cands []string, kind string) model.FieldError {
	msg := fmt.Sprintf("unknown %s %q", field, v)
	if v == "" {
		msg = "missing " + field
	}
	return model.FieldError{Field: field, Msg: msg, Hint: hintOr(didYouMean(v, cands), "see dossier law "+kind)}
}

func hintOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// didYouMean returns "did you mean X?" for the closest candidate within a small edit distance.
func didYouMean(s string, cands []string) string {
	if s == "" {
		return ""
	}
	best, bestD := "", 1<<30
	for _, c := range cands {
		if d := model.Levenshtein(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	// also accept a candidate that contains the input or the other way round ("aid-abet" → "aid-abet.icc")
	if bestD > max(2, len(s)/3) {
		for _, c := range cands {
			if strings.HasPrefix(c, s) || strings.HasPrefix(s, c) {
				return fmt.Sprintf("did you mean %q?", c)
			}
		}
		return ""
	}
	return fmt.Sprintf("did you mean %q?", best)
}

func crimeIDs(lib *law.Library) []string {
	var ids []string
	for _, c := range lib.Crimes {
		ids = append(ids, c.ID)
	}
	sort.Strings(ids)
	return ids
}

func modeIDs(lib *law.Library) []string {
	var ids []string
	for _, m := range lib.Modes {
		ids = append(ids, m.ID)
	}
	sort.Strings(ids)
	return ids
}

func forumIDs(lib *law.Library) []string {
	var ids []string
	for _, f := range lib.Forums {
		ids = append(ids, f.ID)
	}
	sort.Strings(ids)
	return ids
}
