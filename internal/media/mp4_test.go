package media

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"testing"

	mt "dossier/internal/media/mediatest"
)

func TestVideo(t *testing.T) {
	secs1904 := uint32(3813904925) // 2024-11-08T10:02:05Z
	alt := 11.0
	iphone := mt.PhoneMOV("2024-11-08T13:02:05+0300")
	// An Android phone: 64-bit sizes and times, a large mdat before the movie box, '©xyz'.
	mdat := append(mt.U32(1), "mdat"...)
	mdat = append(append(mdat, mt.U64(16+64)...), make([]byte, 64)...)
	android := bytes.Join([][]byte{
		mt.Box("ftyp", []byte("mp42"), mt.U32(0), []byte("isommp42")),
		mdat,
		mt.Box("moov", mt.MovieHeader1(uint64(secs1904), 1000, 4500), mt.Box("trak", mt.TrackHeader(1, 1280, 720)),
			mt.Box("udta", mt.UserDataText("xyz", "+48.8577+002.2950/"), mt.UserDataText("mak", "Google"))),
	}, nil)
	tests := []struct {
		name string
		file []byte
		want Info
	}{
		{"quicktime from a phone", iphone, Info{Kind: "video", Format: "quicktime", Brand: "qt", Width: 1920, Height: 1080, Duration: 10,
			Taken: "2024-11-08T13:02:05+0300", TakenFrom: "com.apple.quicktime.creationdate", Make: "Apple", Model: "iPhone 15", Software: "17.1",
			GPS: &Location{Lat: 50.4501, Lon: 30.5234, Alt: &alt, Raw: "+50.4501+030.5234+011.000/", From: "com.apple.quicktime.location.ISO6709"}}},
		{"mp4 with 64-bit boxes and user data", android, Info{Kind: "video", Format: "mp4", Brand: "mp42", Width: 1280, Height: 720, Duration: 4.5,
			Taken: "2024-11-08T10:02:05Z", TakenFrom: "mvhd creation time (UTC)", Make: "Google",
			GPS: &Location{Lat: 48.8577, Lon: 2.295, Raw: "+48.8577+002.2950/", From: "©xyz"}}},
		{"no movie box", mt.Box("ftyp", []byte("isom"), mt.U32(0)), Info{Kind: "video", Format: "mp4", Brand: "isom", Warnings: []string{"mp4: no movie box (moov)"}}},
		{"movie box cut short", append(mt.Box("ftyp", []byte("isom"), mt.U32(0)), mt.Box("moov", mt.MovieHeader0(0, 1000, 2000))[:50]...),
			Info{Kind: "video", Format: "mp4", Brand: "isom", Warnings: []string{"mp4: box at 16: box \"moov\": size 116, 50 bytes left", "mp4: no movie box (moov)"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Video(bytes.NewReader(tc.file), int64(len(tc.file)))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Fatalf("got  %+v (GPS %+v)\nwant %+v (GPS %+v)", *got, got.GPS, tc.want, tc.want.GPS)
			}
		})
	}
}

func TestVideoRefusesOtherFiles(t *testing.T) {
	for name, b := range map[string][]byte{
		"png":      []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"empty":    nil,
		"short":    []byte("abc"),
		"text":     []byte("hello world, this is not a video at all"),
		"big size": append(mt.U32(math.MaxUint32), "ftyp"...),
	} {
		if _, err := Video(bytes.NewReader(b), int64(len(b))); !errors.Is(err, ErrNotVideo) {
			t.Errorf("%s: %v, want ErrNotVideo", name, err)
		}
	}
}

