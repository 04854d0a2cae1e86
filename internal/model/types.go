package model

// Kind names a record type. Stores key every record by (case, kind, id).
type Kind string

// The record kinds of a case.
const (
	KindCase    Kind = "case"
	KindActor   Kind = "actor"
	KindSource  Kind = "source"
	KindCapture Kind = "capture"
	KindFact    Kind = "fact"
	KindCharge  Kind = "charge"
	KindFinding Kind = "finding"
	KindDraft   Kind = "draft"
)

// Kinds lists the record kinds in dependency order (what a record refers to comes first).
var Kinds = []Kind{KindCase, KindActor, KindSource, KindCapture, KindFact, KindCharge, KindFinding, KindDraft}

// Confidentiality says who may see a record. Public drafts redact everything above Public.
type Confidentiality string

// Confidentiality levels, lowest first.
const (
	Public       Confidentiality = "public"
	Restricted   Confidentiality = "restricted"
	Confidential Confidentiality = "confidential"
)

// Rank orders levels; unknown levels rank highest so that they are never shown by mistake.
func (c Confidentiality) Rank() int {
	switch c {
	case "", Public:
		return 0
	case Restricted:
		return 1
	case Confidential:
		return 2
	}
	return 3
}

// Redacted reports whether a record at this level is withheld from a public version.
func (c Confidentiality) Redacted() bool { return c.Rank() > 0 }

// ActorKind is what an actor is.
type ActorKind string

// Actor kinds.
const (
	Person       ActorKind = "person"
	Organisation ActorKind = "organisation"
	State        ActorKind = "state"
	ArmedForce   ActorKind = "armed-force"
)

// Name is a name in another form: a transliteration, a native spelling, a translation.
type Name struct {
	Text   string `yaml:"text" json:"text"`
	Lang   string `yaml:"lang,omitempty" json:"lang,omitempty"`     // BCP 47, e.g. ko, ko-Latn, ru
	Scheme string `yaml:"scheme,omitempty" json:"scheme,omitempty"` // e.g. McCune-Reischauer, Revised Romanization
}

// Position is an office held over time.
type Position struct {
	Office  string   `yaml:"office" json:"office"`
	Of      string   `yaml:"of,omitempty" json:"of,omitempty"` // actor id of the State or organisation
	From    When     `yaml:"from,omitempty" json:"from,omitzero"`
	To      When     `yaml:"to,omitempty" json:"to,omitzero"` // zero: still held (as far as the sources say)
	Sources []string `yaml:"sources,omitempty" json:"sources,omitempty"`
}

