// Package mediatest builds small photographs and videos with embedded metadata, for tests: a
// JPEG with an EXIF block, and MP4/QuickTime files of boxes, laid out byte by byte as cameras
// and phones write them.
package mediatest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
)

// Box builds an ISO BMFF box of type typ around body.
func Box(typ string, body ...[]byte) []byte {
	b := bytes.Join(body, nil)
	out := binary.BigEndian.AppendUint32(nil, uint32(8+len(b)))
	return append(append(out, typ...), b...)
}

// U32 and U64 are big-endian integers.
func U32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func U64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// MovieHeader0 is a version-0 'mvhd': creation time (seconds since 1904), time scale, duration.
func MovieHeader0(ctime, scale, dur uint32) []byte {
	return Box("mvhd", U32(0), U32(ctime), U32(ctime), U32(scale), U32(dur), make([]byte, 80))
}

// MovieHeader1 is a version-1 (64-bit) 'mvhd'.
func MovieHeader1(ctime uint64, scale uint32, dur uint64) []byte {
	return Box("mvhd", U32(1<<24), U64(ctime), U64(ctime), U32(scale), U64(dur), make([]byte, 80))
}

// TrackHeader is a 'tkhd' of the version given with a picture of w×h.
func TrackHeader(version byte, w, h uint32) []byte {
	n := map[byte]int{0: 84, 1: 96}[version]
	b := make([]byte, n)
	b[0] = version
	binary.BigEndian.PutUint32(b[n-8:], w<<16)
	binary.BigEndian.PutUint32(b[n-4:], h<<16)
	return Box("tkhd", b)
}

// UserDataText is a QuickTime user-data text atom ('©xyz' for name "xyz").
func UserDataText(name, text string) []byte {
	return Box("\xa9"+name, binary.BigEndian.AppendUint16(nil, uint16(len(text))), []byte{0x15, 0xc7}, []byte(text))
}

// QuickTimeMeta is QuickTime metadata ('hdlr' mdta, 'keys', 'ilst' items indexed by key) of
// key, value pairs.
func QuickTimeMeta(kv ...string) []byte {
	var keys, items [][]byte
	for i := 0; i+1 < len(kv); i += 2 {
		keys = append(keys, U32(uint32(8+len(kv[i]))), []byte("mdta"), []byte(kv[i]))
		items = append(items, Box(string(U32(uint32(i/2+1))), Box("data", U32(1), U32(0), []byte(kv[i+1]))))
	}
	return Box("meta",
		Box("hdlr", U32(0), U32(0), []byte("mdta"), make([]byte, 12), []byte{0}),
		Box("keys", U32(0), U32(uint32(len(kv)/2)), bytes.Join(keys, nil)),
		Box("ilst", items...))
}

// PhoneMOV is a QuickTime movie as a phone writes it: 10 s of 1920×1080 recorded at
// creationdate in Kyiv (50.4501, 30.5234, 11 m).
func PhoneMOV(creationdate string) []byte {
	return bytes.Join([][]byte{
		Box("ftyp", []byte("qt  "), U32(0), []byte("qt  ")),
		Box("wide"),
		Box("mdat", make([]byte, 100)),
		Box("moov",
			MovieHeader0(3813904925, 600, 6000),
			Box("trak", TrackHeader(0, 0, 0), Box("mdia")), // sound
			Box("trak", TrackHeader(0, 1920, 1080)),
			QuickTimeMeta("com.apple.quicktime.location.ISO6709", "+50.4501+030.5234+011.000/",
				"com.apple.quicktime.make", "Apple", "com.apple.quicktime.model", "iPhone 15",
				"com.apple.quicktime.software", "17.1", "com.apple.quicktime.creationdate", creationdate)),
	}, nil)
}

// Entry is one TIFF directory entry; Ptr > 0 makes its value the offset of directory Ptr.
type Entry struct {
	Tag, Type uint16
	Count     uint32
	Val       []byte
	Ptr       int
}

// ASCII is an ASCII entry (NUL-terminated).
func ASCII(tag uint16, s string) Entry {
	return Entry{Tag: tag, Type: 2, Count: uint32(len(s) + 1), Val: append([]byte(s), 0)}
}

