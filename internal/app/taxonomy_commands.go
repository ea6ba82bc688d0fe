package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store"
)

// The taxonomy and thread-control commands: parley topic, subtopic, tag
// and thread. They act through the Service, with its validation and
// audit rows, as the account named by --as (an administrator) or, by
// default, as "cli", an administrator that is no account. A running
// server's page cache notices within its 30 s expiry.

const (
	topicUsage    = "usage: parley topic list | create TITLE [--slug S] [--description D] [--position N] | edit SLUG [--title T] [--new-slug S] [--description D] [--position N] [--archive|--unarchive]"
	subtopicUsage = "usage: parley subtopic create TITLE --topic SLUG [--slug S] [--description D] [--docs-title T] [--docs-url U] [--position N] [--staff-only] [--require-tag] [--allowed-tags a,b] | edit SLUG [same flags, --new-slug S, --archive|--unarchive, --staff-only=false ...] | delete SLUG [--move-to SLUG]"
	tagUsage      = "usage: parley tag list | create NAME [--description D] [--synonyms a,b] | edit NAME [--new-name N] [--description D] [--synonyms a,b] | merge FROM INTO | delete NAME"
	threadUsage   = "usage: parley thread pin|pin-global|unpin|lock|unlock|unlist|relist ID | move ID SUBTOPIC | tag ID [TAG...] [--reason R]"
)

// taxonomyFlags are the boolean flags of these commands, for interleave.
var taxonomyFlags = []string{"staff-only", "require-tag", "archive", "unarchive"}

type cliRun struct {
	st   *store.Store
	svc  *forum.Service
	as   *forum.User
	set  map[string]bool // flags given on the command line
	rest []string
}

func openCLI(ctx context.Context, env Env, name string, args []string, extra func(*flag.FlagSet)) (*cliRun, error) {
	var as string
	var fsRef *flag.FlagSet
	st, _, rest, err := openStore(ctx, env, name, interleave(args), func(fs *flag.FlagSet) {
		fsRef = fs
		fs.StringVar(&as, "as", "", "act as this administrator (default: cli)")
		if extra != nil {
			extra(fs)
		}
	})
	if err != nil {
		return nil, err
	}
	run := &cliRun{st: st, rest: rest, set: map[string]bool{},
		svc: forum.NewService(forum.Config{Store: st, Logger: slog.New(slog.DiscardHandler)}),
		as:  &forum.User{Username: "cli", DisplayName: "cli", Role: forum.RoleAdmin}}
	fsRef.Visit(func(f *flag.Flag) { run.set[f.Name] = true })
	if as != "" {
		u, err := st.UserByUsername(ctx, strings.ToLower(as))
		if err != nil {
			st.Close()
			return nil, fmt.Errorf("find user %q: %w", as, err)
		}
		run.as = u
	}
	return run, nil
}

// cliError turns field errors and refusals into a usage error (exit 2)
// that names them.
func cliError(err error) error {
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		return usageError{ve.Error()}
	}
	if reason := forum.ForbiddenReason(err); reason != "" {
		return usageError{reason}
	}
	return err
}

func splitList(s string) []string { return forum.SplitTags(s) }

func topicCommand(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageError{topicUsage}
	}
	var title, slug, desc, position string
	var archive, unarchive bool
	run, err := openCLI(ctx, env, "topic "+args[0], args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&title, "title", "", "title")
		fs.StringVar(&slug, "slug", "", "slug (create)")
		fs.StringVar(&slug, "new-slug", "", "new slug (edit); the old one redirects")
		fs.StringVar(&desc, "description", "", "description (Markdown)")
		fs.StringVar(&position, "position", "", "position, 0 first")
		fs.BoolVar(&archive, "archive", false, "archive (edit)")
		fs.BoolVar(&unarchive, "unarchive", false, "unarchive (edit)")
	})
	if err != nil {
		return err
	}
	defer run.st.Close()
	pos, err := positionFlag(position)
	if err != nil {
		return err
	}
	switch args[0] {
	case "list":
		topics, err := run.svc.Topics(ctx)
		if err != nil {
			return err
		}
		for _, t := range topics {
			fmt.Fprintf(env.Stdout, "%s\t%s\t%d subtopics%s\n", t.Slug, t.Title, len(t.Subtopics), map[bool]string{true: "\tarchived"}[t.Archived])
			for _, s := range t.Subtopics {
				fmt.Fprintf(env.Stdout, "  %s\t%s\t%d threads\n", s.Slug, s.Title, s.ThreadCount)
			}
		}
		return nil
	case "create":
		if len(run.rest) != 1 {
			return usageError{"give exactly one TITLE"}
		}
		t, err := run.svc.SaveTopic(ctx, run.as, forum.Client{}, forum.TopicInput{Title: run.rest[0], Slug: slug, Description: desc, Position: pos})
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(env.Stdout, "created topic %q (slug %s, id %d)\n", t.Title, t.Slug, t.ID)
		return nil
	case "edit":
		if len(run.rest) != 1 {
			return usageError{"give exactly one SLUG"}
		}
		cur, err := topicBySlug(ctx, run.svc, run.rest[0])
		if err != nil {
			return err
		}
		in := forum.TopicInput{ID: cur.ID, Title: cur.Title, Slug: cur.Slug, Description: cur.Description, Position: pos,
			Archived: (cur.Archived || archive) && !unarchive, Version: cur.Version}
		if run.set["title"] {
			in.Title = title
		}
		if run.set["new-slug"] {
			in.Slug = slug
		}
		if run.set["description"] {
			in.Description = desc
		}
		t, err := run.svc.SaveTopic(ctx, run.as, forum.Client{}, in)
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(env.Stdout, "saved topic %q (slug %s, position %d, version %d)\n", t.Title, t.Slug, t.Position, t.Version)
		return nil
	}
	return usageError{topicUsage}
}

