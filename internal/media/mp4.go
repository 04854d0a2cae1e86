package media

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Limits on what Video reads of a file it does not trust.
const (
	maxMoov     = 64 << 20 // the movie box is read whole when it is at most this large
	maxTopBoxes = 10000    // top-level boxes walked
	maxDepth    = 8        // nesting of boxes inside the movie box
)

// ErrNotVideo says a file is not an MP4 or QuickTime file.
var ErrNotVideo = errors.New("not an MP4 or QuickTime file")

// topTypes are the box types that may start an ISO BMFF or QuickTime file.
var topTypes = map[string]bool{"ftyp": true, "moov": true, "mdat": true, "free": true, "skip": true, "wide": true, "pnot": true, "uuid": true, "meta": true, "styp": true}

// mac1904 is the epoch of ISO BMFF and QuickTime times.
var mac1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)

// Video reads an MP4 or QuickTime file's metadata: format and brand, dimensions of the largest
// video track, duration, creation time, and the device, software and location that phones and
// cameras record in the user-data ('©xyz', '©mak', …) and metadata ('keys'/'ilst') atoms. The
// file is read at offsets (r), size bytes long; the sample data is never read.
func Video(r io.ReaderAt, size int64) (*Info, error) {
	info := &Info{Kind: "video"}
	var moov []byte
	off := int64(0)
	for n := 0; off < size; n++ {
		if n == maxTopBoxes {
			info.Warnings = append(info.Warnings, fmt.Sprintf("mp4: stopped after %d top-level boxes", maxTopBoxes))
			break
		}
		typ, hdr, boxSize, err := readBoxHeader(r, off, size)
		if err != nil {
			if n == 0 {
				return nil, ErrNotVideo
			}
			info.Warnings = append(info.Warnings, fmt.Sprintf("mp4: box at %d: %v", off, err))
			break
		}
		if n == 0 && !topTypes[typ] {
			return nil, ErrNotVideo
		}
		switch typ {
		case "ftyp":
			if boxSize-hdr >= 4 {
				b := make([]byte, 4)
				if _, err := r.ReadAt(b, off+hdr); err == nil {
					info.Brand = printable(string(b))
				}
			}
		case "moov":
			if moov != nil {
				break // the first movie box counts
			}
			if boxSize-hdr > maxMoov {
				info.Warnings = append(info.Warnings, fmt.Sprintf("mp4: movie box of %d bytes not read (over %d)", boxSize-hdr, maxMoov))
				break
			}
			moov = make([]byte, boxSize-hdr)
			if _, err := r.ReadAt(moov, off+hdr); err != nil {
				return nil, fmt.Errorf("mp4: read movie box: %w", err)
			}
		}
		off += boxSize
	}
	switch {
	case info.Brand == "qt":
		info.Format = "quicktime"
	default:
		info.Format = "mp4"
	}
	if moov == nil {
		if info.Brand == "" {
			return nil, ErrNotVideo
		}
		info.Warnings = append(info.Warnings, "mp4: no movie box (moov)")
		return info, nil
	}
	var v videoMeta
	v.walk(moov, 0, "moov", info)
	v.apply(info)
	return info, nil
}

// readBoxHeader reads the header of the box at off: its type, header length and whole size
// (a size of 0 runs to the end of the file), checked against the file's size.
func readBoxHeader(r io.ReaderAt, off, fileSize int64) (typ string, hdr, size int64, err error) {
	var b [16]byte
	if fileSize-off < 8 {
		return "", 0, 0, errors.New("truncated header")
	}
	if _, err := r.ReadAt(b[:8], off); err != nil {
		return "", 0, 0, err
	}
	size, hdr, typ = int64(binary.BigEndian.Uint32(b[:4])), 8, string(b[4:8])
	switch size {
	case 0:
		size = fileSize - off
	case 1:
		if fileSize-off < 16 {
			return "", 0, 0, errors.New("truncated large size")
		}
		if _, err := r.ReadAt(b[8:16], off+8); err != nil {
			return "", 0, 0, err
		}
		u := binary.BigEndian.Uint64(b[8:16])
		if u > math.MaxInt64 {
			return "", 0, 0, fmt.Errorf("box %q: size %d", printable(typ), u)
		}
		size, hdr = int64(u), 16
	}
	if size < hdr || size > fileSize-off {
		return "", 0, 0, fmt.Errorf("box %q: size %d, %d bytes left", printable(typ), size, fileSize-off)
	}
	return typ, hdr, size, nil
}

