package api

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

// openAPIParts holds one fragment of the OpenAPI document per capability
// (admin, moderation, notifications, uploads...), each a JSON object with
// "paths", "components" and "tags" parts. They are merged into the base
// document (openapi.json) at start-up, so each capability describes its
// own routes in its own file.
//
//go:embed openapi/*.json
var openAPIParts embed.FS

func init() {
	doc, err := mergeOpenAPI(openAPIDoc, openAPIParts)
	if err != nil {
		// The embedded files are fixed at build time and a test loads
		// them, so this only fires on a broken build.
		panic(err)
	}
	openAPIDoc = doc
}

// mergeOpenAPI adds every fragment's paths, component entries and tags to
// base. A name defined twice is an error rather than a silent override.
func mergeOpenAPI(base []byte, parts fs.FS) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	names, err := fs.Glob(parts, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		raw, err := fs.ReadFile(parts, name)
		if err != nil {
			return nil, err
		}
		var part map[string]any
		if err := json.Unmarshal(raw, &part); err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(name), err)
		}
		for key, val := range part {
			switch key {
			case "paths":
				if err := mergeObject(doc, "paths", val, name); err != nil {
					return nil, err
				}
			case "components":
				comps, _ := val.(map[string]any)
				if doc["components"] == nil {
					doc["components"] = map[string]any{}
				}
				into, _ := doc["components"].(map[string]any)
				for kind, entries := range comps {
					if err := mergeObject(into, kind, entries, name); err != nil {
						return nil, err
					}
				}
			case "tags":
				list, _ := val.([]any)
				have, _ := doc["tags"].([]any)
				doc["tags"] = append(have, list...)
			default:
				return nil, fmt.Errorf("%s: unexpected top-level key %q", path.Base(name), key)
			}
		}
	}
	return json.MarshalIndent(doc, "", "  ")
}

// mergeObject copies the entries of val into into[key], refusing names
// that already exist.
func mergeObject(into map[string]any, key string, val any, from string) error {
	add, ok := val.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: %q is not an object", path.Base(from), key)
	}
	dst, _ := into[key].(map[string]any)
	if dst == nil {
		dst = map[string]any{}
		into[key] = dst
	}
	for name, v := range add {
		if _, dup := dst[name]; dup {
			return fmt.Errorf("%s: %s %q is already defined", path.Base(from), key, name)
		}
		dst[name] = v
	}
	return nil
}
