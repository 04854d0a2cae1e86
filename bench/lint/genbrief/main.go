// Command genbrief writes a synthetic legal brief in Markdown with pandoc footnotes, for the
// lint benchmark: numbered sections and paragraphs, a footnote per paragraph drawn from a pool
// of citation styles, cross-references, and a sprinkling of the defects the linter looks for.
//
//	go run ./bench/lint/genbrief -pages 500 > brief.md
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
)

var sentences = []string{
	"On %s, North Korean units were reported near the Kursk front by several observers.",
	"The shipment of artillery shells continued through the winter, according to officials.",
	"Russian commanders integrated the North Korean troops into existing formations in the Kursk region.",
	"The Accused, as Supreme Leader, authorised the deployment and received regular reports on its progress.",
	"Satellite imagery of the port of Rajin showed containers being loaded onto Russian-flagged vessels.",
	"Article 8 bis of the Rome Statute defines the crime of aggression by reference to the leadership of a State.",
	"Article 25(3)(c) of the Rome Statute requires that the accused acted for the purpose of facilitating the crime.",
	"Ukrainian forces recovered missile fragments bearing Korean markings and manufacturing dates.",
	"The Comprehensive Strategic Partnership Treaty was invoked by both parties as the basis for the assistance.",
	"Over 10,000 North Korean troops were deployed to the region, according to the Pentagon.",
}

var cites = []string{
	"%s, *North Korea Sends Troops %d*, Reuters (%s), https://www.reuters.com/world/nk-troops-%d/ (last visited July 29, 2025).",
	"%s, Russia and North Korea Deepen Ties %d, The Guardian (%s), https://www.theguardian.com/world/%d/ties (last visited July 29, 2025).",
	"S.C. Res. %d, U.N. Doc. S/RES/%d (%s), https://undocs.org/S/RES/%d(2016) (last visited July 29, 2025).",
	"%s, *Assessment of Munitions Transfers %d*, Ctr. for Strategic & Int'l Stud. (%s), https://www.csis.org/analysis/munitions-%d (last visited July 29, 2025).",
	"Prosecutor v. Taylor, Case No. SCSL-03-01-A, Judgment, ¶ %d (%s).",
}

var authors = []string{"Josh Smith", "Hyonhee Shin", "Jack Kim", "Tom Balmforth", "Andrew Osborn", "Emma Graham-Harrison", "Justin McCurry", "Victor Cha"}
var months = []string{"Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

func date(r *rand.Rand) string {
	return fmt.Sprintf("%s %d, %d", months[r.IntN(12)], 1+r.IntN(28), 2022+r.IntN(4))
}

func main() {
	pages := flag.Int("pages", 500, "approximate pages (about 450 words each)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	r := rand.New(rand.NewPCG(*seed, 7))
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintln(w, "# Synthetic brief for benchmarking")
	para, note := 0, 0
	var notes []string
	words := 0
	target := *pages * 450
	section := 0
	romans := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
	for words < target {
		if para%40 == 0 {
			section++
			fmt.Fprintf(w, "\n# %s. Part %d of the Facts\n", romans[(section-1)%len(romans)], section)
		}
		para++
		var b strings.Builder
		for i := 0; i < 4+r.IntN(4); i++ {
			s := sentences[r.IntN(len(sentences))]
			if strings.Contains(s, "%s") {
				s = fmt.Sprintf(s, date(r))
			}
			b.WriteString(s + " ")
		}
		text := strings.TrimSpace(b.String())
		switch {
		case para%97 == 0:
			text += fmt.Sprintf(" The Prosecutor realleges paragraphs 1 through %d.", para+3) // forward and self
		case para%53 == 0:
			text = strings.Replace(text, "Kursk", "Kurks", 1) // a misspelling
		case para%71 == 0:
			text += " Article 25(c)(3) applies."
		}
		note++
		c := cites[r.IntN(len(cites))]
		var cite string
		switch strings.Count(c, "%") {
		case 4:
			if strings.HasPrefix(c, "S.C.") {
				n := 2000 + r.IntN(500)
				cite = fmt.Sprintf(c, n, n, date(r), n)
			} else {
				cite = fmt.Sprintf(c, authors[r.IntN(len(authors))], r.IntN(300), date(r), r.IntN(300))
			}
		default:
			cite = fmt.Sprintf(c, 100+r.IntN(900), date(r))
		}
		notes = append(notes, fmt.Sprintf("[^%d]: %s", note, cite))
		fmt.Fprintf(w, "\n%d. %s[^%d]\n", para, text, note)
		words += len(strings.Fields(text)) + len(strings.Fields(cite))
	}
	fmt.Fprintln(w)
	for _, n := range notes {
		fmt.Fprintln(w, n)
	}
}