// boxes splits b into its child boxes; a malformed tail ends the list with an error.
func boxes(b []byte) (out []box, err error) {
	for len(b) > 0 {
		if len(b) < 8 {
			return out, errors.New("truncated box header")
		}
		size, hdr := uint64(binary.BigEndian.Uint32(b[:4])), uint64(8)
		typ := string(b[4:8])
		switch size {
		case 0:
			size = uint64(len(b))
		case 1:
			if len(b) < 16 {
				return out, errors.New("truncated large size")
			}
			size, hdr = binary.BigEndian.Uint64(b[8:16]), 16
		}
		if size < hdr || size > uint64(len(b)) {
			return out, fmt.Errorf("box %q: size %d, %d bytes left", printable(typ), size, len(b))
		}
		out = append(out, box{typ: typ, body: b[hdr:size]})
		b = b[size:]
	}
	return out, nil
}

type box struct {
	typ  string
	body []byte
}

// videoMeta collects what the movie box holds, then decides (apply) which value wins.
type videoMeta struct {
	created   time.Time // mvhd
	timescale uint32
	duration  uint64
	width     int
	height    int
	udta      map[string]string // '©xyz', '©mak', '©mod', '©swr', '©day'
	keys      map[string]string // mdta keys: com.apple.quicktime.*
}

// walk reads the boxes of b (the body of a box of type parent) at nesting depth d.
func (v *videoMeta) walk(b []byte, d int, parent string, info *Info) {
	if d > maxDepth {
		info.Warnings = append(info.Warnings, "mp4: boxes nested too deep")
		return
	}
	bs, err := boxes(b)
	if err != nil {
		info.Warnings = append(info.Warnings, fmt.Sprintf("mp4: in %s: %v", printable(parent), err))
	}
	for _, c := range bs {
		switch c.typ {
		case "mvhd":
			v.mvhd(c.body, info)
		case "trak", "mdia", "minf", "stbl", "edts":
			v.walk(c.body, d+1, c.typ, info)
		case "tkhd":
			v.tkhd(c.body)
		case "udta":
			v.walk(c.body, d+1, c.typ, info)
		case "meta":
			v.meta(c.body, info)
		default:
			if parent == "udta" && len(c.typ) == 4 && c.typ[0] == 0xA9 {
				if s, ok := udtaText(c.body); ok {
					if v.udta == nil {
						v.udta = map[string]string{}
					}
					if _, seen := v.udta[c.typ[1:]]; !seen {
						v.udta[c.typ[1:]] = s
					}
				}
			}
		}
	}
}

// mvhd reads the movie header: creation time, time scale and duration.
func (v *videoMeta) mvhd(b []byte, info *Info) {
	if len(b) < 4 {
		return
	}
	var ctime, dur uint64
	var scale uint32
	switch b[0] {
	case 0:
		if len(b) < 20 {
			return
		}
		ctime, scale, dur = uint64(binary.BigEndian.Uint32(b[4:])), binary.BigEndian.Uint32(b[12:]), uint64(binary.BigEndian.Uint32(b[16:]))
	case 1:
		if len(b) < 32 {
			return
		}
		ctime, scale, dur = binary.BigEndian.Uint64(b[4:]), binary.BigEndian.Uint32(b[20:]), binary.BigEndian.Uint64(b[24:])
	default:
		info.Warnings = append(info.Warnings, fmt.Sprintf("mp4: movie header version %d", b[0]))
		return
	}
	if ctime > 0 && ctime < 9e9 { // 0: not set; 9e9 s is past 2189 (and a Duration holds it)
		v.created = mac1904.Add(time.Duration(ctime) * time.Second)
	}
	v.timescale, v.duration = scale, dur
}

