package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// node is a parsed XML element; parseTree uses the strict standard decoder,
// so a document that parses is well-formed and namespace-correct.
type node struct {
	name     xml.Name
	attrs    []xml.Attr
	text     strings.Builder
	children []*node
}

const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
)

func parseTree(doc []byte) (*node, error) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name, attrs: t.Attr}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.children = append(top.children, n)
			} else if root != nil {
				return nil, fmt.Errorf("second root element %v", t.Name)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	return root, nil
}

// all returns the children named local in namespace space ("" for none).
func (n *node) all(space, local string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name.Space == space && c.name.Local == local {
			out = append(out, c)
		}
	}
	return out
}

// one returns the single child named local in space, or nil when there is
// not exactly one.
func (n *node) one(space, local string) *node {
	if all := n.all(space, local); len(all) == 1 {
		return all[0]
	}
	return nil
}

// withAttr returns the children named local in space whose attribute key
// equals value.
func (n *node) withAttr(space, local, key, value string) []*node {
	var out []*node
	for _, c := range n.all(space, local) {
		if v, ok := c.attr(key); ok && v == value {
			out = append(out, c)
		}
	}
	return out
}

func (n *node) attr(key string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Space == "" && a.Name.Local == key {
			return a.Value, true
		}
	}
	return "", false
}