// Actor is a person, organisation, State or armed force.
type Actor struct {
	ID               string          `yaml:"id" json:"id"`
	Kind             ActorKind       `yaml:"kind" json:"kind"`
	Name             string          `yaml:"name" json:"name"`
	Aliases          []string        `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Transliterations []Name          `yaml:"transliterations,omitempty" json:"transliterations,omitempty"`
	Born             When            `yaml:"born,omitempty" json:"born,omitzero"`
	Birthplace       string          `yaml:"birthplace,omitempty" json:"birthplace,omitempty"`
	PartOf           string          `yaml:"part_of,omitempty" json:"part_of,omitempty"` // actor id: a force of a State, an organ of a State
	Positions        []Position      `yaml:"positions,omitempty" json:"positions,omitempty"`
	StateParty       []string        `yaml:"state_party,omitempty" json:"state_party,omitempty"` // for States: instruments it is party to (law ids)
	Confidentiality  Confidentiality `yaml:"confidentiality,omitempty" json:"confidentiality,omitempty"`
	Notes            string          `yaml:"notes,omitempty" json:"notes,omitempty"`
}

// AllNames returns the name, aliases and transliterations.
func (a *Actor) AllNames() []string {
	out := []string{a.Name}
	out = append(out, a.Aliases...)
	for _, t := range a.Transliterations {
		out = append(out, t.Text)
	}
	return out
}

// SourceKind is what a source is.
type SourceKind string

// Source kinds.
const (
	News              SourceKind = "news"
	UNDocument        SourceKind = "un-document"
	OfficialStatement SourceKind = "official-statement"
	Report            SourceKind = "report"
	Academic          SourceKind = "academic"
	Encyclopedia      SourceKind = "encyclopedia"
	LegalInstrument   SourceKind = "legal-instrument"
	CaseLaw           SourceKind = "case-law"
	Imagery           SourceKind = "imagery"
	Video             SourceKind = "video"
	WitnessStatement  SourceKind = "witness-statement"
	Web               SourceKind = "web"
)

// SourceKinds lists the known kinds.
var SourceKinds = []SourceKind{News, UNDocument, OfficialStatement, Report, Academic, Encyclopedia, LegalInstrument, CaseLaw, Imagery, Video, WitnessStatement, Web}

// CSLName is a CSL-JSON name: family and given, or a literal (an institution, a single name).
type CSLName struct {
	Family  string `yaml:"family,omitempty" json:"family,omitempty"`
	Given   string `yaml:"given,omitempty" json:"given,omitempty"`
	Literal string `yaml:"literal,omitempty" json:"literal,omitempty"`
}

// String is "Given Family" or the literal.
func (p CSLName) String() string {
	if p.Literal != "" {
		return p.Literal
	}
	if p.Given == "" {
		return p.Family
	}
	return p.Given + " " + p.Family
}

// Source is a citable work. Citation fields carry CSL-JSON names.
type Source struct {
	ID             string     `yaml:"id" json:"id"`
	Kind           SourceKind `yaml:"kind" json:"kind"`
	Title          string     `yaml:"title" json:"title"`
	Author         []CSLName  `yaml:"author,omitempty" json:"author,omitempty"`
	ContainerTitle string     `yaml:"container-title,omitempty" json:"container-title,omitempty"`
	Publisher      string     `yaml:"publisher,omitempty" json:"publisher,omitempty"`
	Issued         When       `yaml:"issued,omitempty" json:"issued,omitzero"`
	URL            string     `yaml:"URL,omitempty" json:"URL,omitempty"`
	Accessed       When       `yaml:"accessed,omitempty" json:"accessed,omitzero"`
	Number         string     `yaml:"number,omitempty" json:"number,omitempty"` // UN symbol, report number
	// Origin is who first produced the information (e.g. "ukraine-hur", "south-korea-nis"): ten
	// reports repeating one intelligence agency are one origin. Empty: the source is its own origin.
	Origin          string          `yaml:"origin,omitempty" json:"origin,omitempty"`
	Reliability     string          `yaml:"reliability,omitempty" json:"reliability,omitempty"` // A–F (Admiralty scale)
	Language        string          `yaml:"language,omitempty" json:"language,omitempty"`
	Confidentiality Confidentiality `yaml:"confidentiality,omitempty" json:"confidentiality,omitempty"`
	// Problems records defects in the citation as the case received it (e.g. a wrong title in a
	// draft), kept as data rather than silently fixed.
	Problems []string `yaml:"problems,omitempty" json:"problems,omitempty"`
	Notes    string   `yaml:"notes,omitempty" json:"notes,omitempty"`
}

// OriginKey is the independence key: the origin, else the source itself.
func (s *Source) OriginKey() string {
	if s.Origin != "" {
		return s.Origin
	}
	return "source:" + s.ID
}

// Capture is a preserved copy of a source. Captures are immutable.
type Capture struct {
	ID        string            `yaml:"id" json:"id"`
	Source    string            `yaml:"source,omitempty" json:"source,omitempty"`
	SHA256    string            `yaml:"sha256" json:"sha256"` // content hash of the preserved bytes
	Size      int64             `yaml:"size" json:"size"`
	MediaType string            `yaml:"media_type" json:"media_type"`
	At        string            `yaml:"at" json:"at"` // RFC 3339 UTC
	By        string            `yaml:"by" json:"by"`
	How       string            `yaml:"how" json:"how"` // "web-capture dossier/VERSION", "upload", "derived-text"
	URL       string            `yaml:"url,omitempty" json:"url,omitempty"`
	FinalURL  string            `yaml:"final_url,omitempty" json:"final_url,omitempty"`
	WARC      string            `yaml:"warc,omitempty" json:"warc,omitempty"` // sha256 of the WARC file
	Text      string            `yaml:"text,omitempty" json:"text,omitempty"` // sha256 of the extracted text
	Status    int               `yaml:"status,omitempty" json:"status,omitempty"`
	Error     string            `yaml:"error,omitempty" json:"error,omitempty"` // why a capture failed
	Meta      map[string]string `yaml:"meta,omitempty" json:"meta,omitempty"`
}

// Stance says whether evidence supports or contradicts a proposition.
type Stance string

// Stances.
const (
	Supports    Stance = "supports"
	Contradicts Stance = "contradicts"
)

// Excerpt is a pinpoint in a source.
type Excerpt struct {
	Source      string `yaml:"source" json:"source"`
	Stance      Stance `yaml:"stance,omitempty" json:"stance,omitempty"` // default supports
	Pinpoint    string `yaml:"pinpoint,omitempty" json:"pinpoint,omitempty"`
	Quote       string `yaml:"quote,omitempty" json:"quote,omitempty"` // in the original language
	Language    string `yaml:"language,omitempty" json:"language,omitempty"`
	Translation string `yaml:"translation,omitempty" json:"translation,omitempty"`
	Capture     string `yaml:"capture,omitempty" json:"capture,omitempty"`
}

// EffectiveStance is the stance with the default applied.
func (e *Excerpt) EffectiveStance() Stance {
	if e.Stance == "" {
		return Supports
	}
	return e.Stance
}

// Role ties an actor to a fact.
type Role struct {
	Actor string `yaml:"actor" json:"actor"`
	Role  string `yaml:"role,omitempty" json:"role,omitempty"`
}

// Qualifier says how a figure's value is meant.
type Qualifier string

// Qualifiers. Exact is the default.
const (
	Exact   Qualifier = "exact"
	About   Qualifier = "about"
	AtLeast Qualifier = "at-least"
	UpTo    Qualifier = "up-to"
	Over    Qualifier = "over"
	Under   Qualifier = "under"
)

// Figure is a number the case relies on: a value or a range, a unit and a qualifier.
type Figure struct {
	Measure   string    `yaml:"measure" json:"measure"` // what is counted, e.g. dprk-troops-deployed
	Value     *float64  `yaml:"value,omitempty" json:"value,omitempty"`
	Min       *float64  `yaml:"min,omitempty" json:"min,omitempty"`
	Max       *float64  `yaml:"max,omitempty" json:"max,omitempty"`
	Unit      string    `yaml:"unit" json:"unit"`
	Qualifier Qualifier `yaml:"qualifier,omitempty" json:"qualifier,omitempty"`
	AsOf      When      `yaml:"as_of,omitempty" json:"as_of,omitzero"`
	Source    string    `yaml:"source,omitempty" json:"source,omitempty"` // default: the fact's first supporting source
	Text      string    `yaml:"text,omitempty" json:"text,omitempty"`     // the wording, e.g. "over two million rounds"
}

// ReviewStatus is where a fact stands in review.
type ReviewStatus string

// Review statuses.
const (
	Draft    ReviewStatus = "draft"
	Reviewed ReviewStatus = "reviewed"
	Approved ReviewStatus = "approved"
	Disputed ReviewStatus = "disputed"
)

// Fact is one proposition the case relies on.
type Fact struct {
	ID        string    `yaml:"id" json:"id"`
	Statement string    `yaml:"statement" json:"statement"`
	When      When      `yaml:"when,omitempty" json:"when,omitzero"`
	Where     string    `yaml:"where,omitempty" json:"where,omitempty"`
	Actors    []Role    `yaml:"actors,omitempty" json:"actors,omitempty"`
	Figures   []Figure  `yaml:"figures,omitempty" json:"figures,omitempty"`
	Excerpts  []Excerpt `yaml:"excerpts" json:"excerpts"`
	// Credibility of the information, 1 (confirmed by other sources) to 6 (cannot be judged).
	Credibility     int             `yaml:"credibility" json:"credibility"`
	Review          ReviewStatus    `yaml:"review,omitempty" json:"review,omitempty"`
	Confidentiality Confidentiality `yaml:"confidentiality,omitempty" json:"confidentiality,omitempty"`
	Tags            []string        `yaml:"tags,omitempty" json:"tags,omitempty"`
	Notes           string          `yaml:"notes,omitempty" json:"notes,omitempty"`
}

// Case is the case file's head record.
type Case struct {
	ID              string          `yaml:"id" json:"id"`
	Title           string          `yaml:"title" json:"title"`
	Accused         []string        `yaml:"accused" json:"accused"` // actor ids
	Forum           string          `yaml:"forum,omitempty" json:"forum,omitempty"`
	Stage           string          `yaml:"stage,omitempty" json:"stage,omitempty"`
	Prosecutor      string          `yaml:"prosecutor,omitempty" json:"prosecutor,omitempty"`
	Summary         string          `yaml:"summary,omitempty" json:"summary,omitempty"`
	Confidentiality Confidentiality `yaml:"confidentiality,omitempty" json:"confidentiality,omitempty"`
}

// Charge is one count: accused + crime + mode of liability + forum, and for accessory modes the
// principal and the principal's crime.
type Charge struct {
	ID        string `yaml:"id" json:"id"`
	Count     int    `yaml:"count" json:"count"`
	Title     string `yaml:"title,omitempty" json:"title,omitempty"`
	Accused   string `yaml:"accused" json:"accused"`
	Crime     string `yaml:"crime" json:"crime"` // law crime id
	Mode      string `yaml:"mode" json:"mode"`   // law mode id
	Forum     string `yaml:"forum" json:"forum"` // law forum id
	Principal string `yaml:"principal,omitempty" json:"principal,omitempty"`
	// PrincipalCrime describes the principal's crime the accessory assisted (e.g. the act of
	// aggression, as a law act id such as 8bis-2-a).
	PrincipalCrime string `yaml:"principal_crime,omitempty" json:"principal_crime,omitempty"`
	Period         When   `yaml:"period,omitempty" json:"period,omitzero"`
	// Allegations are the propositions the count pleads (e.g. "planning"), by element id, that the
	// assessment checks against the findings.
	Allegations []Allegation `yaml:"allegations,omitempty" json:"allegations,omitempty"`
}

// Allegation is something a count pleads about one element.
type Allegation struct {
	Element string `yaml:"element" json:"element"`
	Text    string `yaml:"text" json:"text"`
}

// Finding links a fact to an element of a count, for or against, with the analyst's reason.
type Finding struct {
	ID      string `yaml:"id" json:"id"`
	Charge  string `yaml:"charge" json:"charge"`
	Element string `yaml:"element" json:"element"`
	Fact    string `yaml:"fact" json:"fact"`
	Stance  Stance `yaml:"stance" json:"stance"`
	Reason  string `yaml:"reason" json:"reason"`
	By      string `yaml:"by,omitempty" json:"by,omitempty"`
}

// DraftDoc is a draft (indictment, brief, warrant application) kept as Markdown text.
type DraftDoc struct {
	ID   string `yaml:"id" json:"id"`
	Kind string `yaml:"kind" json:"kind"` // indictment, brief, warrant-application
	Path string `yaml:"path" json:"path"` // file name under drafts/
	Body string `yaml:"-" json:"body"`
}

// Bundle is a whole case in memory: what a bundle directory holds and what a store exports.
type Bundle struct {
	Case     Case
	Actors   []Actor
	Sources  []Source
	Captures []Capture
	Facts    []Fact
	Charges  []Charge
	Findings []Finding
	Drafts   []DraftDoc
}
