package law

import "strings"

// Pos is where a value was read from: the file, the line of its mapping and the line of each key. It is
// filled by the loader and used in error messages (file:line: field: problem).
type Pos struct {
	File   string         `yaml:"-" json:"-"`
	Line   int            `yaml:"-" json:"-"`
	Fields map[string]int `yaml:"-" json:"-"`
}

// at returns the line of key, or of the mapping when the key is absent.
func (p Pos) at(key string) int {
	if l, ok := p.Fields[key]; ok {
		return l
	}
	return p.Line
}

// Element types.
const (
	TypeConduct      = "conduct"
	TypeCircumstance = "circumstance"
	TypeConsequence  = "consequence"
	TypeMental       = "mental"
	TypeJurisdiction = "jurisdiction"
)

// Reliability classes of authorities (as the shared case-law file defines them).
const (
	PrimaryExtract  = "PRIMARY-EXTRACT"
	SecondaryQuote  = "SECONDARY-QUOTE"
	Digest          = "DIGEST"
	SecondaryReport = "SECONDARY-REPORT"
)

// UnverifiedTag is appended wherever unverified wording is shown.
const UnverifiedTag = "[unverified]"

// ParaphraseTag is appended wherever an element worded in dossier's words (paraphrase_of) is shown.
const ParaphraseTag = "[paraphrase]"

// Instrument is a treaty, statute, resolution or other text of law, with the provisions the library carries.
type Instrument struct {
	ID             string       `yaml:"id" json:"id"`
	Title          string       `yaml:"title" json:"title"`
	ShortTitle     string       `yaml:"short_title" json:"short_title"`
	Aliases        []string     `yaml:"aliases" json:"aliases,omitempty"`
	LabelPrefix    string       `yaml:"label_prefix" json:"label_prefix"`
	CitationPrefix string       `yaml:"citation_prefix" json:"citation_prefix"`
	Default        bool         `yaml:"default" json:"default,omitempty"`
	Partial        bool         `yaml:"partial" json:"partial,omitempty"`
	Units          *Units       `yaml:"units" json:"units,omitempty"`
	Status         string       `yaml:"status" json:"status"`
	Sources        []string     `yaml:"sources" json:"sources"`
	Note           string       `yaml:"note" json:"note,omitempty"`
	Provisions     []*Provision `yaml:"provisions" json:"provisions"`
	Pos            Pos          `yaml:"-" json:"-"`
}

// Units describes the numbering of an instrument's top-level units (articles), so that an unlisted article can
// be told apart from one that does not exist.
type Units struct {
	Range      string   `yaml:"range" json:"range"`
	Extra      []string `yaml:"extra" json:"extra,omitempty"`
	Unverified bool     `yaml:"unverified" json:"unverified,omitempty"`
	Note       string   `yaml:"note" json:"note,omitempty"`
	Pos        Pos      `yaml:"-" json:"-"`
}

// Provision is one addressable unit of an instrument (article, paragraph, sub-paragraph, element, footnote).
type Provision struct {
	// Rel is the path inside the instrument as written in the data ("25/3/c"); Path is the canonical full path
	// ("rome-statute/25/3/c").
	Rel        string      `yaml:"path" json:"-"`
	Path       string      `yaml:"-" json:"path"`
	Heading    string      `yaml:"heading" json:"heading,omitempty"`
	Label      string      `yaml:"label" json:"label"`
	Citation   string      `yaml:"citation" json:"citation"`
	Text       string      `yaml:"text" json:"text,omitempty"`
	Source     string      `yaml:"source" json:"source,omitempty"`
	Status     string      `yaml:"status" json:"status,omitempty"`
	Partial    bool        `yaml:"partial" json:"partial,omitempty"`
	Footnotes  []string    `yaml:"footnotes" json:"footnotes,omitempty"`
	Unverified bool        `yaml:"unverified" json:"unverified,omitempty"`
	Note       string      `yaml:"note" json:"note,omitempty"`
	Instrument *Instrument `yaml:"-" json:"-"`
	Pos        Pos         `yaml:"-" json:"-"`
}

// Deleted reports whether the provision is no longer in force (kept for history).
func (p *Provision) Deleted() bool { return p.Status == "deleted" }

