package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// maxImageBytes bounds what Image reads of a file looking for its EXIF block (which JPEG, PNG,
// WebP and HEIC writers put near the start).
const maxImageBytes = 32 << 20

// maxIFDEntries bounds the entries read from one EXIF directory.
const maxIFDEntries = 1000

// ErrNoMetadata says a file carries no metadata this package reads.
var ErrNoMetadata = errors.New("no embedded metadata")

// Image reads the EXIF metadata of an image file: the camera or phone, the software, when the
// picture was taken and where. It returns ErrNoMetadata when the file has no EXIF block; the
// caller finds format and dimensions with its image decoder.
func Image(r io.Reader) (*Info, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImageBytes))
	if err != nil {
		return nil, fmt.Errorf("read image: %w", err)
	}
	block := findExif(data)
	if block == nil {
		return nil, ErrNoMetadata
	}
	tags, err := readTIFF(block)
	if err != nil {
		return nil, fmt.Errorf("exif: %w", err)
	}
	info := exifInfo(tags)
	if info.Taken == "" && info.Make == "" && info.Model == "" && info.Software == "" && info.GPS == nil && len(info.Warnings) == 0 {
		return nil, ErrNoMetadata // a TIFF file's own directory, with none of the tags read here
	}
	return info, nil
}

// tiffSig are the two TIFF headers (little- and big-endian) an EXIF block starts with.
var tiffSig = [][]byte{[]byte("II*\x00"), []byte("MM\x00*")}

// findExif returns the EXIF block (a TIFF structure) of a JPEG (its APP1 "Exif" segment), a
// TIFF file (the file itself), or any other container that embeds the block behind the
// "Exif\0\0" marker (PNG eXIf, WebP EXIF and HEIC items are found so); nil when there is none.
func findExif(data []byte) []byte {
	if len(data) >= 4 && (bytes.HasPrefix(data, tiffSig[0]) || bytes.HasPrefix(data, tiffSig[1])) {
		return data
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xD8}) {
		// JPEG: walk the marker segments up to the start of the image data.
		for p := 2; p+4 <= len(data) && data[p] == 0xFF; {
			marker, n := data[p+1], int(binary.BigEndian.Uint16(data[p+2:]))
			if marker == 0xDA || marker == 0xD9 || n < 2 || p+2+n > len(data) {
				break
			}
			seg := data[p+4 : p+2+n]
			if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
				return seg[6:]
			}
			p += 2 + n
		}
	}
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("Exif\x00\x00"))
		if j < 0 {
			break
		}
		rest := data[i+j+6:]
		if bytes.HasPrefix(rest, tiffSig[0]) || bytes.HasPrefix(rest, tiffSig[1]) {
			return rest
		}
		i += j + 6
	}
	// PNG's eXIf chunk holds the TIFF structure without the marker.
	if i := bytes.Index(data, []byte("eXIf")); bytes.HasPrefix(data, []byte("\x89PNG")) && i >= 4 {
		n := int(binary.BigEndian.Uint32(data[i-4:]))
		if rest := data[i+4:]; n <= len(rest) && (bytes.HasPrefix(rest, tiffSig[0]) || bytes.HasPrefix(rest, tiffSig[1])) {
			return rest[:n]
		}
	}
	return nil
}

// tiffVal is one directory entry's value: its TIFF type, count and bytes (in the block's order).
type tiffVal struct {
	typ   uint16
	count uint32
	raw   []byte
	order binary.ByteOrder
}

// typeSizes are the byte sizes of the TIFF types an entry may have (13: IFD, an offset, which
// some writers give the Exif and GPS pointers).
var typeSizes = map[uint16]uint64{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}

// Directories read and the pointer tags that lead to them.
const (
	ifd0    = "IFD0"
	exifIFD = "Exif"
	gpsIFD  = "GPS"
)

