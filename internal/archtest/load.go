package archtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Load reads the import graph of the module that holds dir with
// `go list -deps -json ./...` and returns the module's path with it.
func Load(goCmd, dir string) (module string, graph []Package, err error) {
	root, module, err := moduleRoot(goCmd, dir)
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(goCmd, "list", "-deps", "-json=ImportPath,Imports", "./...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", nil, fmt.Errorf("go list: %v: %s", err, stderr.Bytes())
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p Package
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return "", nil, fmt.Errorf("read go list output: %w", err)
		}
		graph = append(graph, p)
	}
	return module, graph, nil
}

// moduleRoot finds the folder of go.mod and the module path it declares.
func moduleRoot(goCmd, dir string) (root, module string, err error) {
	cmd := exec.Command(goCmd, "env", "GOMOD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", "", fmt.Errorf("%s is not inside a module", dir)
	}
	f, err := os.Open(gomod)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return filepath.Dir(gomod), strings.Trim(strings.TrimSpace(m), `"`), nil
		}
	}
	return "", "", fmt.Errorf("%s declares no module", gomod)
}
