package cli

import (
	"fmt"
	"net/url"
	"strings"

	"dossier/internal/cite"
	"dossier/internal/docimport"
	"dossier/internal/model"
	"dossier/internal/store"

	"github.com/spf13/cobra"
)

func init() { register(newImportDocCmd) }

// importDocOut is the JSON shape of `dossier import-doc --json`.
type importDocOut struct {
	Document *docimport.Document `json:"document"`
	Works    []cite.Work         `json:"works"`
	Unparsed []cite.Citation     `json:"unparsed"`
	Sources  []model.Source      `json:"sources"`
}

var citeKinds = map[cite.Kind]model.SourceKind{
	cite.KindNews: model.News, cite.KindUNDocument: model.UNDocument, cite.KindReport: model.Report,
	cite.KindEncyclopedia: model.Encyclopedia, cite.KindCase: model.CaseLaw, cite.KindStatute: model.LegalInstrument,
	cite.KindArticle: model.Academic, cite.KindBook: model.Academic, cite.KindWeb: model.Web,
}

// workToSource maps a cited work to a Source. Disagreements between the citations of one work
// (two titles for one URL, two dates) are recorded as problems, never resolved silently.
func workToSource(w *cite.Work, id string) model.Source {
	s := model.Source{ID: id, Kind: citeKinds[w.Kind], Title: w.Title, ContainerTitle: w.Container, Publisher: w.Publisher,
		URL: w.URL, Number: firstNonEmpty(w.Symbol, w.Number), Language: "en"}
	if s.Kind == "" {
		s.Kind = model.Web
	}
	for _, a := range w.Authors {
		s.Author = append(s.Author, splitName(a))
	}
	if w.Issued != "" {
		if wh, err := model.ParseWhen(w.Issued); err == nil {
			wh.Text = w.IssuedText
			if wh.Text == wh.EDTF.Human() {
				wh.Text = ""
			}
			s.Issued = wh
		} else {
			s.Problems = append(s.Problems, fmt.Sprintf("issued date %q could not be read", w.IssuedText))
		}
	}
	if w.Accessed != "" {
		if wh, err := model.ParseWhen(w.Accessed); err == nil {
			s.Accessed = wh
		}
	}
	if s.URL != "" {
		if msg := model.CheckURL(s.URL); msg != "" {
			s.Problems = append(s.Problems, msg)
			s.URL = ""
		}
	}
	if len(w.Titles) > 1 {
		s.Problems = append(s.Problems, "cited under different titles: "+strings.Join(w.Titles, " | "))
	}
	if len(w.URLs) > 1 {
		s.Problems = append(s.Problems, "cited with different URLs: "+strings.Join(w.URLs, " | "))
	}
	if len(w.Dates) > 1 {
		s.Problems = append(s.Problems, "cited with different dates: "+strings.Join(w.Dates, " | "))
	}
	if len(w.AuthorVariants) > 1 {
		s.Problems = append(s.Problems, "cited with different authors: "+strings.Join(w.AuthorVariants, " | "))
	}
	if s.Title == "" {
		s.Title = firstNonEmpty(w.Container, w.URL, w.Key)
		s.Problems = append(s.Problems, "no title in the citation")
	}
	var fns []string
	for _, p := range w.Cited {
		fns = append(fns, fmt.Sprint(p.Footnote))
	}
	s.Notes = "cited in footnotes " + strings.Join(dedupe(fns), ", ")
	return s
}

// splitName reads "Given Family" (or an institution) into a CSL name.
func splitName(a string) model.CSLName {
	a = strings.TrimSpace(a)
	f := strings.Fields(a)
	if len(f) < 2 || strings.ContainsAny(a, "&") || institutional(a) {
		return model.CSLName{Literal: a}
	}
	return model.CSLName{Given: strings.Join(f[:len(f)-1], " "), Family: f[len(f)-1]}
}

