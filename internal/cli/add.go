package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"dossier/internal/audit"
	"dossier/internal/capture"
	"dossier/internal/model"

	"github.com/spf13/cobra"
)

func init() { register(newAddCmd) }

// fileRecord turns an added file into its capture record (id cap-<first 12 hex of its SHA-256>:
// the same bytes added twice are one item of evidence).
func fileRecord(fr *capture.FileResult, source, who string) captureRecord {
	c := model.Capture{
		ID:        "cap-" + fr.SHA256[:12],
		Source:    source,
		SHA256:    fr.SHA256,
		Size:      fr.Size,
		MediaType: fr.MediaType,
		At:        fr.Added.UTC().Format(time.RFC3339),
		By:        who,
		How:       "upload",
		Meta:      map[string]string{"name": fr.Name, "path": fr.Path},
	}
	if !fr.ModTime.IsZero() {
		c.Meta["mod_time"] = fr.ModTime.UTC().Format(time.RFC3339)
	}
	blobs := []string{fr.Ref.String()}
	if !fr.TextRef.IsZero() {
		c.Text = fr.TextRef.Hex()
		c.Meta["text_size"] = strconv.Itoa(len(fr.Text))
		blobs = append(blobs, fr.TextRef.String())
	}
	if fr.TextTool != "" {
		c.Meta["text_tool"] = fr.TextTool
	}
	if p := fr.PDF; p != nil {
		for k, v := range map[string]string{"pdf.title": p.Title, "pdf.author": p.Author, "pdf.subject": p.Subject,
			"pdf.creator": p.Creator, "pdf.producer": p.Producer, "pdf.creation_date": p.CreationDate, "pdf.mod_date": p.ModDate} {
			if v != "" {
				c.Meta[k] = v
			}
		}
		c.Meta["pdf.pages"] = strconv.Itoa(p.Pages)
	}
	if im := fr.Image; im != nil {
		c.Meta["image.format"] = im.Format
		c.Meta["image.width"] = strconv.Itoa(im.Width)
		c.Meta["image.height"] = strconv.Itoa(im.Height)
	}
	if m := fr.Media; m != nil {
		for k, v := range m.Meta(m.Kind + ".") {
			if _, set := c.Meta[k]; !set { // the image decoder's format and size come first
				c.Meta[k] = v
			}
		}
	}
	if len(fr.Warnings) > 0 {
		c.Meta["warnings"] = strings.Join(fr.Warnings, "; ")
	}
	return captureRecord{c: c, text: fr.Text, blobs: blobs}
}

func newAddCmd(e *env) *cobra.Command {
	var (
		jsonOut  bool
		sourceID string
	)
	cmd := &cobra.Command{
		Use:   "add FILE... [--source ID] [--json]",
		Short: "Preserve files (PDFs, images, video) as evidence: blob, capture record, custody entry",
		Long: `Add stores each file in the evidence locker (made durable before anything refers to it) and a
capture record (how: upload, id cap-<first 12 hex digits of its SHA-256>) with its hash, size,
media type (sniffed from the content), modification time and embedded metadata: a PDF's info
dictionary and page count; an image's format and size and its EXIF (image.taken, image.make,
image.model, image.software, image.gps as latitude,longitude with image.gps_altitude and the
values as recorded); a video's (MP4, QuickTime, 3GP) format, size, duration, and the time, device
and place its headers and metadata atoms record (video.*). Times stay as recorded: without a
zone when the file gives none. A PDF's text is extracted and searchable.
Every file gets an add custody entry. With --source the captures are linked to that source and
the PDF metadata fills its empty fields (never overwriting; disagreements are reported).
A file already in the locker is reported and not added twice.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			for _, p := range args {
				info, err := os.Stat(p)
				if err != nil {
					return badInput(err)
				}
				if !info.Mode().IsRegular() {
					return badInputf("%s: not a regular file", p)
				}
			}
			b, s, caseID, err := e.loadCase(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			var src *model.Source
			if sourceID != "" {
				for i := range b.Sources {
					if b.Sources[i].ID == sourceID {
						src = &b.Sources[i]
					}
				}
				if src == nil {
					return badInputf("--source %s: no such source in case %s (dossier sources lists them)", sourceID, caseID)
				}
			}
			dir, err := e.openLocker()
			if err != nil {
				return err
			}
			var (
				recs []captureRecord
				outs []captureOut
				ups  []sourceUpdate
			)
			known := map[string]bool{}
			for _, c := range b.Captures {
				known[c.ID] = true
			}
			for _, p := range args {
				// Each blob is durable when AddFile returns (Dir.Put syncs it).
				fr, err := capture.AddFile(ctx, dir, p)
				if err != nil {
					if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
						return badInput(err)
					}
					return err
				}
				r := fileRecord(fr, sourceID, e.who)
				o := captureOut{URL: p, ID: r.c.ID, OK: true, SHA256: r.c.SHA256, MediaType: r.c.MediaType, Source: sourceID, Warnings: fr.Warnings}
				if m := fr.Media; m != nil {
					o.Embedded, o.Summary = m.Meta(m.Kind+"."), m.Summary()
				}
				if known[r.c.ID] {
					o.Error = "already in the locker"
					outs = append(outs, o)
					continue
				}
				known[r.c.ID] = true
				if src != nil {
					filled, mism := fillSource(src, fr.Meta, "", false)
					o.Filled, o.Mismatches = filled, mism
					if len(filled) > 0 {
						ups = append(ups, sourceUpdate{src: src, capture: r.c.ID, filled: filled})
					}
				}
				recs = append(recs, r)
				outs = append(outs, o)
			}
			if err := storeCaptures(ctx, s, caseID, recs, e.change(fmt.Sprintf("add %d file(s)", len(recs)))); err != nil {
				return err
			}
			var custody []audit.Entry
			for i := range recs {
				custody = append(custody, recs[i].custodyEntry(audit.ActionAdd, map[string]string{"name": recs[i].c.Meta["name"], "path": recs[i].c.Meta["path"]}))
			}
			mc, err := e.saveSourceUpdates(ctx, s, caseID, ups)
			custody = append(custody, mc...)
			if cerr := e.appendCustody(ctx, custody); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(e.stdout, nonNil(outs))
			}
			t := newTable(e.stdout, "ID", "TYPE", "SOURCE", "FILE", "RESULT")
			for _, o := range outs {
				res := "added " + o.SHA256
				if o.Error != "" {
					res = o.Error + " " + o.SHA256
				}
				t.row(o.ID, o.MediaType, o.Source, o.URL, truncate(res, 90))
			}
			if err := t.flush(); err != nil {
				return err
			}
			for _, o := range outs {
				if o.Summary != "" {
					fmt.Fprintf(e.stdout, "%s (%s): %s\n", o.ID, filepath.Base(o.URL), o.Summary)
				}
				for _, w := range o.Warnings {
					fmt.Fprintf(e.stdout, "%s (%s): warning: %s\n", o.ID, filepath.Base(o.URL), w)
				}
				for _, f := range o.Filled {
					fmt.Fprintf(e.stdout, "source %s: %s filled: %q (from %s)\n", f.Source, f.Field, f.New, orDash(f.From))
				}
				for _, f := range o.Mismatches {
					fmt.Fprintf(e.stdout, "source %s: %s kept %q; %s says %q (from %s)\n", f.Source, f.Field, f.Old, o.ID, f.New, orDash(f.From))
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "write JSON")
	cmd.Flags().StringVar(&sourceID, "source", "", "link the files to this source and fill its empty fields")
	return cmd
}
