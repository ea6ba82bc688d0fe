package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

//go:embed templates
var templateFS embed.FS

// Kinds are the templates there are.
var Kinds = []string{"reset", "verify", "email-change", "email-changed", "invite"}

// Data fills a template.
type Data struct {
	Forum       string // the forum's name
	Name        string // the recipient's display name
	Link        string // the action the email is about
	Detail      string // kind-specific text (the new address of email-changed)
	Expires     string // "1 hour"
	Reason      string // the footer: why the recipient got this email
	SettingsURL string // where to change email settings
	Unsubscribe string // signed one-click link; empty for mandatory email
	Subject     string // set by Render
}

type pair struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

var templates = func() map[string]pair {
	m := map[string]pair{}
	for _, k := range Kinds {
		t := texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/layout.txt", "templates/"+k+".txt"))
		h := htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/layout.html", "templates/"+k+".html"))
		m[k] = pair{t, h}
	}
	return m
}()

// Render builds the subject, text and HTML of one kind of email.
func Render(kind string, d Data) (subject, text, html string, err error) {
	p, ok := templates[kind]
	if !ok {
		return "", "", "", fmt.Errorf("mail: no template %q", kind)
	}
	var b bytes.Buffer
	if err := p.text.ExecuteTemplate(&b, "subject", d); err != nil {
		return "", "", "", fmt.Errorf("mail: %s subject: %w", kind, err)
	}
	d.Subject = strings.TrimSpace(b.String())
	b.Reset()
	if err := p.text.ExecuteTemplate(&b, "layout", d); err != nil {
		return "", "", "", fmt.Errorf("mail: %s text: %w", kind, err)
	}
	text = strings.TrimLeft(b.String(), "\n")
	b.Reset()
	if err := p.html.ExecuteTemplate(&b, "layout", d); err != nil {
		return "", "", "", fmt.Errorf("mail: %s html: %w", kind, err)
	}
	return d.Subject, text, b.String(), nil
}
