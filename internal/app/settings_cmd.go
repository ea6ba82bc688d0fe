package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/parley-forum/parley/internal/forum"
)

// settingsCommand is `parley settings list` and `parley settings set KEY
// VALUE [KEY VALUE …]`, for scripted set-ups. A change is audited with
// the actor "operator"; running servers apply it within seconds.
func settingsCommand(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "set") {
		return usageError{"usage: parley settings list | parley settings set KEY VALUE [KEY VALUE ...]"}
	}
	sub := args[0]
	st, _, rest, err := openStore(ctx, env, "settings "+sub, interleave(args[1:]), nil)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := forum.NewService(forum.Config{Store: st})
	if sub == "list" {
		states, err := svc.SettingsAsOperator(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY\tVALUE\tVERSION\tDESCRIPTION")
		for _, s := range states {
			v := s.Value
			if i := strings.IndexByte(v, '\n'); i >= 0 || len(v) > 60 {
				v = strings.TrimSpace(firstLine(v, 57)) + "…"
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", s.Def.Key, v, s.Version, s.Def.Label)
		}
		return tw.Flush()
	}
	if len(rest) == 0 || len(rest)%2 != 0 {
		return usageError{"settings set wants KEY VALUE pairs, e.g. parley settings set name \"Acme Developers\" registration invite"}
	}
	in := map[string]forum.SettingInput{}
	for i := 0; i < len(rest); i += 2 {
		in[rest[i]] = forum.SettingInput{Value: rest[i+1], Version: -1}
	}
	if _, err := svc.SaveSettingsAsOperator(ctx, in); err != nil {
		var ve *forum.ValidationError
		if errors.As(err, &ve) {
			return usageError{ve.Error()}
		}
		return err
	}
	for i := 0; i < len(rest); i += 2 {
		fmt.Fprintf(env.Stdout, "set %s\n", rest[i])
	}
	return nil
}

func firstLine(s string, n int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > n {
		s = string(r[:n])
	}
	return s
}
