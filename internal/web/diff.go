package web

import (
	"strings"

	"github.com/parley-forum/parley/internal/forum"
)

type revisionsData struct {
	Post      *forum.Post
	Thread    *forum.Thread
	Revisions []revisionView
}

type revisionView struct {
	forum.Revision
	TitleChanged bool
	PrevTitle    string
	Lines        []diffLine
}

type diffLine struct {
	Op   string // "same", "add" or "del"
	Text string
}

// diffRevisions pairs each revision with a line diff against the one
// before it; the first revision shows its whole text as added.
func diffRevisions(revs []forum.Revision) []revisionView {
	out := make([]revisionView, len(revs))
	prev, prevTitle := "", ""
	for i, r := range revs {
		out[i] = revisionView{Revision: r, Lines: lineDiff(prev, r.BodySource)}
		if i > 0 && r.Title != prevTitle {
			out[i].TitleChanged, out[i].PrevTitle = true, prevTitle
		}
		prev, prevTitle = r.BodySource, r.Title
	}
	return out
}

// maxDiffCells bounds the LCS table; larger edits show as a replacement.
const maxDiffCells = 4_000_000

// lineDiff is a longest-common-subsequence diff over lines.
func lineDiff(a, b string) []diffLine {
	var x, y []string
	if a != "" {
		x = strings.Split(a, "\n")
	}
	if b != "" {
		y = strings.Split(b, "\n")
	}
	if len(x)*len(y) > maxDiffCells {
		return replaceAll(x, y)
	}
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffLine
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			out = append(out, diffLine{"same", x[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, diffLine{"del", x[i]})
			i++
		default:
			out = append(out, diffLine{"add", y[j]})
			j++
		}
	}
	for ; i < len(x); i++ {
		out = append(out, diffLine{"del", x[i]})
	}
	for ; j < len(y); j++ {
		out = append(out, diffLine{"add", y[j]})
	}
	return out
}

func replaceAll(x, y []string) []diffLine {
	out := make([]diffLine, 0, len(x)+len(y))
	for _, l := range x {
		out = append(out, diffLine{"del", l})
	}
	for _, l := range y {
		out = append(out, diffLine{"add", l})
	}
	return out
}