// String is the provision's label, flagged when its wording is unverified.
func (p *Provision) String() string { return flag(p.Label, p.Unverified) }

// Element is one thing the prosecution must prove: an element of a crime, of a mode of liability, or a forum's
// precondition. Its ID is stable; case bundles refer to it.
type Element struct {
	ID         string `yaml:"id" json:"id"`
	Number     int    `yaml:"number" json:"number,omitempty"`
	Type       string `yaml:"type" json:"type"`
	Title      string `yaml:"title" json:"title,omitempty"`
	Text       string `yaml:"text" json:"text"`
	QuotedFrom string `yaml:"quoted_from" json:"quoted_from,omitempty"`
	// ParaphraseOf names the provision whose condition Text restates in dossier's words (never a
	// quotation): used where the provision is worded as a bar or a permission and the element must
	// read as a condition to be satisfied. The provision's own words stay its Text, with its source.
	ParaphraseOf string   `yaml:"paraphrase_of" json:"paraphrase_of,omitempty"`
	Provisions   []string `yaml:"provisions" json:"provisions,omitempty"`
	Notes        []string `yaml:"notes" json:"notes,omitempty"`
	Authorities  []string `yaml:"authorities" json:"authorities,omitempty"`
	Means        []string `yaml:"means" json:"means,omitempty"`
	RelatesTo    []string `yaml:"relates_to" json:"relates_to,omitempty"`
	Accessory    bool     `yaml:"accessory" json:"accessory"`
	// Group: elements sharing a group are alternatives. Without triggers, any one member suffices;
	// preconditions with triggers form one alternative per trigger (all members listing that
	// trigger must be met), and any one alternative suffices.
	Group string `yaml:"group" json:"group,omitempty"`
	// AppliesToModes (participant elements only) limits the element to these modes of liability;
	// empty: every mode.
	AppliesToModes []string `yaml:"applies_to_modes" json:"applies_to_modes,omitempty"`
	Description    string   `yaml:"description" json:"description,omitempty"`
	Unverified     bool     `yaml:"unverified" json:"unverified,omitempty"`
	Note           string   `yaml:"note" json:"note,omitempty"`
	Pos            Pos      `yaml:"-" json:"-"`
}

// String is "id: text", flagged when the wording is unverified or a paraphrase.
func (e *Element) String() string {
	s := e.ID + ": " + e.Text
	if e.ParaphraseOf != "" {
		s += " " + ParaphraseTag
	}
	return flag(s, e.Unverified)
}

// Precondition is a forum's jurisdictional condition: an element of type jurisdiction with the crimes and
// triggers it applies to and the rule (Check) that the assessment applies.
type Precondition struct {
	Element   `yaml:",inline"`
	AppliesTo []string `yaml:"applies_to" json:"applies_to,omitempty"`
	Triggers  []string `yaml:"triggers" json:"triggers,omitempty"`
	Check     string   `yaml:"check" json:"check,omitempty"`
}

// Act is one of the acts that qualify as an act of aggression (or, generally, a listed variant of a crime).
type Act struct {
	ID        string `yaml:"id" json:"id"`
	Provision string `yaml:"provision" json:"provision"`
	Name      string `yaml:"name" json:"name"`
	Pos       Pos    `yaml:"-" json:"-"`
}

// Issue is a legal issue an assessment must raise where it applies. Description is dossier's own words.
type Issue struct {
	ID          string   `yaml:"id" json:"id"`
	Title       string   `yaml:"title" json:"title"`
	Description string   `yaml:"description" json:"description"`
	Provisions  []string `yaml:"provisions" json:"provisions,omitempty"`
	Authorities []string `yaml:"authorities" json:"authorities,omitempty"`
	Pos         Pos      `yaml:"-" json:"-"`
}

