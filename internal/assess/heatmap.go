package assess

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"
)

type hmColumn struct {
	ID, Short, Title string
	Part             string
	Unverified       bool
}

type hmGroup struct {
	Part string
	Span int
}

type hmCell struct {
	NA     bool
	Status Status
	Anchor string
	Title  string
	Marked bool // unverified law
}

type hmRow struct {
	Count CountResult
	Cells []hmCell
}

type hmData struct {
	A       *Assessment
	Forums  []string
	Groups  []hmGroup
	Columns []hmColumn
	Rows    []hmRow
	Legend  []Status
}

var partNames = map[string]string{PartCrime: "Principal crime", PartParticipant: "Participant", PartMode: "Mode of liability", PartPrecondition: "Forum preconditions"}

var heatmapTmpl = template.Must(template.New("heatmap").Funcs(template.FuncMap{
	"partName": func(p string) string { return partNames[p] },
	"label":    func(s Status) string { return strings.ReplaceAll(string(s), "-", " ") },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Proof matrix — {{.A.Title}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#222;max-width:80em}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}h3{font-size:1em;margin-bottom:.3em}
table.matrix{border-collapse:collapse;margin:1em 0}
table.matrix th,table.matrix td{border:1px solid #bbb;padding:.3em .4em;font-size:.85em;text-align:center}
table.matrix th.col{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal}
table.matrix th.count{text-align:left;max-width:22em}
td.met{background:#2e7d32}td.contested{background:#f9a825}td.not-met{background:#c62828}td.no-evidence{background:#9e9e9e}
td.na{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#eee 4px,#eee 8px)}
td a{color:#fff;text-decoration:none;font-weight:bold;display:block}
td.contested a{color:#222}
.legend span{display:inline-block;padding:.2em .6em;margin-right:.5em;border-radius:3px}
.legend .met{background:#2e7d32;color:#fff}.legend .contested{background:#f9a825}.legend .not-met{background:#c62828;color:#fff}.legend .no-evidence{background:#9e9e9e;color:#fff}
.status{font-weight:bold}.unverified{color:#b00020}
section.element{border-left:4px solid #ccc;padding-left:.8em;margin:1em 0}
section.element.met{border-color:#2e7d32}section.element.contested{border-color:#f9a825}section.element.not-met{border-color:#c62828}
.notice{font-style:italic}
</style>
</head>
<body>
<h1>Proof matrix: {{.A.Title}}</h1>
<p>Standard of proof: <strong>{{.A.Standard.Name}}</strong> ({{.A.Standard.Stage}}, {{.A.Standard.Provision}}){{if .A.Standard.Unverified}} <span class="unverified">[unverified]</span>{{end}}.
Forum{{if gt (len .Forums) 1}}s{{end}}: {{range $i, $f := .Forums}}{{if $i}}; {{end}}<strong>{{$f}}</strong>{{end}}.</p>
<p class="notice">{{.A.Notice}}</p>
<p class="legend">{{range .Legend}}<span class="{{.}}">{{label .}}</span>{{end}}<span>† unverified law (wording or forum not confirmed by a verified text)</span></p>
<table class="matrix">
<thead>
<tr><th rowspan="2">Count</th>{{range .Groups}}<th colspan="{{.Span}}">{{partName .Part}}</th>{{end}}</tr>
<tr>{{range .Columns}}<th class="col" title="{{.Title}}">{{.Short}}{{if .Unverified}} †{{end}}</th>{{end}}</tr>
</thead>
<tbody>
{{range .Rows}}<tr><th class="count">Count {{.Count.Count}}: {{.Count.ModeName}}<br><small>{{.Count.ForumName}}</small></th>{{range .Cells}}{{if .NA}}<td class="na" title="not an element of this count"></td>{{else}}<td class="{{.Status}}" title="{{.Title}}"><a href="#{{.Anchor}}">{{label .Status}}{{if .Marked}} †{{end}}</a></td>{{end}}{{end}}</tr>
{{end}}</tbody>
</table>
<h2>Rules applied</h2>
<ul>{{range .A.Rules}}<li><strong>{{.ID}} {{.Name}}</strong>: {{.Text}}</li>{{end}}</ul>
{{range .Rows}}{{$c := .Count}}
<h2 id="count-{{$c.Charge}}">Count {{$c.Count}} ({{$c.Charge}}): {{$c.Title}}</h2>
<p>Accused: {{$c.AccusedName}}{{if $c.Principal}}; principal: {{$c.PrincipalName}}{{end}}{{if $c.Act}}; act: {{$c.Act}}{{end}}.<br>
Crime: {{$c.CrimeName}}; mode: {{$c.ModeName}}; forum: {{$c.ForumName}}.</p>
{{range $c.Elements}}<section class="element {{.Status}}" id="{{.Anchor}}">
<h3>Element {{.Number}}: {{.ID}} — <span class="status">{{label .Status}}</span></h3>
<p>{{.Text}}{{if .ParaphraseOf}} <span class="paraphrase">[paraphrase]</span>{{end}}{{if .Unverified}} <span class="unverified">[unverified]</span>{{end}} <small>({{.Part}}, {{.Type}}, concerns the {{.Concerns}})</small></p>
<p>{{.Explanation}}</p>
{{if .ParaphraseOf}}<p><small>dossier's statement of the condition in {{.ParaphraseOf}}, whose words are: “{{.ProvisionText}}”</small></p>{{end}}
{{range .Allegations}}<p>Alleged: {{.}}</p>{{end}}
{{if .AuthorityRefs}}<p>Authorities: {{range $i, $x := .AuthorityRefs}}{{if $i}}; {{end}}{{$x.Citation}}{{end}}</p>{{end}}
</section>
{{end}}{{end}}
<h2>Legal issues</h2>
{{if .A.Issues}}<ol>{{range .A.Issues}}<li id="issue-{{.ID}}"><strong>{{.Title}}</strong> (count {{.Count}}){{if .Unverified}} <span class="unverified">[unverified]</span>{{end}}: {{.Text}}{{if .Provisions}}<br><small>Provisions: {{range $i, $p := .Provisions}}{{if $i}}; {{end}}{{$p}}{{end}}</small>{{end}}</li>
{{end}}</ol>{{else}}<p>None detected.</p>{{end}}
<h2>Gaps{{if .A.Next}} toward {{.A.Next.Name}} ({{.A.Next.Stage}}){{end}}</h2>
{{if .A.Gaps}}<ul>{{range .A.Gaps}}<li><a href="#{{.Anchor}}">Count {{.Count}}, element {{.Number}} ({{.Element}})</a>: {{label .Status}}. {{range .Lacks}}{{.}}. {{end}}{{if .Means}}Evidence that would move it: {{range $i, $m := .Means}}{{if $i}}; {{end}}{{$m.Description}}{{if $m.Cited}} (already cited){{end}}{{end}}{{end}}</li>
{{end}}</ul>{{else}}<p>None.</p>{{end}}
</body>
</html>
`))

// WriteHeatMap writes the proof matrix as a self-contained HTML page: counts × elements, each
// cell coloured by status and linking to the element's explanation, with a legend, the standard
// and forum named, unverified law marked †, the legal issues and the gaps.
func WriteHeatMap(w io.Writer, a *Assessment) error {
	d := hmData{A: a, Legend: Statuses}
	colIdx := map[string]int{}
	// columns: union of elements in part order, then first appearance
	for _, part := range []string{PartCrime, PartParticipant, PartMode, PartPrecondition} {
		start := len(d.Columns)
		for _, c := range a.Counts {
			for _, e := range c.Elements {
				if e.Part != part {
					continue
				}
				if _, ok := colIdx[e.ID]; ok {
					continue
				}
				colIdx[e.ID] = len(d.Columns)
				d.Columns = append(d.Columns, hmColumn{ID: e.ID, Short: e.ID, Title: e.Text, Part: part, Unverified: e.Unverified})
			}
		}
		if n := len(d.Columns) - start; n > 0 {
			d.Groups = append(d.Groups, hmGroup{Part: part, Span: n})
		}
	}
	for _, c := range a.Counts {
		if !containsStr(d.Forums, c.ForumName) {
			d.Forums = append(d.Forums, c.ForumName)
		}
		row := hmRow{Count: c, Cells: make([]hmCell, len(d.Columns))}
		for i := range row.Cells {
			row.Cells[i].NA = true
		}
		for _, e := range c.Elements {
			row.Cells[colIdx[e.ID]] = hmCell{Status: e.Status, Anchor: e.Anchor, Marked: e.Unverified || c.Unverified,
				Title: fmt.Sprintf("%d. %s: %s", e.Number, e.ID, e.Status)}
		}
		d.Rows = append(d.Rows, row)
	}
	var buf bytes.Buffer
	if err := heatmapTmpl.Execute(&buf, d); err != nil {
		return fmt.Errorf("heat map: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
