package bagit

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/internal/blob"
)

func sampleBag(t *testing.T) (string, *Result) {
	t.Helper()
	ctx := context.Background()
	store, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ref, _, err := store.Put(ctx, strings.NewReader("WARC/1.1\r\n...capture bytes..."))
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "custody.log")
	os.WriteFile(src, []byte(`{"seq":1}`+"\n"), 0o644)
	files := []File{
		FromBlob(ctx, store, ref, "blobs/"+ref.String()),
		FromDisk(src, "custody/custody.log"),
		FromBytes([]byte("case: kim\n"), "bundle/case.yaml"),
		FromBytes([]byte("odd name"), "bundle/100% sure.txt"),
		FromBytes(nil, "empty.txt"),
	}
	dir := filepath.Join(t.TempDir(), "bag")
	res, err := Write(ctx, dir, files, Options{
		Info: []Field{{"Source-Organization", "Test Unit"}, {"External-Description", "line one\nline two"}},
		Now:  time.Date(2025, 7, 29, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir, res
}

func verify(t *testing.T, dir string) []Problem {
	t.Helper()
	probs, err := Verify(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return probs
}

func TestWriteAndVerify(t *testing.T) {
	dir, res := sampleBag(t)
	if res.Files != 5 || res.Octets != int64(len("WARC/1.1\r\n...capture bytes...")+len(`{"seq":1}`+"\n")+len("case: kim\n")+len("odd name")) {
		t.Fatalf("result %+v", res)
	}
	if p := verify(t, dir); len(p) != 0 {
		t.Fatalf("fresh bag has problems: %v", p)
	}
	info, _ := os.ReadFile(filepath.Join(dir, "bag-info.txt"))
	for _, want := range []string{"Bagging-Date: 2025-07-29\n", fmt.Sprintf("Payload-Oxum: %d.5\n", res.Octets), "External-Description: line one\n line two\n"} {
		if !strings.Contains(string(info), want) {
			t.Errorf("bag-info.txt lacks %q:\n%s", want, info)
		}
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, "manifest-sha256.txt"))
	if !strings.Contains(string(manifest), "  data/bundle/100%25 sure.txt\n") {
		t.Errorf("percent not encoded in manifest:\n%s", manifest)
	}
	tagm, _ := os.ReadFile(filepath.Join(dir, "tagmanifest-sha256.txt"))
	for _, f := range []string{"bagit.txt", "bag-info.txt", "manifest-sha256.txt"} {
		if !strings.Contains(string(tagm), "  "+f+"\n") {
			t.Errorf("tag manifest lacks %s", f)
		}
	}
	// No temporary directory is left beside the bag.
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("beside the bag: %v", entries)
	}
}

func TestVerifyReportsEachProblem(t *testing.T) {
	tests := []struct {
		name   string
		damage func(dir string)
		want   []string // kind and file fragments expected in the problems
	}{
		{"missing payload", func(d string) { os.Remove(filepath.Join(d, "data/bundle/case.yaml")) },
			[]string{ProblemMissing, "data/bundle/case.yaml", ProblemOxum}},
		{"extra payload", func(d string) { os.WriteFile(filepath.Join(d, "data/smuggled.txt"), []byte("x"), 0o644) },
			[]string{ProblemExtra, "data/smuggled.txt", ProblemOxum}},
		{"changed payload", func(d string) { os.WriteFile(filepath.Join(d, "data/bundle/case.yaml"), []byte("case: kin\n"), 0o644) },
			[]string{ProblemChecksum, "data/bundle/case.yaml"}},
		{"bad oxum", func(d string) {
			p := filepath.Join(d, "bag-info.txt")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(b), ".5\n", ".6\n", 1)), 0o644)
		}, []string{ProblemOxum, ProblemChecksum, "bag-info.txt"}},
		{"tampered manifest", func(d string) {
			p := filepath.Join(d, "manifest-sha256.txt")
			b, _ := os.ReadFile(p)
			b[0] ^= 1
			os.WriteFile(p, b, 0o644)
		}, []string{ProblemChecksum, "manifest-sha256.txt"}},
		{"missing bagit.txt", func(d string) { os.Remove(filepath.Join(d, "bagit.txt")) },
			[]string{ProblemStruct, ProblemMissing, "bagit.txt"}},
		{"malformed manifest line", func(d string) {
			f, _ := os.OpenFile(filepath.Join(d, "manifest-sha256.txt"), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("nothex  data/x\n")
			f.Close()
		}, []string{ProblemSyntax, "manifest-sha256.txt:6"}},
		{"escaping path", func(d string) {
			f, _ := os.OpenFile(filepath.Join(d, "manifest-sha256.txt"), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString(strings.Repeat("0", 64) + "  data/../../etc/passwd\n")
			f.Close()
		}, []string{ProblemSyntax, "escapes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := sampleBag(t)
			tt.damage(dir)
			probs := verify(t, dir)
			var all []string
			for _, p := range probs {
				all = append(all, p.String())
			}
			joined := strings.Join(all, "\n")
			for _, w := range tt.want {
				if !strings.Contains(joined, w) {
					t.Errorf("problems lack %q:\n%s", w, joined)
				}
			}
		})
	}
}

