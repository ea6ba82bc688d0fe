package markup

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// guardedRenderer wraps every node renderer parley uses so that a render
// can stop part way: before each node it asks the sink whether the context
// has ended or the output bound was reached, and if so ends the walk with
// that reason. goldmark offers no such hook, so the wrapped renderers'
// functions are collected and re-registered behind one check.
type guardedRenderer struct {
	inner []renderer.NodeRenderer // later entries win for a node kind
}

// funcTable collects the functions a NodeRenderer registers.
type funcTable map[ast.NodeKind]renderer.NodeRendererFunc

func (t funcTable) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { t[k] = f }

func (g guardedRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	funcs := funcTable{}
	for _, nr := range g.inner {
		nr.RegisterFuncs(funcs)
	}
	for kind, f := range funcs {
		reg.Register(kind, guard(f))
	}
}

func guard(f renderer.NodeRendererFunc) renderer.NodeRendererFunc {
	return func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if s, ok := w.(*sink); ok {
			s.steps++
			if err := s.check(); err != nil {
				return ast.WalkStop, err
			}
		}
		return f(w, src, n, entering)
	}
}
