package bench

import (
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/markup"
)

// slot marks the place in a body template that each post fills with its own
// number. It sits in plain prose, made of letters Markdown, linkify, the
// sanitizer and the redactor all leave alone, so replacing it with digits
// in the source, the HTML and the text gives exactly what rendering the
// filled source would: the test re-renders sampled posts to prove it.
const slot = "zqslotqz"

// template is a rendered body with at most one slot.
type template struct {
	body    forum.RenderedBody
	hasSlot bool
}

// renderTemplate renders src once. A template whose slot does not come
// through exactly once in every form is used unfilled rather than risk a
// stored HTML that differs from its source's rendering.
func renderTemplate(rd *markup.Renderer, src string) template {
	html, err := rd.Render(src)
	if err != nil {
		html = "<p>(unrenderable)</p>"
	}
	b := forum.RenderedBody{Source: src, HTML: html, Text: rd.PlainText(src)}
	ok := err == nil && strings.Count(b.Source, slot) == 1 && strings.Count(b.HTML, slot) == 1 && strings.Count(b.Text, slot) == 1
	if !ok {
		b = forum.RenderedBody{Source: strings.Replace(src, slot, "", 1)}
		b.HTML, _ = rd.Render(b.Source)
		b.Text = rd.PlainText(b.Source)
	}
	return template{body: b, hasSlot: ok}
}

// fill returns the body with the slot replaced by n.
func (t template) fill(n int) forum.RenderedBody {
	if !t.hasSlot {
		return t.body
	}
	v := strconv.Itoa(n)
	return forum.RenderedBody{
		Source: strings.Replace(t.body.Source, slot, v, 1),
		HTML:   strings.Replace(t.body.HTML, slot, v, 1),
		Text:   strings.Replace(t.body.Text, slot, v, 1),
	}
}
