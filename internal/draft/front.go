package draft

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Front is a draft's front matter. Every key is optional except kind; see docs/drafting.md.
type Front struct {
	ID       string `yaml:"id"`       // the draft's id in the case (default: the file name)
	Kind     string `yaml:"kind"`     // indictment | brief | warrant-application
	Title    string `yaml:"title"`    // document title ("Indictment", "Background brief")
	Subtitle string `yaml:"subtitle"` // optional
	Style    string `yaml:"style"`    // citation style: bluebook (default) | oscola
	// Caption (indictments and warrant applications).
	Court         string `yaml:"court"`          // "INTERNATIONAL CRIMINAL COURT"
	CourtLines    lines  `yaml:"court_lines"`    // lines under the court: chamber, "Original: English"
	CaseNumber    string `yaml:"case_number"`    // "No. ICC-01/22"
	CaseTitle     string `yaml:"case_title"`     // default: THE PROSECUTOR v. <ACCUSED>
	DocumentTitle string `yaml:"document_title"` // caption's document title; default: the title in capitals
	// Signature block.
	Date      string `yaml:"date"`      // YYYY-MM-DD: the document's date (also the only timestamp in the output)
	Place     string `yaml:"place"`     // "The Hague"
	Signatory lines  `yaml:"signatory"` // a line or a list of lines: name, office
	// Other.
	Lang   string `yaml:"lang"`   // BCP 47, default en
	Author string `yaml:"author"` // recorded in the metadata
}

// lines is a list of lines that may be written as one string.
type lines []string

func (l *lines) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*l = lines{n.Value}
		return nil
	case yaml.SequenceNode:
		var s []string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*l = s
		return nil
	}
	return fmt.Errorf("line %d: want a line or a list of lines", n.Line)
}

var reYAMLLine = regexp.MustCompile(`line (\d+): (.*)`)

// parseFront decodes front matter strictly. firstLine is the file line of the front matter's
// first line. Problems are returned as Errors.
func parseFront(file, text string, firstLine int) (Front, []*Error) {
	var f Front
	var errs []*Error
	dec := yaml.NewDecoder(bytes.NewReader([]byte(text)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		msgs := []string{err.Error()}
		if errors.As(err, &te) {
			msgs = te.Errors
		}
		for _, m := range msgs {
			line := firstLine
			field := "front matter"
			if sm := reYAMLLine.FindStringSubmatch(m); sm != nil {
				var n int
				fmt.Sscan(sm[1], &n)
				line = firstLine + n - 1
				m = sm[2]
				if k := regexp.MustCompile(`field (\S+) not found`).FindStringSubmatch(m); k != nil {
					field = k[1]
					m = "unknown key"
				}
			}
			errs = append(errs, &Error{File: file, Line: line, Field: field, Msg: strings.TrimPrefix(m, "yaml: "),
				Hint: hintFor(field)})
		}
	}
	return f, errs
}

func hintFor(field string) string {
	if field == "front matter" {
		return ""
	}
	return "known keys: id, kind, title, subtitle, style, court, court_lines, case_number, case_title, document_title, date, place, signatory, lang, author"
}
