package api

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestMergeOpenAPIRefusesDuplicates(t *testing.T) {
	base := []byte(`{"openapi":"3.1.0","paths":{"/a":{}},"components":{"schemas":{"A":{}}}}`)
	ok := fstest.MapFS{"openapi/x.json": {Data: []byte(`{"paths":{"/b":{}},"components":{"schemas":{"B":{}}},"tags":[{"name":"x"}]}`)}}
	out, err := mergeOpenAPI(base, ok)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"/a"`, `"/b"`, `"A"`, `"B"`, `"x"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("merged document lacks %s:\n%s", want, out)
		}
	}
	for name, frag := range map[string]string{
		"path":   `{"paths":{"/a":{}}}`,
		"schema": `{"components":{"schemas":{"A":{}}}}`,
		"key":    `{"info":{}}`,
	} {
		_, err := mergeOpenAPI(base, fstest.MapFS{"openapi/y.json": {Data: []byte(frag)}})
		if err == nil {
			t.Errorf("%s: merge of %s succeeded", name, frag)
		}
	}
}