func TestISO6709(t *testing.T) {
	tests := []struct {
		in       string
		lat, lon float64
		alt      float64 // NaN: none
		ok       bool
	}{
		{"+37.5090+127.0620+011.000/", 37.509, 127.062, 11, true},
		{"-33.8688+151.2093/", -33.8688, 151.2093, math.NaN(), true},
		{"+4851.462+00217.700/", 48.8577, 2.295, math.NaN(), true},           // degrees and minutes
		{"+404530.0-0735957.0/", 40.758333, -73.999167, math.NaN(), true},    // degrees, minutes, seconds
		{"+35.6895+139.6917CRSWGS_84/", 35.6895, 139.6917, math.NaN(), true}, // a named reference system
		{"+91.0000+000.0000/", 0, 0, 0, false},
		{"+37.5,+127.0/", 0, 0, 0, false},
		{"37.5090 127.0620", 0, 0, 0, false},
		{"+4875.000+00217.700/", 0, 0, 0, false}, // 75 minutes
		{"", 0, 0, 0, false},
	}
	for _, tc := range tests {
		loc, ok := ISO6709(tc.in)
		if ok != tc.ok {
			t.Errorf("%q: ok %v, want %v", tc.in, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		if math.Abs(loc.Lat-tc.lat) > 1e-6 || math.Abs(loc.Lon-tc.lon) > 1e-6 {
			t.Errorf("%q: %f,%f, want %f,%f", tc.in, loc.Lat, loc.Lon, tc.lat, tc.lon)
		}
		if (loc.Alt == nil) != math.IsNaN(tc.alt) || (loc.Alt != nil && *loc.Alt != tc.alt) {
			t.Errorf("%q: altitude %v, want %v", tc.in, loc.Alt, tc.alt)
		}
	}
}

// FuzzVideo: no input makes Video panic, read past the file, or report an impossible value.
func FuzzVideo(f *testing.F) {
	f.Add(bytes.Join([][]byte{mt.Box("ftyp", []byte("qt  "), mt.U32(0)), mt.Box("moov", mt.MovieHeader0(1, 600, 6000), mt.Box("trak", mt.TrackHeader(0, 640, 480)),
		mt.QuickTimeMeta("com.apple.quicktime.location.ISO6709", "+50.4501+030.5234/"), mt.Box("udta", mt.UserDataText("mak", "x")))}, nil))
	f.Add(mt.Box("ftyp", []byte("isom")))
	f.Add(append(mt.U32(1), "mdat\x00\x00\x00\x00\x00\x00\x00\x10"...))
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := Video(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		if info.Duration < 0 || info.Width < 0 || info.Height < 0 {
			t.Fatalf("impossible values: %+v", info)
		}
		if g := info.GPS; g != nil && !validLatLon(g.Lat, g.Lon) {
			t.Fatalf("position off the globe: %+v", g)
		}
		_ = info.Meta("video.")
	})
}

func TestSummary(t *testing.T) {
	alt := 11.0
	tests := []struct {
		info Info
		want string
	}{
		{Info{Kind: "image", Taken: "2018-04-28T21:23:12", Make: "samsung", Model: "SM-N920T", GPS: &Location{Lat: 26.586667, Lon: -80.053611}},
			"taken 2018-04-28T21:23:12 (no time zone recorded) · samsung SM-N920T · GPS 26.586667,-80.053611"},
		{Info{Kind: "image", Taken: "2018-04-28T21:23:12-05:00"}, "taken 2018-04-28T21:23:12-05:00"},
		{Info{Kind: "video", Taken: "2024-11-08T13:02:05+0300", Make: "Apple", Model: "iPhone 15", Software: "17.1",
			GPS: &Location{Lat: 50.4501, Lon: 30.5234, Alt: &alt}, Width: 1920, Height: 1080, Duration: 10},
			"taken 2024-11-08T13:02:05+0300 · Apple iPhone 15 · software 17.1 · GPS 50.450100,30.523400, altitude 11.0 m · 1920×1080 · 10.0 s"},
		{Info{Kind: "image", Make: "Canon", Model: "Canon EOS 5D Mark III"}, "Canon EOS 5D Mark III"},
		{Info{Kind: "video"}, ""},
	}
	for _, tc := range tests {
		if got := tc.info.Summary(); got != tc.want {
			t.Errorf("Summary() = %q, want %q", got, tc.want)
		}
	}
}
