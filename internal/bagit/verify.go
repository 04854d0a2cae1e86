package bagit

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Problem kinds reported by Verify.
const (
	ProblemMissing  = "missing"           // listed in a manifest but absent
	ProblemExtra    = "extra"             // in data/ but not in a payload manifest
	ProblemChecksum = "checksum-mismatch" // content differs from the manifest
	ProblemOxum     = "bad-oxum"          // Payload-Oxum disagrees with data/
	ProblemSyntax   = "syntax"            // a tag file line is malformed
	ProblemStruct   = "structure"         // a required file is missing or invalid
)

// Problem is one defect in a bag. Line is 1-based within File (0 if none).
type Problem struct {
	File string
	Line int
	Kind string
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Kind, p.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", p.File, p.Kind, p.Msg)
}

var manifestRE = regexp.MustCompile(`^(tag)?manifest-([a-z0-9]+)\.txt$`)

func newHash(alg string) hash.Hash {
	switch alg {
	case "sha256":
		return sha256.New()
	case "sha512":
		return sha512.New()
	case "sha1":
		return sha1.New()
	}
	return nil
}

// Verify checks the bag at dir: bagit.txt, every payload and tag manifest
// entry (existence and checksum), files in data/ missing from a payload
// manifest, and Payload-Oxum. The error is for a directory that cannot be
// read at all; defects are returned as problems, in a stable order.
func Verify(ctx context.Context, dir string) ([]Problem, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("verify bag: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("verify bag %s: %w: not a directory", dir, errNoBag)
	}
	var probs []Problem
	add := func(file string, line int, kind, format string, args ...any) {
		probs = append(probs, Problem{File: file, Line: line, Kind: kind, Msg: fmt.Sprintf(format, args...)})
	}

	// bagit.txt
	if lines, err := readLines(filepath.Join(dir, "bagit.txt")); err != nil {
		add("bagit.txt", 0, ProblemStruct, "cannot read: %v", err)
	} else {
		if len(lines) < 2 || !regexp.MustCompile(`^BagIt-Version: \d+\.\d+$`).MatchString(lines[0]) {
			add("bagit.txt", 1, ProblemSyntax, "want \"BagIt-Version: M.N\" on line 1")
		}
		if len(lines) < 2 || lines[1] != "Tag-File-Character-Encoding: UTF-8" {
			add("bagit.txt", 2, ProblemSyntax, "want \"Tag-File-Character-Encoding: UTF-8\" on line 2")
		}
	}

	// Manifests.
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("verify bag %s: %w", dir, err)
	}
	var payloadManifests, tagManifests []string
	for _, e := range entries {
		if m := manifestRE.FindStringSubmatch(e.Name()); m != nil {
			if m[1] == "tag" {
				tagManifests = append(tagManifests, e.Name())
			} else {
				payloadManifests = append(payloadManifests, e.Name())
			}
		}
	}
	if len(payloadManifests) == 0 {
		add("manifest-sha256.txt", 0, ProblemStruct, "no payload manifest in the bag")
	}
	if st, err := os.Stat(filepath.Join(dir, "data")); err != nil || !st.IsDir() {
		add("data", 0, ProblemStruct, "payload directory data/ is missing")
	}

	// Payload files actually present.
	present := map[string]int64{}
	var octets int64
	dataDir := filepath.Join(dir, "data")
	_ = filepath.WalkDir(dataDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != dataDir {
				add("data", 0, ProblemStruct, "cannot read %s: %v", p, err)
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if !d.Type().IsRegular() {
			add(rel, 0, ProblemStruct, "not a regular file")
			return nil
		}
		fi, err := d.Info()
		if err == nil {
			present[rel] = fi.Size()
			octets += fi.Size()
		}
		return nil
	})

	checkManifest := func(name string, payload bool) {
		alg := manifestRE.FindStringSubmatch(name)[2]
		h := newHash(alg)
		if h == nil {
			add(name, 0, ProblemStruct, "algorithm %q not supported here; entries not checked", alg)
			return
		}
		lines, err := readLines(filepath.Join(dir, name))
		if err != nil {
			add(name, 0, ProblemStruct, "cannot read: %v", err)
			return
		}
		listed := map[string]bool{}
		for i, line := range lines {
			if err := ctx.Err(); err != nil {
				return
			}
			if strings.TrimSpace(line) == "" {
				continue
			}
			sum, rest, ok := line, "", false
			if k := strings.IndexAny(line, " \t"); k > 0 {
				sum, rest, ok = line[:k], line[k:], true
			}
			p := decodePath(strings.TrimLeft(rest, " \t"))
			if !ok || p == "" || len(sum) != 2*h.Size() || !isHex(sum) {
				add(name, i+1, ProblemSyntax, "want \"<%s hex checksum> <path>\"", alg)
				continue
			}
			clean := path.Clean(p)
			if clean != p || strings.HasPrefix(p, "/") || clean == ".." || strings.HasPrefix(clean, "../") {
				add(name, i+1, ProblemSyntax, "path %q escapes the bag or is not clean", p)
				continue
			}
			if payload && !strings.HasPrefix(p, "data/") {
				add(name, i+1, ProblemSyntax, "payload path %q is not under data/", p)
				continue
			}
			if listed[p] {
				add(name, i+1, ProblemSyntax, "path %q listed twice", p)
				continue
			}
			listed[p] = true
			got, err := fileSum(ctx, newHash(alg), filepath.Join(dir, filepath.FromSlash(p)))
			if errors.Is(err, fs.ErrNotExist) {
				add(name, i+1, ProblemMissing, "%s is listed but missing", p)
				continue
			}
			if err != nil {
				add(name, i+1, ProblemStruct, "%s: %v", p, err)
				continue
			}
			if !strings.EqualFold(got, sum) {
				add(name, i+1, ProblemChecksum, "%s: manifest %s %s, actual %s", p, alg, strings.ToLower(sum), got)
			}
		}
		if payload {
			var extra []string
			for p := range present {
				if !listed[p] {
					extra = append(extra, p)
				}
			}
			sort.Strings(extra)
			for _, p := range extra {
				add(p, 0, ProblemExtra, "file in data/ is not listed in %s", name)
			}
		}
	}
	for _, m := range payloadManifests {
		checkManifest(m, true)
	}
	for _, m := range tagManifests {
		checkManifest(m, false)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("verify bag %s: %w", dir, err)
	}

	// bag-info.txt (optional), Payload-Oxum if present.
	lines, err := readLines(filepath.Join(dir, "bag-info.txt"))
	if err == nil {
		for i, line := range lines {
			if line == "" || line[0] == ' ' || line[0] == '\t' {
				continue // continuation
			}
			label, value, ok := strings.Cut(line, ":")
			if !ok {
				add("bag-info.txt", i+1, ProblemSyntax, "want \"Label: value\"")
				continue
			}
			if strings.TrimSpace(label) != "Payload-Oxum" {
				continue
			}
			o, c, ok := strings.Cut(strings.TrimSpace(value), ".")
			no, err1 := strconv.ParseInt(o, 10, 64)
			nc, err2 := strconv.Atoi(c)
			if !ok || err1 != nil || err2 != nil {
				add("bag-info.txt", i+1, ProblemOxum, "Payload-Oxum %q: want <octets>.<count>", strings.TrimSpace(value))
				continue
			}
			if no != octets || nc != len(present) {
				add("bag-info.txt", i+1, ProblemOxum, "Payload-Oxum %d.%d but data/ holds %d.%d", no, nc, octets, len(present))
			}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		add("bag-info.txt", 0, ProblemStruct, "cannot read: %v", err)
	}
	return probs, nil
}

func fileSum(ctx context.Context, h hash.Hash, p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.Copy(h, ctxReader{ctx, f}); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}