func topicBySlug(ctx context.Context, svc *forum.Service, slug string) (*forum.Topic, error) {
	topics, err := svc.Topics(ctx)
	if err != nil {
		return nil, err
	}
	for i := range topics {
		if topics[i].Slug == slug {
			return &topics[i], nil
		}
	}
	return nil, usageError{fmt.Sprintf("no topic %q", slug)}
}

func subtopicCommand(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageError{subtopicUsage}
	}
	var topic, title, slug, desc, docsTitle, docsURL, position, allowed, moveTo string
	var staffOnly, requireTag, archive, unarchive bool
	run, err := openCLI(ctx, env, "subtopic "+args[0], args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&topic, "topic", "", "slug of its topic")
		fs.StringVar(&title, "title", "", "title (edit)")
		fs.StringVar(&slug, "slug", "", "slug (create)")
		fs.StringVar(&slug, "new-slug", "", "new slug (edit); /c/OLD redirects")
		fs.StringVar(&desc, "description", "", "description (Markdown)")
		fs.StringVar(&docsTitle, "docs-title", "", "documentation link title")
		fs.StringVar(&docsURL, "docs-url", "", "documentation link address")
		fs.StringVar(&position, "position", "", "position in its topic, 0 first")
		fs.StringVar(&allowed, "allowed-tags", "", "the only tags its threads may carry, comma separated (empty: any)")
		fs.BoolVar(&staffOnly, "staff-only", false, "only staff may start threads")
		fs.BoolVar(&requireTag, "require-tag", false, "threads need at least one tag")
		fs.BoolVar(&archive, "archive", false, "archive (edit)")
		fs.BoolVar(&unarchive, "unarchive", false, "unarchive (edit)")
		fs.StringVar(&moveTo, "move-to", "", "delete: the subtopic that receives its threads")
	})
	if err != nil {
		return err
	}
	defer run.st.Close()
	pos, err := positionFlag(position)
	if err != nil {
		return err
	}
	if len(run.rest) != 1 {
		return usageError{subtopicUsage}
	}
	switch args[0] {
	case "create":
		s, err := run.svc.SaveSubtopic(ctx, run.as, forum.Client{}, forum.SubtopicInput{Topic: topic, Title: run.rest[0], Slug: slug,
			Description: desc, DocsTitle: docsTitle, DocsURL: docsURL, Position: pos, StaffOnly: staffOnly, RequireTag: requireTag,
			AllowedTags: splitList(allowed)})
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(env.Stdout, "created subtopic %q at /c/%s (id %d)\n", s.Title, s.Slug, s.ID)
		return nil
	case "edit":
		cur, err := run.svc.SubtopicBySlug(ctx, run.rest[0])
		if err != nil {
			return fmt.Errorf("find subtopic %q: %w", run.rest[0], err)
		}
		tp, err := run.svc.TopicByID(ctx, cur.TopicID)
		if err != nil {
			return err
		}
		in := forum.SubtopicInput{ID: cur.ID, Topic: tp.Slug, Title: cur.Title, Slug: cur.Slug, Description: cur.Description,
			DocsTitle: cur.DocsTitle, DocsURL: cur.DocsURL, Position: pos, Archived: (cur.Archived || archive) && !unarchive,
			StaffOnly: cur.StaffOnly, RequireTag: cur.RequireTag, AllowedTags: cur.AllowedTags, Version: cur.Version}
		for name, apply := range map[string]func(){
			"topic": func() { in.Topic = topic }, "title": func() { in.Title = title }, "new-slug": func() { in.Slug = slug },
			"description": func() { in.Description = desc }, "docs-title": func() { in.DocsTitle = docsTitle },
			"docs-url": func() { in.DocsURL = docsURL }, "staff-only": func() { in.StaffOnly = staffOnly },
			"require-tag": func() { in.RequireTag = requireTag }, "allowed-tags": func() { in.AllowedTags = splitList(allowed) },
		} {
			if run.set[name] {
				apply()
			}
		}
		s, err := run.svc.SaveSubtopic(ctx, run.as, forum.Client{}, in)
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(env.Stdout, "saved subtopic %q at /c/%s (version %d)\n", s.Title, s.Slug, s.Version)
		return nil
	case "delete":
		if err := run.svc.DeleteSubtopic(ctx, run.as, forum.Client{}, run.rest[0], moveTo); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(env.Stdout, "deleted subtopic %s\n", run.rest[0])
		return nil
	}
	return usageError{subtopicUsage}
}

