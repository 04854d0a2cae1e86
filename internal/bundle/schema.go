package bundle

import (
	"encoding/json"
	"reflect"
	"strings"

	"dossier/internal/model"
)

// The JSON Schema is generated from the model's Go types (their yaml tags), so it cannot drift
// from what the reader accepts; a test compares it with the copy in docs/schema/. It is written by
// hand rather than with a schema library because the bundle's own conventions (a date is a string
// or a {edtf, text} mapping; enumerations from the model's constant lists) need a mapper anyway.

const schemaID = "https://dossier.invalid/schema/bundle.schema.json"

var enums = map[reflect.Type][]string{
	reflect.TypeFor[model.ActorKind]():       {"person", "organisation", "state", "armed-force"},
	reflect.TypeFor[model.Confidentiality](): {"public", "restricted", "confidential"},
	reflect.TypeFor[model.Stance]():          {"supports", "contradicts"},
	reflect.TypeFor[model.Qualifier]():       {"exact", "about", "at-least", "up-to", "over", "under"},
	reflect.TypeFor[model.ReviewStatus]():    {"draft", "reviewed", "approved", "disputed"},
}

func init() {
	var kinds []string
	for _, k := range model.SourceKinds {
		kinds = append(kinds, string(k))
	}
	enums[reflect.TypeFor[model.SourceKind]()] = kinds
}

var descriptions = map[string]string{
	"Case":    "case.yaml: the case head. Also holds format: 1.",
	"Actor":   "A person, organisation, State or armed force (actors.yaml).",
	"Source":  "A citable work; citation fields carry CSL-JSON names (sources.yaml).",
	"Capture": "A preserved copy of a source; immutable (captures.yaml).",
	"Fact":    "One proposition the case relies on (facts.yaml).",
	"Charge":  "One count: accused, crime, mode of liability, forum (charges.yaml).",
	"Finding": "A fact linked to an element of a count, for or against (findings.yaml).",
	"When":    "An uncertain date: an EDTF (ISO 8601-2) string, or {edtf, text} keeping the source's wording.",
	"Figure":  "A number: value, or min/max for a range; unit; qualifier; as-of date; source.",
}

// Schema returns the JSON Schema (draft 2020-12) of a bundle's YAML files: one definition per
// record type and a top-level oneOf over case.yaml and the record lists.
func Schema() ([]byte, error) {
	defs := map[string]any{}
	g := &schemaGen{defs: defs}
	caseRef := g.ref(reflect.TypeFor[model.Case]())
	// case.yaml carries format beside the case's fields.
	if c, ok := defs["Case"].(map[string]any); ok {
		c["properties"].(map[string]any)["format"] = map[string]any{"const": Format, "description": "bundle format version"}
		c["required"] = append(c["required"].([]string), "format")
	}
	list := func(t reflect.Type) map[string]any {
		return map[string]any{"type": "array", "items": g.ref(t)}
	}
	root := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         schemaID,
		"title":       "dossier case bundle file",
		"description": "A file of a dossier case bundle: case.yaml, or a list of actors, sources, captures, facts, charges or findings. See docs/bundle.md.",
		"oneOf": []any{
			caseRef,
			list(reflect.TypeFor[model.Actor]()),
			list(reflect.TypeFor[model.Source]()),
			list(reflect.TypeFor[model.Capture]()),
			list(reflect.TypeFor[model.Fact]()),
			list(reflect.TypeFor[model.Charge]()),
			list(reflect.TypeFor[model.Finding]()),
		},
		"$defs": defs,
	}
	return json.MarshalIndent(root, "", "  ")
}

type schemaGen struct{ defs map[string]any }

func (g *schemaGen) ref(t reflect.Type) map[string]any {
	name := t.Name()
	if _, ok := g.defs[name]; !ok {
		g.defs[name] = nil // reserve against recursion
		g.defs[name] = g.object(t)
	}
	return map[string]any{"$ref": "#/$defs/" + name}
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		props[name] = g.typ(f.Type)
		if !strings.Contains(opts, "omitempty") && f.Type.Kind() != reflect.Pointer {
			required = append(required, name)
		}
	}
	o := map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
	if d, ok := descriptions[t.Name()]; ok {
		o["description"] = d
	}
	return o
}

func (g *schemaGen) typ(t reflect.Type) any {
	if t == reflect.TypeFor[model.When]() {
		if _, ok := g.defs["When"]; !ok {
			g.defs["When"] = map[string]any{
				"description": descriptions["When"],
				"oneOf": []any{
					map[string]any{"type": "string", "description": "EDTF, e.g. 2024-06-19, 2024-10/2025-01, 2023-24 (winter 2023), [1982-01-08,1983-01-08,1984-01-08]"},
					map[string]any{"type": "object", "required": []string{"edtf"}, "additionalProperties": false, "properties": map[string]any{
						"edtf": map[string]any{"type": "string"}, "text": map[string]any{"type": "string", "description": "the source's wording, e.g. late 2024"}}},
				},
			}
		}
		return map[string]any{"$ref": "#/$defs/When"}
	}
	if e, ok := enums[t]; ok {
		return map[string]any{"type": "string", "enum": e}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.typ(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.typ(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.typ(t.Elem())}
	case reflect.Struct:
		return g.ref(t)
	}
	return map[string]any{}
}