// Crime is one definition of a crime (a crime family may have several, e.g. ICC and customary aggression).
type Crime struct {
	ID          string     `yaml:"id" json:"id"`
	Name        string     `yaml:"name" json:"name"`
	Family      string     `yaml:"family" json:"family"`
	Instrument  string     `yaml:"instrument" json:"instrument,omitempty"`
	Definition  string     `yaml:"definition" json:"definition,omitempty"`
	Provisions  []string   `yaml:"provisions" json:"provisions,omitempty"`
	Notes       []string   `yaml:"notes" json:"notes,omitempty"`
	Description string     `yaml:"description" json:"description,omitempty"`
	Acts        []*Act     `yaml:"acts" json:"acts,omitempty"`
	Elements    []*Element `yaml:"elements" json:"elements"`
	// ParticipantElements attach to every mode of liability when this crime is charged (e.g. the leadership
	// clause of art. 25(3 bis) for aggression).
	ParticipantElements []*Element `yaml:"participant_elements" json:"participant_elements,omitempty"`
	Issues              []*Issue   `yaml:"issues" json:"issues,omitempty"`
	Unverified          bool       `yaml:"unverified" json:"unverified,omitempty"`
	Note                string     `yaml:"note" json:"note,omitempty"`
	Pos                 Pos        `yaml:"-" json:"-"`
}

// String is the crime's name, flagged when unverified.
func (c *Crime) String() string { return flag(c.Name, c.Unverified) }

// Mode is a mode of liability with its own elements.
type Mode struct {
	ID          string     `yaml:"id" json:"id"`
	Name        string     `yaml:"name" json:"name"`
	Instrument  string     `yaml:"instrument" json:"instrument,omitempty"`
	Provision   string     `yaml:"provision" json:"provision,omitempty"`
	Provisions  []string   `yaml:"provisions" json:"provisions,omitempty"`
	Accessory   bool       `yaml:"accessory" json:"accessory"`
	Description string     `yaml:"description" json:"description,omitempty"`
	Elements    []*Element `yaml:"elements" json:"elements"`
	Issues      []*Issue   `yaml:"issues" json:"issues,omitempty"`
	Unverified  bool       `yaml:"unverified" json:"unverified,omitempty"`
	Note        string     `yaml:"note" json:"note,omitempty"`
	Pos         Pos        `yaml:"-" json:"-"`
}

// String is the mode's name, flagged when unverified.
func (m *Mode) String() string { return flag(m.Name, m.Unverified) }

// Immunity is a forum's rule on official-capacity immunity.
type Immunity struct {
	Rule        string   `yaml:"rule" json:"rule"`
	Text        string   `yaml:"text" json:"text"`
	QuotedFrom  string   `yaml:"quoted_from" json:"quoted_from,omitempty"`
	Provisions  []string `yaml:"provisions" json:"provisions,omitempty"`
	Authorities []string `yaml:"authorities" json:"authorities,omitempty"`
	Description string   `yaml:"description" json:"description,omitempty"`
	Unverified  bool     `yaml:"unverified" json:"unverified,omitempty"`
	Note        string   `yaml:"note" json:"note,omitempty"`
	Pos         Pos      `yaml:"-" json:"-"`
}

// Immunity rules.
const (
	ImmunityNoBar             = "no-bar"
	ImmunityBarsWhileInOffice = "bars-while-in-office"
	ImmunityTrialDeferred     = "no-immunity-trial-deferred"
)

// StateStatus records whether a State is a party to the forum's constituent instrument.
type StateStatus struct {
	State      string `yaml:"state" json:"state"`
	Code       string `yaml:"code" json:"code"`
	Party      bool   `yaml:"party" json:"party"`
	Source     string `yaml:"source" json:"source,omitempty"`
	Unverified bool   `yaml:"unverified" json:"unverified,omitempty"`
	Note       string `yaml:"note" json:"note,omitempty"`
	Pos        Pos    `yaml:"-" json:"-"`
}

// Forum is a court and the law it applies.
type Forum struct {
	ID            string          `yaml:"id" json:"id"`
	Name          string          `yaml:"name" json:"name"`
	Instruments   []string        `yaml:"instruments" json:"instruments"`
	Crimes        []string        `yaml:"crimes" json:"crimes"`
	CrimesNote    string          `yaml:"crimes_note" json:"crimes_note,omitempty"`
	Modes         []string        `yaml:"modes" json:"modes"`
	ModesNote     string          `yaml:"modes_note" json:"modes_note,omitempty"`
	Standards     []string        `yaml:"standards" json:"standards"`
	StandardsNote string          `yaml:"standards_note" json:"standards_note,omitempty"`
	Preconditions []*Precondition `yaml:"preconditions" json:"preconditions,omitempty"`
	Immunity      *Immunity       `yaml:"immunity" json:"immunity,omitempty"`
	States        []*StateStatus  `yaml:"states" json:"states,omitempty"`
	Issues        []*Issue        `yaml:"issues" json:"issues,omitempty"`
	Authorities   []string        `yaml:"authorities" json:"authorities,omitempty"`
	Unverified    bool            `yaml:"unverified" json:"unverified,omitempty"`
	Note          string          `yaml:"note" json:"note,omitempty"`
	Pos           Pos             `yaml:"-" json:"-"`
}

