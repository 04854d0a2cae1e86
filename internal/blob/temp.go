package blob

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// tempFile is where Put streams a blob before it gets its name. On Linux it
// is an unnamed O_TMPFILE inode (a Put killed half way leaves nothing at
// all); elsewhere, or where the filesystem lacks O_TMPFILE, it is a named
// ".tmp-*" file in the store root.
type tempFile struct {
	*os.File
	named bool
}

func (d *Dir) newTemp() (*tempFile, error) {
	if d.unnamed {
		if f, err := openUnnamed(d.root); err == nil {
			return &tempFile{File: f}, nil
		}
	}
	f, err := os.CreateTemp(d.root, tempPrefix+"*")
	if err != nil {
		return nil, err
	}
	return &tempFile{File: f, named: true}, nil
}

// link gives the temp file the name dst; it fails (fs.ErrExist) rather than
// replace an existing file.
func (t *tempFile) link(dst string) error {
	if !t.named {
		return linkUnnamed(t.File, dst)
	}
	err := os.Link(t.Name(), dst)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		// No hard links on this filesystem: rename instead.
		if _, serr := os.Lstat(dst); serr == nil {
			return &os.LinkError{Op: "link", Old: t.Name(), New: dst, Err: fs.ErrExist}
		}
		return os.Rename(t.Name(), dst)
	}
	return err
}

// discard closes the temp file and removes its temporary name, if any.
func (t *tempFile) discard() {
	t.Close()
	if t.named {
		os.Remove(t.Name())
	}
}

// probeUnnamed reports whether unnamed temp files can be created and linked in dir.
func probeUnnamed(dir string) bool {
	f, err := openUnnamed(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	name := filepath.Join(dir, fmt.Sprintf("%sprobe-%d", tempPrefix, os.Getpid()))
	os.Remove(name)
	if err := linkUnnamed(f, name); err != nil {
		return false
	}
	os.Remove(name)
	return true
}