// Rationals is a RATIONAL entry of numerator, denominator pairs.
func Rationals(tag uint16, r ...uint32) Entry {
	var b []byte
	for _, v := range r {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return Entry{Tag: tag, Type: 5, Count: uint32(len(r) / 2), Val: b}
}

// TIFF lays out the directories one after the other (big-endian), each with its values.
func TIFF(ifds ...[]Entry) []byte {
	offs := make([]int, len(ifds))
	pos := 8
	for i, es := range ifds {
		offs[i] = pos
		pos += 2 + 12*len(es) + 4
		for _, e := range es {
			if len(e.Val) > 4 {
				pos += len(e.Val) + len(e.Val)%2
			}
		}
	}
	b := make([]byte, pos)
	copy(b, "MM\x00\x2a\x00\x00\x00\x08")
	be := binary.BigEndian
	for i, es := range ifds {
		p := offs[i]
		be.PutUint16(b[p:], uint16(len(es)))
		data := p + 2 + 12*len(es) + 4
		for j, e := range es {
			q := p + 2 + 12*j
			be.PutUint16(b[q:], e.Tag)
			be.PutUint16(b[q+2:], e.Type)
			be.PutUint32(b[q+4:], e.Count)
			val := e.Val
			if e.Ptr > 0 {
				val = be.AppendUint32(nil, uint32(offs[e.Ptr]))
			}
			if len(val) <= 4 {
				copy(b[q+8:], val)
				continue
			}
			be.PutUint32(b[q+8:], uint32(data))
			copy(b[data:], val)
			data += len(val) + len(val)%2
		}
	}
	return b
}

// Photo is a camera's EXIF: IFD0 (samsung SM-N920T, GIMP, modified 2018-06-09 01:07:30, with
// pointers to the Exif and GPS directories), then exif and gps.
func Photo(exif, gps []Entry) []byte {
	ifd0 := []Entry{ASCII(0x010f, "samsung"), ASCII(0x0110, "SM-N920T"), ASCII(0x0131, "GIMP 2.8.20"), ASCII(0x0132, "2018:06:09 01:07:30"),
		{Tag: 0x8769, Type: 4, Count: 1, Ptr: 1}, {Tag: 0x8825, Type: 4, Count: 1, Ptr: 2}}
	return TIFF(ifd0, exif, gps)
}

// GPS is a GPS directory at 26°34'51.39"N 80°03'13.68"W, 2.5 m below sea level.
func GPS() []Entry {
	return []Entry{
		{Tag: 0x0000, Type: 1, Count: 4, Val: []byte{2, 2, 0, 0}},
		ASCII(0x0001, "N"), Rationals(0x0002, 26, 1, 34, 1, 5139, 100),
		ASCII(0x0003, "W"), Rationals(0x0004, 80, 1, 3, 1, 1368, 100),
		{Tag: 0x0005, Type: 1, Count: 1, Val: []byte{1}}, Rationals(0x0006, 25, 10),
	}
}

// JPEG is an 8×8 JPEG whose APP1 segment holds the EXIF block tiff (none when nil).
func JPEG(tiff []byte) ([]byte, error) {
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.Gray{200})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		return nil, err
	}
	if tiff == nil {
		return buf.Bytes(), nil
	}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := append([]byte{0xFF, 0xE1}, binary.BigEndian.AppendUint16(nil, uint16(len(app1)+2))...)
	return append(append([]byte{0xFF, 0xD8}, append(seg, app1...)...), buf.Bytes()[2:]...), nil
}

// HEIF is a HEIF photograph's boxes as phones write them: the file type, and a metadata box
// whose item properties give the picture's size (w×h) and a thumbnail's (w/8×h/8); no pixels.
func HEIF(w, h uint32) []byte {
	ispe := func(w, h uint32) []byte { return Box("ispe", U32(0), U32(w), U32(h)) }
	return bytes.Join([][]byte{
		Box("ftyp", []byte("heic"), U32(0), []byte("mif1heic")),
		Box("meta", U32(0),
			Box("hdlr", U32(0), U32(0), []byte("pict"), make([]byte, 12), []byte{0}),
			Box("iprp", Box("ipco", ispe(w/8, h/8), ispe(w, h)), Box("ipma", U32(0), U32(0)))),
		Box("mdat", make([]byte, 32)),
	}, nil)
}