// String is the forum's name, flagged when unverified.
func (f *Forum) String() string { return flag(f.Name, f.Unverified) }

// AllowsMode reports whether the forum allows the mode of liability.
func (f *Forum) AllowsMode(id string) bool { return contains(f.Modes, id) }

// AllowsCrime reports whether the forum applies the crime definition.
func (f *Forum) AllowsCrime(id string) bool { return contains(f.Crimes, id) }

// StateParty looks a State up by code or name (case-insensitive). known is false when the forum's data does not
// list the State; check the entry's Unverified flag before relying on it.
func (f *Forum) StateParty(state string) (entry *StateStatus, known bool) {
	for _, s := range f.States {
		if strings.EqualFold(s.Code, state) || strings.EqualFold(s.State, state) {
			return s, true
		}
	}
	return nil, false
}

// Standard is a standard of proof for a procedural stage. Rank orders the standards (higher is stricter).
type Standard struct {
	Stage       string `yaml:"stage" json:"stage"`
	Rank        int    `yaml:"rank" json:"rank"`
	Name        string `yaml:"name" json:"name"`
	Provision   string `yaml:"provision" json:"provision"`
	Text        string `yaml:"text" json:"text"`
	QuotedFrom  string `yaml:"quoted_from" json:"quoted_from,omitempty"`
	Description string `yaml:"description" json:"description,omitempty"`
	Unverified  bool   `yaml:"unverified" json:"unverified,omitempty"`
	Note        string `yaml:"note" json:"note,omitempty"`
	Pos         Pos    `yaml:"-" json:"-"`
}

// String is "stage: name", flagged when unverified.
func (s *Standard) String() string { return flag(s.Stage+": "+s.Name, s.Unverified) }

// Authority is a case-law passage (or, for SECONDARY-REPORT, a press or commentary report) with its pinpoint
// and reliability class.
type Authority struct {
	ID          string `yaml:"id" json:"id"`
	Case        string `yaml:"case" json:"case"`
	CaseNo      string `yaml:"case_no" json:"case_no,omitempty"`
	Court       string `yaml:"court" json:"court,omitempty"`
	Decision    string `yaml:"decision" json:"decision,omitempty"`
	Date        string `yaml:"date" json:"date,omitempty"`
	Pinpoint    string `yaml:"pinpoint" json:"pinpoint"`
	Text        string `yaml:"text" json:"text"`
	Reliability string `yaml:"reliability" json:"reliability"`
	Source      string `yaml:"source" json:"source"`
	Truncated   bool   `yaml:"truncated" json:"truncated,omitempty"`
	Unverified  bool   `yaml:"unverified" json:"unverified,omitempty"`
	Note        string `yaml:"note" json:"note,omitempty"`
	Pos         Pos    `yaml:"-" json:"-"`
}

// Primary reports whether the passage is the judgment's own text.
func (a *Authority) Primary() bool { return a.Reliability == PrimaryExtract }

// String is "Case, pinpoint [CLASS]" (the class is always shown, so a secondary quote is never taken for the
// judgment's own words).
func (a *Authority) String() string {
	return flag(a.Case+", "+a.Pinpoint+" ["+a.Reliability+"]", a.Unverified)
}

// MeansOfProof is a kind of evidence that typically proves an element.
type MeansOfProof struct {
	ID          string `yaml:"id" json:"id"`
	Description string `yaml:"description" json:"description"`
	Pos         Pos    `yaml:"-" json:"-"`
}

func flag(s string, unverified bool) string {
	if unverified {
		return s + " " + UnverifiedTag
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
