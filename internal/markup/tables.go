package markup

import (
	"bytes"
	"regexp"

	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// GFM pads every table row to the header's column count while parsing, so
// a table's cells grow as columns × rows however little each row says: a
// 1,000-column header followed by 8,000 one-character rows is 20 KB of
// Markdown and 8 million cells (88 MB of HTML). Tables are therefore capped
// before goldmark builds them:
//
//   - at most maxTableColumns columns;
//   - at most one cell per two source bytes of the table (a cell written
//     out costs at least two: "x|"), plus a per-post allowance of
//     tableCellSlack padded cells shared by all its tables.
//
// A table over either cap is not built: its lines stay an ordinary
// paragraph, shown as typed. Refusing the whole table rather than cutting
// it short keeps the rule simple and the output honest: a reader sees the
// source, never a table silently missing rows.
const (
	maxTableColumns = 64
	tableCellSlack  = 4096
)

// tableSlackKey holds a post's remaining padded-cell allowance in the
// parser context, so the allowance is per parse, not per Renderer.
var tableSlackKey = parser.NewContextKey()

// cappedTables is goldmark's table paragraph transformer behind the caps.
type cappedTables struct {
	inner parser.ParagraphTransformer
}

func newCappedTables() cappedTables {
	return cappedTables{inner: extension.NewTableParagraphTransformer()}
}

func (c cappedTables) Transform(node *gast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	src := reader.Source()
	for i := 1; i < lines.Len(); i++ {
		seg := lines.At(i)
		cols := delimiterColumns(seg.Value(src))
		if cols == 0 {
			continue
		}
		// goldmark builds its table from the first delimiter row it can
		// parse, with every later line of the paragraph as a row.
		rows := lines.Len() - i // header included, delimiter row excluded
		cells := cols * rows
		size := lines.At(lines.Len()-1).Stop - lines.At(i-1).Start
		slack, _ := pc.ComputeIfAbsent(tableSlackKey, func() any { return tableCellSlack }).(int)
		padded := max(cells-size/2, 0)
		if cols > maxTableColumns || padded > slack {
			return // stays a paragraph
		}
		pc.Set(tableSlackKey, slack-padded)
		break
	}
	c.inner.Transform(node, reader, pc)
}

// The delimiter-row grammar, as goldmark's table extension parses it.
var delimCell = regexp.MustCompile(`^\s*:?-+:?\s*$`)

// delimiterColumns returns the number of columns line declares if it is a
// table delimiter row ("|:--|--:|"), or 0. It mirrors goldmark's own test
// so that every table goldmark would build is counted.
func delimiterColumns(line []byte) int {
	if w, _ := util.IndentWidth(line, 0); w > 3 {
		return 0
	}
	allDash := true
	for _, b := range line {
		if b != '-' {
			allDash = false
		}
		if !(util.IsSpace(b) || b == '-' || b == '|' || b == ':') {
			return 0
		}
	}
	if allDash {
		return 0
	}
	cols := bytes.Split(line, []byte{'|'})
	if util.IsBlank(cols[0]) {
		cols = cols[1:]
	}
	if len(cols) > 0 && util.IsBlank(cols[len(cols)-1]) {
		cols = cols[:len(cols)-1]
	}
	for _, col := range cols {
		if !delimCell.Match(col) {
			return 0
		}
	}
	return len(cols)
}
