package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"dossier/internal/audit"
	"dossier/internal/capture"
	"dossier/internal/model"

	"github.com/spf13/cobra"
)

func init() { register(newLinksCmd) }

// Link states.
const (
	linkAlive   = "alive"
	linkChanged = "changed"
	linkGone    = "gone"
	linkError   = "error"
)

// metaTextSHA256 is the capture meta key of the SHA-256 of the page's readable text.
const metaTextSHA256 = "text_sha256"

// textSHA256 is the hex SHA-256 of a page's readable text (metaTextSHA256).
func textSHA256(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// linkOut is one cited URL's state.
type linkOut struct {
	Source   string   `json:"source"`
	Also     []string `json:"also,omitempty"` // other sources citing the same URL
	URL      string   `json:"url"`
	State    string   `json:"state"`
	HTTP     int      `json:"http,omitempty"`
	Capture  string   `json:"capture"`            // the new capture
	Previous string   `json:"previous,omitempty"` // the latest earlier capture of the URL
	// TextChanged, for a changed page, says whether its readable text changed too (false: the
	// markup alone did); absent when the text could not be compared.
	TextChanged *bool  `json:"text_changed,omitempty"`
	Detail      string `json:"detail,omitempty"`
}

// goneFailure reports whether a failed fetch means the page is gone (the name no longer
// resolves, nothing listens) rather than a transient or policy error.
func goneFailure(f *capture.Failure) bool {
	if f == nil || f.Kind != capture.FailNetwork {
		return false
	}
	r := strings.ToLower(f.Reason)
	for _, s := range []string{"no such host", "connection refused", "server misbehaving", "name resolution", "no address"} {
		if strings.Contains(r, s) {
			return true
		}
	}
	return false
}

// classify says whether a re-fetched URL is alive, changed, gone or in error; for a changed
// page, textChanged says whether its readable text changed too (nil: not comparable).
func classify(res *capture.Result, prev *model.Capture) (state, detail string, textChanged *bool) {
	switch {
	case res.Failure != nil && goneFailure(res.Failure):
		return linkGone, res.Failure.Reason, nil
	case res.Failure != nil:
		return linkError, res.Failure.Kind + ": " + res.Failure.Reason, nil
	case res.Status == 404 || res.Status == 410:
		return linkGone, "HTTP " + strconv.Itoa(res.Status), nil
	case res.Status >= 400:
		return linkError, "HTTP " + strconv.Itoa(res.Status), nil
	case prev == nil:
		return linkAlive, "no earlier capture to compare", nil
	case prev.SHA256 != res.BodySHA256:
		detail = fmt.Sprintf("body sha256 %s…, was %s… (%s)", res.BodySHA256[:12], prev.SHA256[:min(12, len(prev.SHA256))], prev.At)
		was := prev.Meta[metaTextSHA256]
		if was == "" {
			return linkChanged, detail + "; text not compared (the earlier capture has no text digest)", nil
		}
		changed := res.Text == "" || textSHA256(res.Text) != was
		if changed {
			return linkChanged, detail + "; the readable text changed", &changed
		}
		return linkChanged, detail + "; the readable text is the same (the markup alone changed)", &changed
	}
	return linkAlive, "unchanged since " + prev.At, nil
}

func newLinksCmd(e *env) *cobra.Command {
	var (
		jsonOut    bool
		failOnGone bool
		flags      captureFlags
	)
	cmd := &cobra.Command{
		Use:   "links [--json] [--concurrency N] [--allow-loopback] [--fail-on-gone]",
		Short: "Link rot: re-fetch every cited URL and report alive / changed / gone / error, keeping the new captures",
		Long: `Links re-captures the URL of every source of the case (once per distinct URL) and reports:

  alive     fetched, and the body is the same as the latest earlier capture of that URL (or there
            is none to compare)
  changed   fetched, but the body's SHA-256 differs from the latest earlier capture; the
            detail (and text_changed in --json) says whether the page's readable text changed
            too or only its markup (ads, timestamps, tokens)
  gone      HTTP 404 or 410, the name no longer resolves, or the connection is refused
  error     anything else (other HTTP errors, timeouts, refused addresses, ...)

Every new capture is stored beside the old ones (linked to the source) with a recapture (or
capture-failed) custody entry. Exit 0: it is a report; --fail-on-gone exits 1 when a link is gone.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := flags.check(); err != nil {
				return err
			}
			b, s, caseID, err := e.loadCase(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			// Distinct cited URLs, in source order; the first source citing one owns the capture.
			var urls []string
			owners := map[string][]string{}
			for _, src := range b.Sources {
				u, err := url.Parse(src.URL)
				if src.URL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") {
					continue
				}
				if owners[src.URL] == nil {
					urls = append(urls, src.URL)
				}
				owners[src.URL] = append(owners[src.URL], src.ID)
			}
			// The latest successful earlier capture of each URL.
			latest := map[string]*model.Capture{}
			for i := range b.Captures {
				c := &b.Captures[i]
				if c.Error != "" {
					continue
				}
				for _, u := range []string{c.URL, c.FinalURL} {
					if p := latest[u]; u != "" && (p == nil || c.At > p.At) {
						latest[u] = c
					}
				}
			}
			var outs []linkOut
			if len(urls) > 0 {
				// The new captures are stored while the pages are fetched, in one transaction
				// committed once every WARC file is durable (as dossier capture does).
				how := "web-capture dossier/" + Version
				prepare := func(res *capture.Result) *capturedURL {
					c := &capturedURL{res: res, rec: fromResult(res, owners[res.URL][0], how)}
					c.record, c.err = c.rec.storeRecord()
					return c
				}
				caps, _, err := e.captureIntoStore(ctx, s, caseID, urls, flags, prepare,
					e.change(fmt.Sprintf("links: re-capture %d cited URL(s)", len(urls))))
				if err != nil {
					return err
				}
				var custody []audit.Entry
				if flags.allowLoopback {
					custody = append(custody, audit.Entry{Action: audit.ActionAllowLoopback, Subject: caseID,
						Details: map[string]string{"command": "links", "urls": strconv.Itoa(len(urls))}})
				}
				for _, c := range caps {
					res, r := c.res, &c.rec
					own := owners[res.URL]
					prev := latest[res.URL]
					state, detail, textChanged := classify(res, prev)
					o := linkOut{Source: own[0], Also: own[1:], URL: res.URL, State: state, HTTP: res.Status, Capture: r.c.ID, TextChanged: textChanged, Detail: detail}
					extra := map[string]string{"link_state": state}
					if textChanged != nil {
						extra["text_changed"] = strconv.FormatBool(*textChanged)
					}
					if prev != nil {
						o.Previous = prev.ID
						extra["previous"] = prev.ID
					}
					action := audit.ActionRecapture
					if r.c.Error != "" {
						action = audit.ActionCaptureFailed
					}
					custody = append(custody, r.custodyEntry(action, extra))
					outs = append(outs, o)
				}
				if err := e.appendCustody(ctx, custody); err != nil {
					return err
				}
			}
			counts := map[string]int{}
			for _, o := range outs {
				counts[o.State]++
			}
			if jsonOut {
				if err := writeJSON(e.stdout, nonNil(outs)); err != nil {
					return err
				}
			} else {
				sort.SliceStable(outs, func(i, j int) bool { return stateRank(outs[i].State) < stateRank(outs[j].State) })
				t := newTable(e.stdout, "STATE", "HTTP", "SOURCE", "URL", "CAPTURE", "DETAIL")
				for _, o := range outs {
					h := "-"
					if o.HTTP > 0 {
						h = strconv.Itoa(o.HTTP)
					}
					src := o.Source
					if len(o.Also) > 0 {
						src += " +" + strconv.Itoa(len(o.Also))
					}
					t.row(o.State, h, src, truncate(o.URL, 70), o.Capture, truncate(o.Detail, 80))
				}
				if err := t.flush(); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "%d cited URL(s): %d alive, %d changed, %d gone, %d error\n",
					len(outs), counts[linkAlive], counts[linkChanged], counts[linkGone], counts[linkError])
			}
			if failOnGone && counts[linkGone] > 0 {
				return &ExitError{Code: ExitFindings, Err: fmt.Errorf("%d cited URL(s) gone", counts[linkGone])}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	cmd.Flags().BoolVar(&failOnGone, "fail-on-gone", false, "exit 1 when a cited URL is gone")
	flags.register(cmd)
	return cmd
}

func stateRank(s string) int {
	switch s {
	case linkGone:
		return 0
	case linkChanged:
		return 1
	case linkError:
		return 2
	}
	return 3
}