// readTIFF reads IFD0 and the Exif and GPS directories it points to, as tag → value per
// directory. Every count and offset is checked against the block: a value that does not fit is
// skipped (the rest is read); a directory that does not fit is an error only for IFD0.
func readTIFF(b []byte) (map[string]map[uint16]tiffVal, error) {
	if len(b) < 8 {
		return nil, errors.New("block too short for a TIFF header")
	}
	var order binary.ByteOrder = binary.LittleEndian
	if b[0] == 'M' {
		order = binary.BigEndian
	}
	out := map[string]map[uint16]tiffVal{}
	dir, err := readIFD(b, order, order.Uint32(b[4:]))
	if err != nil {
		return nil, fmt.Errorf("IFD0: %w", err)
	}
	out[ifd0] = dir
	for name, tag := range map[string]uint16{exifIFD: 0x8769, gpsIFD: 0x8825} {
		p, ok := dir[tag]
		if !ok || p.typ != 4 && p.typ != 13 || p.count != 1 {
			continue
		}
		if d, err := readIFD(b, order, order.Uint32(p.raw)); err == nil {
			out[name] = d
		}
	}
	return out, nil
}

// readIFD reads the directory at off.
func readIFD(b []byte, order binary.ByteOrder, off uint32) (map[uint16]tiffVal, error) {
	if uint64(off)+2 > uint64(len(b)) {
		return nil, fmt.Errorf("directory at %d is past the block's %d bytes", off, len(b))
	}
	n := int(order.Uint16(b[off:]))
	if n > maxIFDEntries || uint64(off)+2+12*uint64(n) > uint64(len(b)) {
		return nil, fmt.Errorf("directory at %d: %d entries do not fit", off, n)
	}
	dir := make(map[uint16]tiffVal, n)
	for i := range n {
		e := b[int(off)+2+12*i:]
		tag, typ, count := order.Uint16(e), order.Uint16(e[2:]), order.Uint32(e[4:])
		size, ok := typeSizes[typ]
		if !ok || uint64(count)*size > uint64(len(b)) {
			continue // an unknown type, or a count no block of this size can hold
		}
		size *= uint64(count)
		raw := e[8:12]
		if size > 4 {
			at := uint64(order.Uint32(e[8:]))
			if at+size > uint64(len(b)) {
				continue
			}
			raw = b[at : at+size]
		} else {
			raw = raw[:size]
		}
		if _, seen := dir[tag]; !seen {
			dir[tag] = tiffVal{typ: typ, count: count, raw: raw, order: order}
		}
	}
	return dir, nil
}

// str is an ASCII value without its NUL padding and blanks.
func (v tiffVal) str() string {
	if v.typ != 2 {
		return ""
	}
	s, _, _ := strings.Cut(string(v.raw), "\x00")
	return printable(s)
}

// rats is a RATIONAL value's numerators and denominators.
func (v tiffVal) rats() [][2]uint32 {
	if v.typ != 5 {
		return nil
	}
	out := make([][2]uint32, 0, v.count)
	for i := 0; i+8 <= len(v.raw); i += 8 {
		out = append(out, [2]uint32{v.order.Uint32(v.raw[i:]), v.order.Uint32(v.raw[i+4:])})
	}
	return out
}

// exifInfo maps the directories read to an Info.
func exifInfo(tags map[string]map[uint16]tiffVal) *Info {
	str := func(dir string, tag uint16) string { return tags[dir][tag].str() }
	info := &Info{Kind: "image", Make: str(ifd0, 0x010f), Model: str(ifd0, 0x0110), Software: str(ifd0, 0x0131)}
	for _, c := range []struct {
		name        string
		tag, offset uint16
	}{
		{"DateTimeOriginal", 0x9003, 0x9011},
		{"DateTimeDigitized", 0x9004, 0x9012},
	} {
		v := str(exifIFD, c.tag)
		if v == "" {
			continue
		}
		when, ok := exifTime(v, str(exifIFD, c.offset))
		if !ok {
			info.Warnings = append(info.Warnings, fmt.Sprintf("exif: %s %q is not a date and time", c.name, v))
			continue
		}
		info.Taken, info.TakenFrom = when, "EXIF "+c.name
		break
	}
	if info.Taken == "" {
		if when, ok := exifTime(str(ifd0, 0x0132), str(exifIFD, 0x9010)); ok {
			info.Taken, info.TakenFrom = when, "EXIF DateTime (last modified)"
		}
	}
	gps, warn := exifGPS(tags[gpsIFD])
	info.GPS = gps
	if warn != "" {
		info.Warnings = append(info.Warnings, warn)
	}
	return info
}

