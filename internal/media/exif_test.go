package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"
	"testing"

	mt "dossier/internal/media/mediatest"
)

func jpegWithExif(t *testing.T, tiff []byte) []byte {
	t.Helper()
	b, err := mt.JPEG(tiff)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImage(t *testing.T) {
	gps := mt.GPS()
	alt := -2.5
	lat, lon := 26+34.0/60+51.39/3600, -(80 + 3.0/60 + 13.68/3600)
	tests := []struct {
		name string
		tiff []byte
		want Info
	}{
		{"no time zone recorded", mt.Photo([]mt.Entry{mt.ASCII(0x9003, "2018:04:28 21:23:12")}, gps), Info{Kind: "image",
			Taken: "2018-04-28T21:23:12", TakenFrom: "EXIF DateTimeOriginal", Make: "samsung", Model: "SM-N920T", Software: "GIMP 2.8.20",
			GPS: &Location{Lat: lat, Lon: lon, Alt: &alt, Raw: "26/1 34/1 5139/100 N, 80/1 3/1 1368/100 W", From: "EXIF GPS"}}},
		{"with its offset", mt.Photo([]mt.Entry{mt.ASCII(0x9003, "2018:04:28 21:23:12"), mt.ASCII(0x9011, "+03:00")}, gps[:1]), Info{Kind: "image",
			Taken: "2018-04-28T21:23:12+03:00", TakenFrom: "EXIF DateTimeOriginal", Make: "samsung", Model: "SM-N920T", Software: "GIMP 2.8.20"}},
		{"blank original time: the file's own time", mt.Photo([]mt.Entry{mt.ASCII(0x9003, "0000:00:00 00:00:00")}, gps[:1]), Info{Kind: "image",
			Taken: "2018-06-09T01:07:30", TakenFrom: "EXIF DateTime (last modified)", Make: "samsung", Model: "SM-N920T", Software: "GIMP 2.8.20",
			Warnings: []string{`exif: DateTimeOriginal "0000:00:00 00:00:00" is not a date and time`}}},
		{"latitude without its reference", mt.Photo([]mt.Entry{mt.ASCII(0x9003, "2018:04:28 21:23:12")}, append([]mt.Entry{gps[0]}, gps[2:]...)), Info{Kind: "image",
			Taken: "2018-04-28T21:23:12", TakenFrom: "EXIF DateTimeOriginal", Make: "samsung", Model: "SM-N920T", Software: "GIMP 2.8.20",
			Warnings: []string{"exif: GPS latitude without N or S"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Image(bytes.NewReader(jpegWithExif(t, tc.tiff)))
			if err != nil {
				t.Fatal(err)
			}
			if g, w := got.GPS, tc.want.GPS; g != nil && w != nil && (abs(g.Lat-w.Lat) > 1e-9 || abs(g.Lon-w.Lon) > 1e-9) {
				t.Fatalf("GPS %v, want %v", g, w)
			} else if g != nil && w != nil {
				g.Lat, g.Lon = w.Lat, w.Lon
			}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Fatalf("got  %+v (GPS %+v)\nwant %+v (GPS %+v)", *got, got.GPS, tc.want, tc.want.GPS)
			}
		})
	}
	m := (&Info{Kind: "image", Taken: "2018-04-28T21:23:12", GPS: &Location{Lat: lat, Lon: lon, Alt: &alt, From: "EXIF GPS"}}).Meta("image.")
	want := map[string]string{"image.taken": "2018-04-28T21:23:12", "image.gps": "26.580942,-80.053800", "image.gps_altitude": "-2.5", "image.gps_from": "EXIF GPS"}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("meta %v, want %v", m, want)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestImageWithoutMetadata(t *testing.T) {
	for name, b := range map[string][]byte{"plain jpeg": jpegWithExif(t, nil), "text": []byte("not an image"), "empty": nil} {
		if _, err := Image(bytes.NewReader(b)); !errors.Is(err, ErrNoMetadata) {
			t.Errorf("%s: %v, want ErrNoMetadata", name, err)
		}
	}
	// An entry claiming more bytes than the block holds is skipped, the rest read: the reader
	// never allocates what a count claims (a 12-byte entry claiming 3.8 GB once cost seconds).
	huge := mt.TIFF([]mt.Entry{{Tag: 0x010f, Type: 2, Count: 0xE4000300, Val: []byte("abc\x00")}, mt.ASCII(0x0110, "X100")})
	if info, err := Image(bytes.NewReader(jpegWithExif(t, huge))); err != nil || info.Make != "" || info.Model != "X100" {
		t.Fatalf("entry with a huge count: %+v, %v", info, err)
	}
	// A broken EXIF block is an error, not a panic.
	bad := jpegWithExif(t, []byte("MM\x00\x2a\x00\x00\xff\xff garbage"))
	if info, err := Image(bytes.NewReader(bad)); err == nil && info.Make != "" {
		t.Fatalf("garbage EXIF read as %+v", info)
	}
}

// FuzzImage: no input makes Image panic or report a position off the globe.
func FuzzImage(f *testing.F) {
	f.Add(mt.Photo([]mt.Entry{mt.ASCII(0x9003, "2018:04:28 21:23:12")}, []mt.Entry{mt.ASCII(0x0001, "S"), mt.Rationals(0x0002, 26, 1, 34, 1, 5139, 100),
		mt.ASCII(0x0003, "E"), mt.Rationals(0x0004, 80, 1, 3, 1, 1368, 100)}))
	f.Add([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := Image(bytes.NewReader(append([]byte("\xff\xd8\xff\xe1\x00\x00Exif\x00\x00"), b...)))
		if err != nil {
			return
		}
		if g := info.GPS; g != nil && !validLatLon(g.Lat, g.Lon) {
			t.Fatalf("position off the globe: %+v", g)
		}
		_ = info.Meta("image.")
	})
}

// The EXIF block is found in a TIFF file, a PNG's eXIf chunk and behind the "Exif" marker of
// other containers (WebP, HEIC), not only in JPEG.
func TestFindExif(t *testing.T) {
	tiff := mt.TIFF([]mt.Entry{mt.ASCII(0x010f, "Canon")})
	png := append([]byte("\x89PNG\r\n\x1a\n"), binary.BigEndian.AppendUint32(nil, uint32(len(tiff)))...)
	png = append(append(append(png, "eXIf"...), tiff...), 0, 0, 0, 0)
	webp := append(append([]byte("RIFF\x00\x00\x00\x00WEBPEXIF\x00\x00\x00\x00"), "Exif\x00\x00"...), tiff...)
	for name, b := range map[string][]byte{"tiff": tiff, "png": png, "webp": webp, "jpeg": jpegWithExif(t, tiff)} {
		info, err := Image(bytes.NewReader(b))
		if err != nil || info.Make != "Canon" {
			t.Errorf("%s: %+v, %v", name, info, err)
		}
	}
}

// Some writers give the Exif and GPS pointers the IFD type (13) rather than LONG: followed too.
func TestExifIFDTypedPointers(t *testing.T) {
	ifd0 := []mt.Entry{mt.ASCII(0x010f, "Canon"), {Tag: 0x8769, Type: 13, Count: 1, Ptr: 1}, {Tag: 0x8825, Type: 13, Count: 1, Ptr: 2}}
	b := mt.TIFF(ifd0, []mt.Entry{mt.ASCII(0x9003, "2019:12:06 05:01:47")}, mt.GPS())
	info, err := Image(bytes.NewReader(b))
	if err != nil || info.Taken != "2019-12-06T05:01:47" || info.GPS == nil {
		t.Fatalf("%+v, %v", info, err)
	}
}
