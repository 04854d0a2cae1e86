package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// CheckInfo describes a check for documentation and SARIF rule metadata.
type CheckInfo struct {
	ID          string   `json:"id"`
	Severity    Severity `json:"severity"` // the usual severity; some findings are lowered or raised
	Description string   `json:"description"`
}

// Checks lists every check id with its description. Ids are stable.
var Checks = []CheckInfo{
	{"fn-no-body", Error, "footnote marker without a footnote body"},
	{"fn-no-marker", Warning, "footnote body without a marker in the text"},
	{"fn-duplicate-marker", Warning, "one footnote number used for more than one marker"},
	{"fn-duplicate-body", Error, "one footnote number with more than one body"},
	{"fn-order", Warning, "footnote markers or bodies out of order"},
	{"fn-plain-marker", Info, "footnote marker written as ordinary digits"},
	{"fn-empty", Error, "empty footnote"},
	{"fn-truncated", Warning, "footnote body that stops mid-sentence"},
	{"fn-duplicate-fragment", Warning, "footnote ending with a copy of the next footnote's opening"},
	{"fn-in-heading", Info, "footnote marker attached to a heading"},
	{"fn-garbled-number", Warning, "footnote number garbled in the source (inferred from the sequence)"},
	{"doc-stray-fragment", Info, "stray text the reader had to place or drop"},
	{"xref-dangling", Error, "cross-reference to a paragraph, section, count, appendix or footnote that does not exist"},
	{"xref-forward", Error, "re-allegation or supra reference that points forward"},
	{"xref-self", Error, "cross-reference range that includes the referring paragraph"},
	{"toc-mismatch", Warning, "table of contents entry that differs from its heading"},
	{"toc-no-page", Info, "table of contents entry without a page number"},
	{"para-numbering", Warning, "numbered paragraphs that skip or repeat a number"},
	{"count-duplicate", Warning, "one count number used for two headings"},
	{"provision-unknown", Error, "provision that does not exist in the instrument"},
	{"provision-inconsistent", Warning, "one provision written two ways"},
	{"cite-unparsed", Warning, "citation that could not be read (kept verbatim)"},
	{"cite-incomplete", Warning, "citation without title, date or URL"},
	{"cite-url-malformed", Error, "URL broken by a space, unbalanced parenthesis, HTML residue or invalid syntax"},
	{"cite-html", Warning, "HTML markup left in a citation"},
	{"cite-url-titles", Warning, "one URL cited under different titles or authors"},
	{"cite-work-details", Warning, "one work cited with different URLs, dates, authors or publication"},
	{"cite-repeated-full", Info, "full citation repeated where Id. or a short form belongs"},
	{"cite-url-date", Warning, "citation date that disagrees with the date in its URL"},
	{"cite-author-subject", Warning, "citation naming the document's subject as the author"},
	{"cite-id-ambiguous", Warning, "Id. after a footnote that cites several sources"},
	{"cite-quote-source", Warning, "quotation of a legal provision cited only to a news report"},
	{"cite-predates-event", Warning, "source published before the event it is cited for"},
	{"cite-style-accessed", Warning, "access dates given for some online sources only"},
	{"cite-style", Info, "inconsistent citation style (date format, month names, punctuation, spacing)"},
	{"name-variant", Warning, "spelling variant of a name, place, State or treaty"},
	{"quote-uncited", Warning, "quotation without a footnote"},
	{"quote-unbalanced", Warning, "unbalanced quotation marks"},
	{"allegation-unsupported", Warning, "allegation stating facts found nowhere in the footnoted background"},
	{"figure-inconsistent", Warning, "one measure stated with different figures"},
	{"figure-units", Info, "one measure stated in different units"},
	{"legal-leadership-clause", Warning, "aiding and abetting aggression without addressing Art. 25(3 bis)"},
	{"legal-mode-as-definition", Info, "a mode-of-liability article cited as defining the crime"},
	{"text-glued-words", Info, "two words run together (\"PutinAlly\")"},
	{"text-run-on", Info, "two sentences run together after a quotation"},
}

// WriteText writes one line per finding: "file:line: severity: id: message (suggestion)".
func WriteText(w io.Writer, fs []Finding) error {
	for _, f := range fs {
		line := fmt.Sprintf("%s: %s: %s: %s", f.Location.String(), f.Severity, f.Check, f.Message)
		if f.Suggestion != "" {
			line += " (" + f.Suggestion + ")"
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return fmt.Errorf("write findings: %w", err)
		}
	}
	return nil
}

// WriteJSON writes the findings as a JSON array.
func WriteJSON(w io.Writer, fs []Finding) error {
	if fs == nil {
		fs = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(fs); err != nil {
		return fmt.Errorf("write findings as JSON: %w", err)
	}
	return nil
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	ShortDescription     sarifText      `json:"shortDescription"`
	DefaultConfiguration map[string]any `json:"defaultConfiguration"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Properties       map[string]any  `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID               int           `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

func sarifLoc(l Location, id int) sarifLocation {
	sl := sarifLocation{ID: id, PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: l.File}}}
	if l.Line > 0 {
		sl.PhysicalLocation.Region = &sarifRegion{StartLine: l.Line}
	}
	return sl
}

// WriteSARIF writes the findings as a SARIF 2.1.0 log.
func WriteSARIF(w io.Writer, fs []Finding) error {
	index := map[string]int{}
	var rules []sarifRule
	for _, c := range Checks {
		index[c.ID] = len(rules)
		rules = append(rules, sarifRule{ID: c.ID, ShortDescription: sarifText{c.Description},
			DefaultConfiguration: map[string]any{"level": sarifLevel(c.Severity)}})
	}
	results := []sarifResult{}
	for _, f := range fs {
		ri, ok := index[f.Check]
		if !ok {
			index[f.Check] = len(rules)
			ri = len(rules)
			rules = append(rules, sarifRule{ID: f.Check, ShortDescription: sarifText{f.Check}, DefaultConfiguration: map[string]any{"level": sarifLevel(f.Severity)}})
		}
		msg := f.Message
		if f.Suggestion != "" {
			msg += " (" + f.Suggestion + ")"
		}
		r := sarifResult{RuleID: f.Check, RuleIndex: ri, Level: sarifLevel(f.Severity), Message: sarifText{msg},
			Locations: []sarifLocation{sarifLoc(f.Location, 0)}}
		for i, rl := range f.Related {
			r.RelatedLocations = append(r.RelatedLocations, sarifLoc(rl, i+1))
		}
		props := map[string]any{}
		if f.Paragraph > 0 {
			props["paragraph"] = f.Paragraph
		}
		if f.Footnote > 0 {
			props["footnote"] = f.Footnote
		}
		if len(props) > 0 {
			r.Properties = props
		}
		results = append(results, r)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: sarifDriver{Name: "dossier lint", Rules: rules}}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("write findings as SARIF: %w", err)
	}
	return nil
}

// CheckIDs returns the ids of all checks, sorted.
func CheckIDs() []string {
	ids := make([]string, 0, len(Checks))
	for _, c := range Checks {
		ids = append(ids, c.ID)
	}
	sort.Strings(ids)
	return ids
}
