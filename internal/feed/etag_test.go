package feed

import (
	"regexp"
	"testing"
	"time"
)

func TestETagFormat(t *testing.T) {
	// A strong entity tag is a quoted opaque string without a W/ prefix.
	if tag := ETag(sampleFeed(3, 100)); !regexp.MustCompile(`^"[0-9a-f]{32}"$`).MatchString(tag) {
		t.Errorf("ETag = %s, want a quoted 32-digit hex string", tag)
	}
}

func TestETagStable(t *testing.T) {
	base := ETag(sampleFeed(5, 500))
	if again := ETag(sampleFeed(5, 500)); again != base {
		t.Errorf("equal feeds got different tags %s and %s", base, again)
	}
	// Inputs that encode to identical bytes keep the tag.
	same := map[string]func(*Feed){
		"zone of a time":                   func(f *Feed) { f.Items[0].Published = f.Items[0].Published.In(time.FixedZone("x", 5*3600)) },
		"sub-second part of a time":        func(f *Feed) { f.Items[2].Updated = f.Items[2].Updated.Add(time.Millisecond) },
		"illegal character in a title":     func(f *Feed) { f.Items[1].Title += "\x00" },
		"empty category":                   func(f *Feed) { f.Items[1].Categories = append(f.Items[1].Categories, "") },
		"id spelled out equal to the link": func(f *Feed) { f.ID = f.Link },
	}
	for name, edit := range same {
		f := sampleFeed(5, 500)
		edit(&f)
		if got := ETag(f); got != base {
			t.Errorf("%s: tag changed to %s", name, got)
		}
	}
}

func TestETagChanges(t *testing.T) {
	base := ETag(sampleFeed(5, 500))
	changes := map[string]func(*Feed){
		"feed title":       func(f *Feed) { f.Title += "!" },
		"feed description": func(f *Feed) { f.Description += "!" },
		"feed link":        func(f *Feed) { f.Link += "/" },
		"self link":        func(f *Feed) { f.SelfLink += "?page=2" },
		"feed id":          func(f *Feed) { f.ID = "tag:forum.example.org,2026:x" },
		"feed updated":     func(f *Feed) { f.Updated = f.Items[4].Updated.Add(time.Second) },
		"item title":       func(f *Feed) { f.Items[2].Title += "!" },
		"item id":          func(f *Feed) { f.Items[2].ID += "#edit" },
		"item link":        func(f *Feed) { f.Items[2].Link += "?x" },
		"item author":      func(f *Feed) { f.Items[2].Author = "Someone Else" },
		"item published":   func(f *Feed) { f.Items[2].Published = f.Items[2].Published.Add(-time.Second) },
		"item edited":      func(f *Feed) { f.Items[2].Updated = f.Items[2].Updated.Add(time.Second) },
		"item content":     func(f *Feed) { f.Items[2].ContentHTML += "<p>edit</p>" },
		"item summary":     func(f *Feed) { f.Items[2].Summary += "." },
		"item category":    func(f *Feed) { f.Items[2].Categories[1] = "actors" },
		"category added":   func(f *Feed) { f.Items[2].Categories = append(f.Items[2].Categories, "x") },
		"item removed":     func(f *Feed) { f.Items = f.Items[:4] },
		"item added":       func(f *Feed) { f.Items = append(f.Items, sampleFeed(6, 500).Items[5]) },
		"items reordered":  func(f *Feed) { f.Items[0], f.Items[1] = f.Items[1], f.Items[0] },
		"text moved between fields": func(f *Feed) {
			f.Items[2].Summary, f.Items[2].ContentHTML = f.Items[2].Summary+f.Items[2].ContentHTML[:3], f.Items[2].ContentHTML[3:]
		},
	}
	seen := map[string]string{base: "base"}
	for name, edit := range changes {
		f := sampleFeed(5, 500)
		edit(&f)
		got := ETag(f)
		if prev, ok := seen[got]; ok {
			t.Errorf("%s: tag %s equals the tag of %s", name, got, prev)
		}
		seen[got] = name
	}
}
