package law

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed data/*.yaml
var embedded embed.FS

// Error is a problem in the law data, reported as file:line: field: problem (hint).
type Error struct {
	File    string
	Line    int
	Field   string
	Problem string
	Hint    string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	b.WriteString(": " + e.Problem)
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
	return b.String()
}

// file is the top level of one law YAML file. Every list is optional; a file may hold any mix.
type file struct {
	Instruments []*Instrument   `yaml:"instruments"`
	Crimes      []*Crime        `yaml:"crimes"`
	Modes       []*Mode         `yaml:"modes"`
	Forums      []*Forum        `yaml:"forums"`
	Standards   []*Standard     `yaml:"standards"`
	Authorities []*Authority    `yaml:"authorities"`
	Means       []*MeansOfProof `yaml:"means_of_proof"`
}

// Load returns the library embedded in the binary.
func Load() (*Library, error) {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		return nil, fmt.Errorf("law: embedded data: %w", err)
	}
	return LoadFS(sub)
}

// LoadWith loads the embedded library together with extra law directories (for example a user's own
// instruments or forums). Ids must not clash with the embedded ones.
func LoadWith(extra ...fs.FS) (*Library, error) {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		return nil, fmt.Errorf("law: embedded data: %w", err)
	}
	return LoadFS(append([]fs.FS{sub}, extra...)...)
}

// LoadFS reads every *.yaml file at the root of each fsys (in name order), decodes it strictly (unknown
// fields are errors), merges them and validates all cross-references. All problems found are returned
// together, each as an *Error.
func LoadFS(fsys ...fs.FS) (*Library, error) {
	lib := &Library{}
	var errs []error
	for _, f := range fsys {
		names, err := fs.Glob(f, "*.yaml")
		if err != nil {
			return nil, fmt.Errorf("law: list files: %w", err)
		}
		sort.Strings(names)
		for _, name := range names {
			data, err := fs.ReadFile(f, name)
			if err != nil {
				return nil, fmt.Errorf("law: read %s: %w", name, err)
			}
			ff, ferrs := decodeFile(name, data)
			errs = append(errs, ferrs...)
			if ff == nil {
				continue
			}
			lib.Instruments = append(lib.Instruments, ff.Instruments...)
			lib.Crimes = append(lib.Crimes, ff.Crimes...)
			lib.Modes = append(lib.Modes, ff.Modes...)
			lib.Forums = append(lib.Forums, ff.Forums...)
			lib.Standards = append(lib.Standards, ff.Standards...)
			lib.Authorities = append(lib.Authorities, ff.Authorities...)
			lib.Means = append(lib.Means, ff.Means...)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := lib.index(); err != nil {
		return nil, err
	}
	return lib, nil
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// decodeFile decodes one file strictly. It returns nil and the errors when the file cannot be decoded.
func decodeFile(name string, data []byte) (*file, []error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, []error{yamlErr(name, err)}
	}
	ff := &file{}
	if len(doc.Content) == 0 {
		return ff, nil // empty file
	}
	var errs []error
	if err := doc.Decode(ff); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, m := range te.Errors {
				errs = append(errs, yamlMsg(name, m))
			}
		} else {
			errs = append(errs, yamlErr(name, err))
		}
		return nil, errs
	}
	walk(name, doc.Content[0], reflect.ValueOf(ff).Elem(), "", &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	return ff, nil
}

func yamlErr(name string, err error) error { return yamlMsg(name, err.Error()) }

func yamlMsg(name, msg string) error {
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		var line int
		fmt.Sscanf(m[1], "%d", &line)
		return &Error{File: name, Line: line, Problem: m[2]}
	}
	return &Error{File: name, Problem: strings.TrimPrefix(msg, "yaml: ")}
}

// walk checks a decoded node tree against the Go value it was decoded into: every mapping key must be a known
// field (strict decoding), and every struct with a Pos field records its file, line and key lines.
func walk(name string, n *yaml.Node, v reflect.Value, where string, errs *[]error) {
	if n == nil {
		return
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return
		}
		fields := map[string]reflect.Value{}
		collectFields(v, fields)
		var pos *Pos
		if p := v.FieldByName("Pos"); p.IsValid() && p.Type() == reflect.TypeOf(Pos{}) {
			pos = p.Addr().Interface().(*Pos)
			pos.File, pos.Line, pos.Fields = name, n.Line, map[string]int{}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			fv, ok := fields[k.Value]
			if !ok {
				known := make([]string, 0, len(fields))
				for f := range fields {
					known = append(known, f)
				}
				sort.Strings(known)
				*errs = append(*errs, &Error{File: name, Line: k.Line, Field: join(where, k.Value),
					Problem: "unknown field", Hint: "known fields: " + strings.Join(known, ", ")})
				continue
			}
			if pos != nil {
				pos.Fields[k.Value] = k.Line
			}
			walk(name, val, fv, join(where, k.Value), errs)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return
		}
		for i, c := range n.Content {
			if i < v.Len() {
				walk(name, c, v.Index(i), fmt.Sprintf("%s[%d]", where, i), errs)
			}
		}
	}
}

func collectFields(v reflect.Value, out map[string]reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "-" || !f.IsExported() {
			continue
		}
		nm, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(opts, "inline") {
			collectFields(v.Field(i), out)
			continue
		}
		if nm == "" {
			nm = strings.ToLower(f.Name)
		}
		out[nm] = v.Field(i)
	}
}

func join(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}