// tkhd reads a track header's width and height (16.16 fixed point, the last 8 bytes of the
// header in both versions); the largest track with a picture wins.
func (v *videoMeta) tkhd(b []byte) {
	if len(b) < 1 {
		return
	}
	n, ok := map[byte]int{0: 84, 1: 96}[b[0]]
	if !ok || len(b) < n {
		return
	}
	w, h := int(binary.BigEndian.Uint32(b[n-8:])>>16), int(binary.BigEndian.Uint32(b[n-4:])>>16)
	if w*h > v.width*v.height {
		v.width, v.height = w, h
	}
}

// meta reads a metadata box: QuickTime's ('hdlr' mdta, 'keys', 'ilst' indexed by key) or the
// ISO/iTunes form (a full box whose 'ilst' items are typed '©day', '©too', …).
func (v *videoMeta) meta(b []byte, info *Info) {
	// ISO's meta is a full box (version and flags before the children); QuickTime's is not.
	if len(b) >= 4 && binary.BigEndian.Uint32(b[:4]) == 0 {
		b = b[4:]
	}
	bs, err := boxes(b)
	if err != nil {
		info.Warnings = append(info.Warnings, fmt.Sprintf("mp4: in meta: %v", err))
	}
	var keys []string
	for _, c := range bs {
		if c.typ == "keys" && len(c.body) >= 8 {
			keys = mdtaKeys(c.body[8:], binary.BigEndian.Uint32(c.body[4:8]))
		}
	}
	for _, c := range bs {
		if c.typ != "ilst" {
			continue
		}
		items, err := boxes(c.body)
		if err != nil {
			info.Warnings = append(info.Warnings, fmt.Sprintf("mp4: in ilst: %v", err))
		}
		for _, it := range items {
			val, ok := dataText(it.body)
			if !ok {
				continue
			}
			name := it.typ
			if idx := binary.BigEndian.Uint32([]byte(it.typ)); keys != nil && idx >= 1 && int(idx) <= len(keys) {
				name = keys[idx-1]
			} else if len(name) == 4 && name[0] == 0xA9 {
				// iTunes-style item: store as the user-data atom of the same name.
				if v.udta == nil {
					v.udta = map[string]string{}
				}
				if _, seen := v.udta[name[1:]]; !seen {
					v.udta[name[1:]] = val
				}
				continue
			}
			if v.keys == nil {
				v.keys = map[string]string{}
			}
			if _, seen := v.keys[name]; !seen {
				v.keys[name] = val
			}
		}
	}
}

// mdtaKeys reads a 'keys' box's entries (after version, flags and count).
func mdtaKeys(b []byte, count uint32) []string {
	var keys []string
	for i := uint32(0); i < count && len(b) >= 8; i++ {
		n := binary.BigEndian.Uint32(b[:4])
		if n < 8 || uint64(n) > uint64(len(b)) {
			break
		}
		keys = append(keys, printable(string(b[8:n])))
		b = b[n:]
	}
	return keys
}

// dataText reads the first UTF-8 'data' box of a metadata item.
func dataText(b []byte) (string, bool) {
	bs, _ := boxes(b)
	for _, c := range bs {
		// type indicator: 1 = UTF-8 (after a 1-byte type set); then 4 bytes of locale.
		if c.typ == "data" && len(c.body) >= 8 && c.body[0] == 0 && c.body[1] == 0 && c.body[2] == 0 && c.body[3] == 1 {
			return cleanValue(string(c.body[8:]))
		}
	}
	return "", false
}

// udtaText reads a QuickTime user-data text atom: a 16-bit length and language, then the
// text; some writers put a 'data' box there instead.
func udtaText(b []byte) (string, bool) {
	if s, ok := dataText(b); ok {
		return s, true
	}
	if len(b) < 4 {
		return "", false
	}
	n := int(binary.BigEndian.Uint16(b[:2]))
	if n == 0 || n > len(b)-4 {
		return "", false
	}
	return cleanValue(string(b[4 : 4+n]))
}

