// Package app is parley's composition root: it parses the command line,
// builds every component from the configuration and passes each its
// dependencies explicitly. Nothing imports app except cmd/parley and tests.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// Version is set at build time with -ldflags "-X …/internal/app.Version=…".
var Version = "dev"

// Env is the process's outside world, passed in so tests can run commands
// in-process.
type Env struct {
	Args   []string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// Main runs a subcommand and returns the process exit code.
func Main(ctx context.Context, env Env) int {
	args := env.Args
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, env, args)
	case "migrate":
		err = migrate(ctx, env, args)
	case "version":
		fmt.Fprintln(env.Stdout, "parley", Version)
	case "user":
		err = userCommand(ctx, env, args)
	case "token":
		err = tokenCommand(ctx, env, args)
	case "topic":
		err = topicCommand(ctx, env, args)
	case "subtopic":
		err = subtopicCommand(ctx, env, args)
	case "tag":
		err = tagCommand(ctx, env, args)
	case "thread":
		err = threadCommand(ctx, env, args)
	case "backup":
		err = backupCommand(ctx, env, args)
	case "check":
		err = checkCommand(ctx, env, args)
	case "export":
		err = exportCommand(ctx, env, args)
	case "import":
		err = importCommand(ctx, env, args)
	case "search":
		err = searchCommand(ctx, env, args)
	case "settings":
		err = settingsCommand(ctx, env, args)
	case "bench":
		err = benchCommand(ctx, env, args)
	case "help", "-h", "--help":
		usage(env.Stdout)
	default:
		fmt.Fprintf(env.Stderr, "parley: unknown command %q\n\n", cmd)
		usage(env.Stderr)
		return 2
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(env.Stderr, "parley %s: %s\n", cmd, ue.msg)
			return 2
		}
		fmt.Fprintf(env.Stderr, "parley %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: parley [command] [flags]

commands:
  serve            run the forum (default)
  migrate          apply database migrations and exit
  user create      create an account: parley user create NAME --email E --role admin --password-stdin
  token create     print a new API token: parley token create NAME --name N
  topic            list, create or edit topics: parley topic create "Networking"
  subtopic         create, edit or delete subtopics: parley subtopic create "Sockets" --topic networking
  tag              list, create, edit, merge or delete tags: parley tag merge net networking
  thread           staff controls: parley thread pin|pin-global|unpin|lock|unlock|unlist|relist ID, move ID SUBTOPIC, tag ID TAG...
  backup FILE      write a consistent snapshot of the live SQLite database
  check            verify that every stored counter equals its rows
  export FILE      write the whole forum as an archive (--with-secrets keeps password hashes and tokens)
  import FILE      load an archive into a new, empty database of either engine
  search rebuild   index every live post again for full-text search
  settings list    show the site settings; settings set KEY VALUE [KEY VALUE ...] changes them (audited as "operator")
  bench seed|load  fill an empty database with a synthetic community; measure it under load
  version          print the version

Run "parley serve -h" for the configuration flags; each has a PARLEY_* variable.
`)
}

func newLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func defaultEnv() Env {
	return Env{Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// Run is what cmd/parley calls.
func Run(ctx context.Context) int { return Main(ctx, defaultEnv()) }
