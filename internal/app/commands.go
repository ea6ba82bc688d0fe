package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/sqlite"
)

// openStore parses the shared configuration flags plus extra ones and
// opens and migrates the database without serving or loading the demo.
func openStore(ctx context.Context, env Env, name string, args []string, extra func(*flag.FlagSet)) (*store.Store, *config.Config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	if extra != nil {
		extra(fs)
	}
	cfg, rest, err := config.Load(fs, args, env.Getenv)
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{MaxOpenConns: cfg.DBPool})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("open database: %w", err)
	}
	if err := migrateAll(ctx, st); err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return st, cfg, rest, nil
}

func migrate(ctx context.Context, env Env, args []string) error {
	st, _, _, err := openStore(ctx, env, "migrate", args, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "database is at schema version %d (%s)\n", v, st.EngineName())
	return nil
}

// interleave moves flags after positional arguments to the front, so
// "user create alice --email a@x" parses with the standard flag package.
func interleave(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") && !isBoolFlag(a) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

func isBoolFlag(a string) bool {
	a = strings.TrimLeft(a, "-")
	if i := strings.Index(a, "="); i >= 0 {
		return true // --flag=value carries its own value
	}
	for _, f := range taxonomyFlags {
		if a == f {
			return true
		}
	}
	return a == "password-stdin" || a == "no-demo" || a == "pending"
}

const userUsage = "usage: parley user create USERNAME --email E [--role member|staff|moderator|admin] [--title T] [--display-name N] [--pending] --password-stdin\n" +
	"       parley user set-role USERNAME ROLE [--title T]"

func userCommand(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && args[0] == "set-role" {
		return setRoleCommand(ctx, env, args[1:])
	}
	if len(args) == 0 || args[0] != "create" {
		return usageError{userUsage}
	}
	var email, role, title, display string
	var fromStdin, pending bool
	st, _, rest, err := openStore(ctx, env, "user create", interleave(args[1:]), func(fs *flag.FlagSet) {
		fs.BoolVar(&pending, "pending", false, "the account waits for staff approval before it can sign in")
		fs.StringVar(&email, "email", "", "email address")
		fs.StringVar(&role, "role", "member", "member, staff, moderator or admin")
		fs.StringVar(&title, "title", "", "staff title shown as a badge, e.g. \"Support Engineer\"")
		fs.StringVar(&display, "display-name", "", "display name (default: the username)")
		fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from standard input")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) != 1 {
		return usageError{"give exactly one USERNAME"}
	}
	if !fromStdin {
		return usageError{"--password-stdin is required (passwords never go on the command line)"}
	}
	pw, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && pw == "" {
		return fmt.Errorf("read password from standard input: %w", err)
	}
	pw = strings.TrimRight(pw, "\r\n")
	svc := forum.NewService(forum.Config{Store: st, Logger: slog.New(slog.DiscardHandler)})
	u, err := svc.CreateUser(ctx, forum.SignUpInput{Username: rest[0], Email: email, Password: pw, DisplayName: display, Pending: pending}, forum.Role(role), title)
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		return usageError{ve.Error()}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "created %s %q (id %d)\n", u.Role, u.Username, u.ID)
	return nil
}

func tokenCommand(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError{"usage: parley token create USERNAME --name NAME"}
	}
	var name string
	st, _, rest, err := openStore(ctx, env, "token create", interleave(args[1:]), func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "a name to recognise the token by")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) != 1 {
		return usageError{"give exactly one USERNAME"}
	}
	u, err := st.UserByUsername(ctx, strings.ToLower(rest[0]))
	if err != nil {
		return fmt.Errorf("find user %q: %w", rest[0], err)
	}
	svc := forum.NewService(forum.Config{Store: st, Logger: slog.New(slog.DiscardHandler)})
	_, plain, err := svc.CreateToken(ctx, u, name)
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		return usageError{ve.Error()}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, plain)
	return nil
}

func backupCommand(ctx context.Context, env Env, args []string) error {
	st, _, rest, err := openStore(ctx, env, "backup", interleave(args), nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) != 1 {
		return usageError{"usage: parley backup FILE"}
	}
	if st.EngineName() != "sqlite" {
		return usageError{"backup works on the SQLite engine; use pg_dump for PostgreSQL"}
	}
	if err := sqlite.Backup(ctx, st.Engine().Write, rest[0]); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote a consistent snapshot to %s; restore by stopping parley and copying it over the database file\n", rest[0])
	return nil
}

func checkCommand(ctx context.Context, env Env, args []string) error {
	st, _, _, err := openStore(ctx, env, "check", args, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	problems, err := st.CheckCounters(ctx)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(env.Stdout, p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d counters disagree with their rows", len(problems))
	}
	fmt.Fprintln(env.Stdout, "every counter equals its rows")
	return nil
}

// setRoleCommand is "parley user set-role NAME ROLE [--title T]", for
// scripts: it changes the role (and, with --title, the staff title; a
// member's title is cleared) and writes an audit row whose actor is the
// command line. The forum's last admin keeps the role.
func setRoleCommand(ctx context.Context, env Env, args []string) error {
	var title string
	titleSet := false
	st, _, rest, err := openStore(ctx, env, "user set-role", interleave(args), func(fs *flag.FlagSet) {
		fs.Func("title", "staff title shown as a badge (default: keep it; cleared for members)", func(v string) error {
			title, titleSet = v, true
			return nil
		})
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) != 2 {
		return usageError{userUsage}
	}
	u, err := st.UserByUsername(ctx, strings.ToLower(rest[0]))
	if err != nil {
		return fmt.Errorf("find user %q: %w", rest[0], err)
	}
	role := forum.Role(strings.ToLower(rest[1]))
	if !titleSet {
		title = u.Title
		if role == forum.RoleMember {
			title = ""
		}
	}
	svc := forum.NewService(forum.Config{Store: st, Logger: slog.New(slog.DiscardHandler)})
	out, err := svc.SetRoleByOperator(ctx, u.Username, forum.RoleInput{Role: string(role), Title: title})
	var ve *forum.ValidationError
	switch {
	case errors.As(err, &ve):
		return usageError{ve.Error()}
	case errors.Is(err, forum.ErrForbidden):
		return usageError{forum.ForbiddenReason(err)}
	case err != nil:
		return err
	}
	fmt.Fprintf(env.Stdout, "%s is now %s\n", out.Username, out.Role)
	return nil
}
