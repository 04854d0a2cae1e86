// Package media reads the metadata that photographs and videos carry inside them, for the
// evidence locker (`dossier add`): when the picture or clip says it was made, with what camera
// or phone and software, where (GPS), and its dimensions and duration. The Berkeley Protocol asks
// investigators to record a file's embedded metadata beside the preserved original; dossier
// records it in the capture's meta, as read, and never changes the file.
//
// Images: EXIF (the TIFF directories behind JPEG's APP1 "Exif" segment, a TIFF file's own, or
// the "Exif" block PNG, WebP and HEIC files embed) is read by hand in exif.go, for the dozen tags
// recorded here. The maintained Go EXIF readers decode every tag and trust its counts: with
// github.com/dsoprea/go-exif/v3 a crafted 12-byte entry claiming 3.8 GB of text cost up to 5 s a
// file (found by FuzzImage), and evidence files come from adversaries. Every count and offset is
// checked against the block before it is used. A time the camera recorded without a time zone
// stays without one ("2018-04-28T21:23:12") and gets its offset only when the file gives it
// (OffsetTimeOriginal).
//
// Videos: MP4 and QuickTime (the ISO base media file format) are read by hand in mp4.go. No
// maintained Go reader of those boxes can be had here (github.com/abema/go-mp4 is refused by the
// module proxy), and what is needed is small: the file type, the movie and track headers, and
// the user-data and metadata atoms where phones and cameras write the place, the device and the
// date.
//
// Nothing here trusts the file: sizes are checked against the file, reads are bounded, and
// malformed metadata gives an error or a warning, never a panic.
package media

import (
	"strconv"
	"strings"
)

// Info is what a photograph or video says about itself.
type Info struct {
	Kind     string  // "image" or "video"
	Format   string  // "mp4", "quicktime"; for images the caller's decoder names it
	Brand    string  // a video's major brand (ftyp), e.g. "isom", "qt  "
	Width    int     // pixels (video: the largest video track)
	Height   int     //
	Duration float64 // seconds (video)
	// Taken is when the file says the picture or clip was made, as recorded: RFC 3339 with an
	// offset when the file gives one, a local date and time without a zone when it does not
	// (EXIF without OffsetTimeOriginal), UTC for a movie header's time (the format defines it
	// so, though some cameras write local time there). TakenFrom names the field it came from.
	Taken     string
	TakenFrom string
	Make      string
	Model     string
	Software  string
	GPS       *Location
	Warnings  []string // metadata that was there but could not be read
}

// Location is a recorded position: latitude and longitude in decimal degrees (WGS 84), the
// altitude in metres when given, the value as recorded and where it was found.
type Location struct {
	Lat, Lon float64
	Alt      *float64
	Raw      string // e.g. "+37.5090+127.0620+011.000/" (ISO 6709) or EXIF's rationals
	From     string // "EXIF GPS", "©xyz", "com.apple.quicktime.location.ISO6709"
}

// String is "lat,lon" with six decimals (about 0.1 m).
func (l Location) String() string {
	return strconv.FormatFloat(l.Lat, 'f', 6, 64) + "," + strconv.FormatFloat(l.Lon, 'f', 6, 64)
}

// Meta flattens the info into capture meta keys under prefix ("image." or "video."): only
// what was found. Warnings are the caller's to record.
func (i *Info) Meta(prefix string) map[string]string {
	m := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			m[prefix+k] = v
		}
	}
	set("format", i.Format)
	set("brand", i.Brand)
	if i.Width > 0 && i.Height > 0 {
		set("width", strconv.Itoa(i.Width))
		set("height", strconv.Itoa(i.Height))
	}
	if i.Duration > 0 {
		set("duration", strconv.FormatFloat(i.Duration, 'f', 3, 64))
	}
	set("taken", i.Taken)
	set("taken_from", i.TakenFrom)
	set("make", i.Make)
	set("model", i.Model)
	set("software", i.Software)
	if g := i.GPS; g != nil {
		set("gps", g.String())
		if g.Alt != nil {
			set("gps_altitude", strconv.FormatFloat(*g.Alt, 'f', 1, 64))
		}
		set("gps_raw", g.Raw)
		set("gps_from", g.From)
	}
	return m
}

// validLatLon reports a position on the globe.
func validLatLon(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

// Summary says in one line what the file records: when (and that no time zone was recorded,
// when none was), the device, the place, the picture size and the duration.
func (i *Info) Summary() string {
	var parts []string
	if i.Taken != "" {
		t := "taken " + i.Taken
		if i.Kind == "image" && !zoned(i.Taken) {
			t += " (no time zone recorded)"
		}
		parts = append(parts, t)
	}
	dev := strings.TrimSpace(i.Make + " " + i.Model)
	if i.Make != "" && strings.HasPrefix(strings.ToLower(i.Model), strings.ToLower(i.Make)) {
		dev = i.Model // "Canon EOS 5D", not "Canon Canon EOS 5D"
	}
	if dev != "" {
		parts = append(parts, dev)
	}
	if i.Software != "" {
		parts = append(parts, "software "+i.Software)
	}
	if g := i.GPS; g != nil {
		p := "GPS " + g.String()
		if g.Alt != nil {
			p += ", altitude " + strconv.FormatFloat(*g.Alt, 'f', 1, 64) + " m"
		}
		parts = append(parts, p)
	}
	if i.Width > 0 && i.Height > 0 {
		parts = append(parts, strconv.Itoa(i.Width)+"×"+strconv.Itoa(i.Height))
	}
	if i.Duration > 0 {
		parts = append(parts, strconv.FormatFloat(i.Duration, 'f', 1, 64)+" s")
	}
	return strings.Join(parts, " · ")
}

// zoned reports a date-time that carries a zone: Z or an offset after the time.
func zoned(t string) bool {
	_, clock, ok := strings.Cut(t, "T")
	return ok && (strings.HasSuffix(clock, "Z") || strings.ContainsAny(clock, "+-"))
}