// cleanValue is a metadata text made safe to record: valid UTF-8, no control characters, at
// most 1,024 bytes.
func cleanValue(s string) (string, bool) {
	s = printable(s)
	if len(s) > 1024 {
		s = strings.ToValidUTF8(s[:1024], "")
	}
	return s, s != ""
}

// printable drops control characters and invalid UTF-8 and trims blanks.
func printable(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// apply decides the info's fields from what the movie box held: the QuickTime keys first (they
// carry a time zone), then the user-data atoms, then the movie header.
func (v *videoMeta) apply(info *Info) {
	info.Width, info.Height = v.width, v.height
	if v.timescale > 0 && v.duration > 0 && v.duration != math.MaxUint64 && v.duration != math.MaxUint32 {
		info.Duration = float64(v.duration) / float64(v.timescale)
	}
	pick := func(key, udta string) (string, string) {
		if s := v.keys["com.apple.quicktime."+key]; s != "" {
			return s, "com.apple.quicktime." + key
		}
		if s := v.udta[udta]; s != "" {
			return s, "©" + udta
		}
		return "", ""
	}
	info.Make, _ = pick("make", "mak")
	info.Model, _ = pick("model", "mod")
	info.Software, _ = pick("software", "swr")
	if info.Software == "" {
		info.Software = v.udta["too"] // encoder (iTunes-style ©too)
	}
	if s, from := pick("creationdate", "day"); s != "" {
		info.Taken, info.TakenFrom = s, from
	} else if !v.created.IsZero() {
		info.Taken, info.TakenFrom = v.created.Format(time.RFC3339), "mvhd creation time (UTC)"
	}
	if s, from := pick("location.ISO6709", "xyz"); s != "" {
		if loc, ok := ISO6709(s); ok {
			loc.From = from
			info.GPS = loc
		} else {
			info.Warnings = append(info.Warnings, fmt.Sprintf("mp4: location %q (%s) is not ISO 6709", s, from))
		}
	}
}

var iso6709RE = regexp.MustCompile(`^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?(?:CRS[A-Za-z0-9_:.]*)?/?$`)

// ISO6709 parses a point as ISO 6709 writes it in video metadata ("+37.5090+127.0620+011.000/"):
// latitude in degrees (±DD.D), degrees and minutes (±DDMM.M) or degrees, minutes and seconds
// (±DDMMSS.S), longitude likewise with three digits of degrees, an optional altitude in metres.
func ISO6709(s string) (*Location, bool) {
	m := iso6709RE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return nil, false
	}
	lat, ok1 := iso6709Angle(m[1], 2)
	lon, ok2 := iso6709Angle(m[2], 3)
	if !ok1 || !ok2 || !validLatLon(lat, lon) {
		return nil, false
	}
	loc := &Location{Lat: lat, Lon: lon, Raw: strings.TrimSpace(s)}
	if m[3] != "" {
		if a, err := strconv.ParseFloat(m[3], 64); err == nil {
			loc.Alt = &a
		}
	}
	return loc, true
}

// iso6709Angle reads one signed angle with deg digits of degrees.
func iso6709Angle(s string, deg int) (float64, bool) {
	sign := 1.0
	if s[0] == '-' {
		sign = -1
	}
	s = s[1:]
	intPart, frac, _ := strings.Cut(s, ".")
	if frac != "" {
		frac = "." + frac
	}
	parse := func(p string) float64 { f, _ := strconv.ParseFloat(p, 64); return f }
	switch len(intPart) {
	case deg: // degrees
		return sign * parse(intPart+frac), true
	case deg + 2: // degrees and minutes
		mins := parse(intPart[deg:] + frac)
		if mins >= 60 {
			return 0, false
		}
		return sign * (parse(intPart[:deg]) + mins/60), true
	case deg + 4: // degrees, minutes, seconds
		mins, secs := parse(intPart[deg:deg+2]), parse(intPart[deg+2:]+frac)
		if mins >= 60 || secs >= 60 {
			return 0, false
		}
		return sign * (parse(intPart[:deg]) + mins/60 + secs/3600), true
	}
	return 0, false
}