func tagCommand(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageError{tagUsage}
	}
	var newName, desc, synonyms string
	run, err := openCLI(ctx, env, "tag "+args[0], args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&newName, "new-name", "", "new name (edit); the old one redirects")
		fs.StringVar(&desc, "description", "", "description")
		fs.StringVar(&synonyms, "synonyms", "", "other names, comma separated")
	})
	if err != nil {
		return err
	}
	defer run.st.Close()
	switch {
	case args[0] == "list":
		tags, err := run.svc.Tags(ctx)
		if err != nil {
			return err
		}
		for _, t := range tags {
			fmt.Fprintf(env.Stdout, "%s\t%d threads\t%s\t%s\n", t.Name, t.ThreadCount, strings.Join(t.Synonyms, ","), t.Description)
		}
		return nil
	case args[0] == "create" && len(run.rest) == 1:
		t, err := run.svc.SaveTag(ctx, run.as, forum.Client{}, forum.TagInput{Name: run.rest[0], Description: desc, Synonyms: []string{synonyms}})
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(env.Stdout, "created tag %s (id %d)\n", t.Name, t.ID)
		return nil
	case args[0] == "edit" && len(run.rest) == 1:
		cur, err := run.svc.TagByName(ctx, forum.CleanTagName(run.rest[0]))
		if err != nil {
			return fmt.Errorf("find tag %q: %w", run.rest[0], err)
		}
		in := forum.TagInput{ID: cur.ID, Name: cur.Name, Description: cur.Description, Synonyms: cur.Synonyms, Version: cur.Version}
		if run.set["new-name"] {
			in.Name = newName
		}
		if run.set["description"] {
			in.Description = desc
		}
		if run.set["synonyms"] {
			in.Synonyms = []string{synonyms}
		}
		t, err := run.svc.SaveTag(ctx, run.as, forum.Client{}, in)
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(env.Stdout, "saved tag %s\n", t.Name)
		return nil
	case args[0] == "merge" && len(run.rest) == 2:
		if err := run.svc.MergeTags(ctx, run.as, forum.Client{}, run.rest[0], run.rest[1]); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(env.Stdout, "merged tag %s into %s\n", run.rest[0], run.rest[1])
		return nil
	case args[0] == "delete" && len(run.rest) == 1:
		if err := run.svc.DeleteTag(ctx, run.as, forum.Client{}, run.rest[0]); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(env.Stdout, "deleted tag %s\n", run.rest[0])
		return nil
	}
	return usageError{tagUsage}
}

func threadCommand(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageError{threadUsage}
	}
	var reason string
	run, err := openCLI(ctx, env, "thread "+args[0], args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&reason, "reason", "", "why, kept in the audit log")
	})
	if err != nil {
		return err
	}
	defer run.st.Close()
	if len(run.rest) == 0 {
		return usageError{threadUsage}
	}
	id, err := strconv.ParseInt(run.rest[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{"ID must be a thread id"}
	}
	c := forum.ThreadControl{Action: args[0], Reason: reason}
	switch args[0] {
	case forum.ControlPin, forum.ControlPinGlobal, forum.ControlUnpin, forum.ControlLock, forum.ControlUnlock,
		forum.ControlUnlist, forum.ControlRelist:
		if len(run.rest) != 1 {
			return usageError{threadUsage}
		}
	case forum.ControlMove:
		if len(run.rest) != 2 {
			return usageError{threadUsage}
		}
		c.Subtopic = run.rest[1]
	case "tag", forum.ControlTags:
		c.Action, c.Tags = forum.ControlTags, run.rest[1:]
	default:
		return usageError{threadUsage}
	}
	t, err := run.svc.ControlThread(ctx, run.as, forum.Client{}, id, c)
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintf(env.Stdout, "thread %d %q: subtopic %s, tags [%s], pinned %v (everywhere %v), locked %v, unlisted %v\n",
		t.ID, t.Title, t.Subtopic.Slug, strings.Join(t.Tags, " "), t.Pinned, t.PinnedGlobal, t.Locked, t.Unlisted)
	return nil
}

// positionFlag reads --position: empty leaves the position alone (nil).
func positionFlag(position string) (*int, error) {
	if position == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(position)
	if err != nil {
		return nil, usageError{"--position must be a whole number ≥ 0"}
	}
	return &n, nil
}
