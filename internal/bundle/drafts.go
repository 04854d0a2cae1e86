package bundle

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"dossier/internal/model"

	"go.yaml.in/yaml/v3"
)

// Drafts are kept whole: DraftDoc.Body is the file's full text, front matter included, so that a
// draft goes through a store and back byte for byte. Only id and kind are read here; the draft
// package reads the rest of the front matter.

// FrontMatter splits a draft into its YAML front matter (without the --- lines) and its body,
// and returns the line on which the body starts (1-based).
func FrontMatter(text string) (front, body string, bodyLine int, ok bool) {
	if !strings.HasPrefix(text, "---\n") && !strings.HasPrefix(text, "---\r\n") {
		return "", text, 1, false
	}
	rest := text[strings.Index(text, "\n")+1:]
	line := 2
	off := 0
	for {
		nl := strings.IndexByte(rest[off:], '\n')
		var ln string
		if nl < 0 {
			ln = rest[off:]
		} else {
			ln = rest[off : off+nl]
		}
		if strings.TrimRight(ln, "\r") == "---" || strings.TrimRight(ln, "\r") == "..." {
			front = rest[:off]
			if nl < 0 {
				return front, "", line + 1, true
			}
			return front, rest[off+nl+1:], line + 1, true
		}
		if nl < 0 {
			return "", text, 1, false
		}
		off += nl + 1
		line++
	}
}

type draftHead struct {
	ID   string `yaml:"id"`
	Kind string `yaml:"kind"`
}

func readDrafts(dir string) ([]model.DraftDoc, []Problem, error) {
	ents, err := os.ReadDir(filepath.Join(dir, "drafts"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read bundle drafts: %w", err)
	}
	var names []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".md") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var out []model.DraftDoc
	var probs []Problem
	for _, name := range names {
		rel := filepath.Join("drafts", name)
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			return nil, nil, fmt.Errorf("read bundle draft %s: %w", rel, err)
		}
		d := model.DraftDoc{ID: strings.TrimSuffix(name, ".md"), Path: name, Body: string(data)}
		front, _, _, ok := FrontMatter(string(data))
		if !ok {
			probs = append(probs, Problem{File: rel, Line: 1, Field: "front matter", Msg: "missing", Hint: "start the draft with ---, kind: indictment|brief, ---"})
		} else {
			var h draftHead
			dec := yaml.NewDecoder(bytes.NewReader([]byte(front)))
			if err := dec.Decode(&h); err != nil && err.Error() != "EOF" {
				probs = append(probs, Problem{File: rel, Line: 2, Field: "front matter", Msg: err.Error()})
			}
			if h.ID != "" {
				d.ID = h.ID
			}
			d.Kind = h.Kind
		}
		out = append(out, d)
	}
	return out, probs, nil
}