func TestEveryPayloadByteFlip(t *testing.T) {
	dir, _ := sampleBag(t)
	p := filepath.Join(dir, "data/custody/custody.log")
	orig, _ := os.ReadFile(p)
	for i := range orig {
		b := append([]byte(nil), orig...)
		b[i] ^= 0x01
		os.WriteFile(p, b, 0o644)
		probs := verify(t, dir)
		if len(probs) != 1 || probs[0].Kind != ProblemChecksum {
			t.Fatalf("flip %d: %v", i, probs)
		}
	}
}

func TestWriteRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	tests := []struct {
		name  string
		files []File
		want  string
	}{
		{"escape", []File{FromBytes(nil, "../x")}, "inside data/"},
		{"absolute", []File{FromBytes(nil, "/etc/x")}, "relative"},
		{"unclean", []File{FromBytes(nil, "a//b")}, "clean"},
		{"duplicate", []File{FromBytes(nil, "a"), FromBytes(nil, "a")}, "twice"},
		{"unreadable", []File{FromDisk(filepath.Join(base, "nope"), "a")}, "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(base, tt.name)
			if _, err := Write(ctx, dir, tt.files, Options{}); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Fatal("a failed Write left a bag")
			}
		})
	}
	entries, _ := os.ReadDir(base)
	if len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
	if _, err := Write(ctx, base, nil, Options{}); err == nil {
		t.Fatal("Write into an existing directory succeeded")
	}
}

// TestPythonBagitValidates checks our bag with the Library of Congress
// bagit-python validator when it is installed (pip install bagit).
func TestPythonBagitValidates(t *testing.T) {
	bin, err := exec.LookPath("bagit.py")
	if err != nil {
		t.Skip("bagit.py not installed (pip install bagit); skipping the independent validator")
	}
	dir, _ := sampleBag(t)
	out, err := exec.Command(bin, "--validate", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("bagit.py --validate: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(dir, "data/bundle/case.yaml"), []byte("tampered"), 0o644)
	if out, err := exec.Command(bin, "--validate", dir).CombinedOutput(); err == nil {
		t.Fatalf("bagit.py accepted a tampered bag:\n%s", out)
	}
}

func FuzzVerifyManifest(f *testing.F) {
	f.Add("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  data/empty.txt\n")
	f.Add("xx\n\n  \t\n" + strings.Repeat("0", 64) + "\tdata/%0A\n")
	f.Fuzz(func(t *testing.T, manifest string) {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "data"), 0o755)
		os.WriteFile(filepath.Join(dir, "data", "empty.txt"), nil, 0o644)
		os.WriteFile(filepath.Join(dir, "bagit.txt"), []byte("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "manifest-sha256.txt"), []byte(manifest), 0o644)
		os.WriteFile(filepath.Join(dir, "bag-info.txt"), []byte(manifest), 0o644)
		if _, err := Verify(context.Background(), dir); err != nil {
			t.Fatal(err)
		}
	})
}