func institutional(a string) bool {
	l := strings.ToLower(a)
	for _, w := range []string{"council", "ministry", "agency", "office", "committee", "organization", "organisation", "institute", "center", "centre", "panel", "news", "department", "nations", "court", "tribunal", "project"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// sourceID makes a readable id: author-or-container, year, first title words.
func sourceID(w *cite.Work, taken map[string]bool) string {
	var parts []string
	if len(w.Authors) > 0 {
		f := strings.Fields(w.Authors[0])
		parts = append(parts, f[len(f)-1])
	} else if w.Container != "" {
		parts = append(parts, w.Container)
	} else if w.URL != "" {
		if u, err := url.Parse(w.URL); err == nil {
			parts = append(parts, strings.TrimPrefix(u.Hostname(), "www."))
		}
	}
	if len(w.Issued) >= 4 {
		parts = append(parts, w.Issued[:4])
	}
	tw := strings.Fields(w.Title)
	parts = append(parts, strings.Join(tw[:min(4, len(tw))], " "))
	base := slugify(strings.Join(parts, " "))
	if base == "" {
		base = "source"
	}
	if len(base) > 60 {
		base = strings.TrimRight(base[:60], "-")
	}
	id := base
	for i := 2; taken[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	taken[id] = true
	return id
}

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.Trim(b.String(), "-")
}

func newImportDocCmd(e *env) *cobra.Command {
	var jsonOut, write bool
	cmd := &cobra.Command{
		Use:   "import-doc FILE",
		Short: "Read a draft written elsewhere (text, Markdown, DOCX): its structure, footnotes and cited works as sources",
		Long: `Import-doc reads a document — plain text (including text extracted from a PDF, with superscript
footnote markers and footnote bodies between paragraphs), Markdown with footnotes, or Word DOCX
with real footnotes — into sections, numbered paragraphs and footnotes. Each footnote is split into
its citations and each citation parsed into fields; "Id." and "supra" are resolved and repeated
works merged into one source listing every footnote that cites it. Citations that cannot be
parsed are kept verbatim and reported, never dropped.

With --case ID (or --write, for the store's only case) the sources are added to the case in the
store: works whose URL is
already a source of the case are matched to it, not duplicated; the rest become new sources, with
any disagreement between their citations recorded under problems. All or nothing.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if f := cmd.Root().PersistentFlags().Lookup("case"); f != nil && f.Changed {
				write = true // dossier import-doc FILE --case ID adds the sources to that case
			}
			docs, err := readDocs(ctx, args)
			if err != nil {
				return err
			}
			d := docs[0]
			res := docimport.Sources(d)
			taken := map[string]bool{}
			var existing map[string]string // URL → source id
			var b *model.Bundle
			var st store.Store
			var caseID string
			if write {
				b, st, caseID, err = e.loadCase(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				existing = map[string]string{}
				for _, s := range b.Sources {
					taken[s.ID] = true
					if s.URL != "" {
						existing[normURL(s.URL)] = s.ID
					}
				}
			}
			var srcs []model.Source
			matched := 0
			for i := range res.Works {
				w := &res.Works[i]
				if _, ok := existing[normURL(w.URL)]; ok && w.URL != "" {
					matched++
					continue
				}
				srcs = append(srcs, workToSource(w, sourceID(w, taken)))
			}
			unparsed := res.Unparsed()
			for _, c := range unparsed {
				id := sourceID(&cite.Work{Title: "unparsed footnote " + fmt.Sprint(c.Footnote)}, taken)
				srcs = append(srcs, model.Source{ID: id, Kind: model.Web, Title: c.Raw,
					Problems: []string{fmt.Sprintf("citation in footnote %d could not be parsed; kept verbatim", c.Footnote)}})
			}
			if jsonOut {
				if err := writeJSON(e.stdout, importDocOut{Document: d, Works: nonNil(res.Works), Unparsed: nonNil(unparsed), Sources: nonNil(srcs)}); err != nil {
					return err
				}
			} else if err := docimport.WriteImportReport(e.stdout, d, res); err != nil {
				return err
			}
			if !write {
				return nil
			}
			// Check the case with the new sources before writing anything.
			b.Sources = append(b.Sources, srcs...)
			var bad []string
			for _, p := range model.Errors(model.Validate(b, lawChecker())) {
				if p.Kind == model.KindSource {
					bad = append(bad, fmt.Sprintf("%s: source %s: %s: %s", args[0], p.ID, p.Field, p.Msg))
				}
			}
			if len(bad) > 0 {
				return badInputf("import-doc refused: %d problem(s)\n%s", len(bad), strings.Join(bad, "\n"))
			}
			recs := func(yield func(store.Record, error) bool) {
				for i := range srcs {
					if !yield(store.ToRecord(model.KindSource, srcs[i].ID, &srcs[i])) {
						return
					}
				}
			}
			stats, err := st.Import(ctx, caseID, recs, e.change("import-doc "+args[0]), store.ImportOptions{})
			if err != nil {
				return err
			}
			if err := e.recordCustody(ctx, "import-doc", caseID, map[string]string{"file": args[0], "sources": fmt.Sprint(stats.Created), "matched": fmt.Sprint(matched)}); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "%s: %d new sources, %d matched to existing sources, %d unparsed citations kept verbatim\n", args[0], stats.Created, matched, len(unparsed))
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write the document model, works and sources as JSON")
	cmd.Flags().BoolVar(&write, "write", false, "add the sources to the case in the store")
	return cmd
}

func normURL(u string) string {
	u = strings.TrimSpace(strings.ToLower(u))
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	return strings.TrimRight(u, "/")
}