var exifTimeRE = regexp.MustCompile(`^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$`)
var offsetRE = regexp.MustCompile(`^[+-]\d{2}:\d{2}$`)

// exifTime turns EXIF's "YYYY:MM:DD HH:MM:SS" into ISO 8601: with the offset when one was
// recorded, else a local date and time without a zone, as the camera gave it.
func exifTime(v, offset string) (string, bool) {
	m := exifTimeRE.FindStringSubmatch(v)
	if m == nil || m[1] == "0000" {
		return "", false
	}
	s := m[1] + "-" + m[2] + "-" + m[3] + "T" + m[4] + ":" + m[5] + ":" + m[6]
	if offsetRE.MatchString(offset) {
		s += offset
	}
	return s, true
}

// exifGPS reads the GPS directory's position; warn says why one that is there could not be read.
func exifGPS(gps map[uint16]tiffVal) (*Location, string) {
	lat, okLat := gps[0x0002]
	lon, okLon := gps[0x0004]
	if !okLat || !okLon {
		return nil, ""
	}
	la, ok1 := dms(lat.rats())
	lo, ok2 := dms(lon.rats())
	if !ok1 || !ok2 {
		return nil, "exif: GPS position is not three rationals"
	}
	latRef, lonRef := strings.ToUpper(gps[0x0001].str()), strings.ToUpper(gps[0x0003].str())
	switch latRef {
	case "S":
		la = -la
	case "N":
	default:
		return nil, "exif: GPS latitude without N or S"
	}
	switch lonRef {
	case "W":
		lo = -lo
	case "E":
	default:
		return nil, "exif: GPS longitude without E or W"
	}
	if !validLatLon(la, lo) {
		return nil, fmt.Sprintf("exif: GPS position %f,%f is off the globe", la, lo)
	}
	loc := &Location{Lat: la, Lon: lo, From: "EXIF GPS", Raw: ratString(lat.rats()) + " " + latRef + ", " + ratString(lon.rats()) + " " + lonRef}
	if rs := gps[0x0006].rats(); len(rs) == 1 && rs[0][1] != 0 {
		a := float64(rs[0][0]) / float64(rs[0][1])
		if ref := gps[0x0005]; ref.typ == 1 && len(ref.raw) == 1 && ref.raw[0] == 1 && a != 0 {
			a = -a // below sea level
		}
		loc.Alt = &a
	}
	return loc, ""
}

// dms converts EXIF's degrees, minutes, seconds (three rationals) to decimal degrees.
func dms(rs [][2]uint32) (float64, bool) {
	if len(rs) != 3 {
		return 0, false
	}
	var out float64
	for i, div := range []float64{1, 60, 3600} {
		if rs[i][1] == 0 {
			if rs[i][0] == 0 && i > 0 {
				continue // 0/0 minutes or seconds: written by some devices for "none"
			}
			return 0, false
		}
		out += float64(rs[i][0]) / float64(rs[i][1]) / div
	}
	return out, true
}

// ratString writes rationals as recorded: "26/1 34/1 5139/100".
func ratString(rs [][2]uint32) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = strconv.FormatUint(uint64(r[0]), 10) + "/" + strconv.FormatUint(uint64(r[1]), 10)
	}
	return strings.Join(parts, " ")
}
