package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/logto-account/logto-account/config"
)

// Command groups, in the order the root's help lists them.
const (
	groupAccount = "account"
	groupAdmin   = "admin"
	groupSignIn  = "signin"
	groupRun     = "run"
)

// newRoot builds the command tree. It is built on every run, so it does
// nothing but declare: no configuration, network or terminal is touched
// until a command runs (status and --help start as fast as before).
func (e *Env) newRoot() *cobra.Command {
	var tenant, actAs string
	var pick bool
	root := &cobra.Command{
		Use:   "logto-account",
		Short: e.h.T("commands.root_short"),
		Long:  e.h.T("commands.root_long"), // and its exit codes, and its Example: localizeTree
		RunE:  func(*cobra.Command, []string) error { return code(e.interactive(tenant, actAs, pick)) },
	}
	root.Flags().StringVar(&tenant, "tenant", "", e.h.T("commands.flag_tenant"))
	_ = root.RegisterFlagCompletionFunc("tenant", e.completeTenants)
	root.Flags().StringVar(&actAs, "user", "", e.h.T("commands.flag_root_user"))
	root.Flags().BoolVar(&pick, "pick", false, e.h.T("commands.flag_pick"))
	// --lang is read before cobra sees the line (language.go); declared
	// here so that the help lists it.
	root.Flags().String("lang", "", e.h.T("commands.flag_lang"))
	root.SetFlagErrorFunc(e.flagError)
	root.SetVersionTemplate("logto-account {{.Version}}\n")
	root.AddGroup(&cobra.Group{ID: groupAccount, Title: e.h.T("commands.group_account")},
		&cobra.Group{ID: groupAdmin, Title: e.h.T("commands.group_admin")},
		&cobra.Group{ID: groupSignIn, Title: e.h.T("commands.group_signin")},
		&cobra.Group{ID: groupRun, Title: e.h.T("commands.group_run")})
	root.SetHelpCommandGroupID(groupRun)
	root.SetCompletionCommandGroupID(groupRun)

	e.lazy = map[*cobra.Command]func(*cobra.Command){}
	add := func(groupID, use, short string, build func(*cobra.Command)) {
		c := &cobra.Command{Use: use, Short: e.h.T(short), GroupID: groupID,
			// Runnable until it is built, so that help and suggestions count it.
			Run: func(*cobra.Command, []string) {}}
		e.lazy[c] = build
		root.AddCommand(c)
	}
	add(groupSignIn, "login", "commands.login", e.loginCmd)
	add(groupSignIn, "logout", "commands.logout", e.logoutCmd)
	add(groupSignIn, "status", "commands.status", e.statusCmd)
	add(groupRun, "demo", "commands.demo", e.demoCmd)
	add(groupRun, "emulator", "commands.emulator", e.emulatorCmd)
	add(groupRun, "serve", "commands.serve", e.serveCmd)
	add(groupRun, "version", "commands.version", e.versionCmd)
	for _, c := range accountCommands {
		add(groupAccount, c.use, c.short, c.build(e))
	}
	for _, c := range adminCommands {
		add(groupAdmin, c.use, c.short, c.build(e))
	}
	// Every command uses our help (help.go), also when cobra asks for it.
	root.SetHelpFunc(e.writeHelp)
	return root
}

func (e *Env) versionCmd(cmd *cobra.Command) {
	fill(cmd, cobra.Command{
		Example: cliExamples.version,
		Args:    cobra.NoArgs,
		Run: func(*cobra.Command, []string) {
			v := e.Version
			if v == "" {
				v = "dev"
			}
			fmt.Fprintln(e.Stdout, "logto-account", v)
		},
	})
}

// topLevel is a command of the root declared by name and summary only
// (short is the summary's message id, in the small "commands" catalogue
// every run reads); build declares the rest (flags, its own commands, what
// it runs) when a command line names it.
type topLevel struct {
	use, short string
	build      func(e *Env) func(*cobra.Command)
}

// fill gives a declared command what a template says it does; its name,
// summary, group and place in the tree stay.
func fill(cmd *cobra.Command, t cobra.Command) {
	cmd.Long, cmd.Example, cmd.Args, cmd.Aliases = t.Long, t.Example, t.Args, t.Aliases
	cmd.Run, cmd.RunE, cmd.ValidArgsFunction, cmd.Annotations = t.Run, t.RunE, t.ValidArgsFunction, t.Annotations
	if t.Use != "" {
		cmd.Use = t.Use
	}
}

// expand builds the top-level command a command line names (args as the
// user gave them, flags normalised); every other one stays a name and a
// summary. A completion request builds the command it completes.
func (e *Env) expand(root *cobra.Command, args []string) {
	words := make([]string, 0, 2)
	for i := 0; i < len(args) && len(words) < 2; i++ {
		a := args[i]
		switch {
		case a == "--":
			i = len(args)
		case strings.HasPrefix(a, "-"):
			// A root flag's value is not a command (--tenant work status).
			if f := root.Flags().Lookup(strings.TrimLeft(a, "-")); f != nil && f.Value.Type() != "bool" && !strings.Contains(a, "=") {
				i++
			}
		default:
			words = append(words, a)
		}
	}
	if len(words) == 0 {
		return
	}
	name := words[0]
	if (name == "help" || name == cobra.ShellCompRequestCmd || name == cobra.ShellCompNoDescRequestCmd) && len(words) > 1 {
		name = words[1]
	}
	for _, c := range root.Commands() {
		if c.Name() == name {
			e.build(c)
		}
	}
}

// build declares the rest of a top-level command (once).
func (e *Env) build(c *cobra.Command) {
	if b, ok := e.lazy[c]; ok {
		delete(e.lazy, c)
		b(c)
		noFileArgs(c)
	}
}

// noFileArgs keeps TAB from offering file names for arguments that are not
// files (a token's name, an address, a user): every command below c with no
// completion of its own completes nothing, but one whose argument is a FILE.
func noFileArgs(c *cobra.Command) {
	if c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 && !strings.Contains(c.Use, "FILE") {
		c.ValidArgsFunction = cobra.NoFileCompletions
	}
	for _, sub := range c.Commands() {
		noFileArgs(sub)
	}
}

// buildAll declares every command: the whole tree, for the tests that
// walk it and for the generated man page.
func (e *Env) buildAll(root *cobra.Command) {
	for _, c := range root.Commands() {
		e.build(c)
	}
}

// tenantFlag gives cmd --tenant, completed from the config file's tables.
func (e *Env) tenantFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "tenant", "", e.h.T("commands.flag_tenant"))
	_ = cmd.RegisterFlagCompletionFunc("tenant", e.completeTenants)
}

// completeTenants offers the [tenants.NAME] tables of the config file.
func (e *Env) completeTenants(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	names, _ := config.TenantNames(e.ConfigPath)
	return names, cobra.ShellCompDirectiveNoFileComp
}

// asGroup makes cmd a command that only holds others (`tokens`, `mfa`,
// …): alone it prints its help; with a word that is none of its commands it
// says so and suggests the nearest (cobra does that only at the root).
func asGroup(cmd *cobra.Command, long string, children ...*cobra.Command) {
	cmd.Long = long
	cmd.Args = cobra.ArbitraryArgs
	cmd.SuggestionsMinimumDistance = 2
	cmd.Run = nil
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help() // the group's commands
		}
		return &unknownCommandError{cmd: cmd, word: args[0]}
	}
	cmd.AddCommand(children...)
}

// flagBeforeCommand refuses a command's flag given before the command's
// name (`--json tokens list`): cobra takes the word after a flag the root
// lacks for that flag's value, and then refuses the wrong word ("unknown
// command \"list\""). args are normalised.
func (e *Env) flagBeforeCommand(root *cobra.Command, args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "--") {
			return nil
		}
		name, _, withValue := strings.Cut(a[2:], "=")
		if f := root.Flags().Lookup(name); f != nil {
			if f.Value.Type() != "bool" && !withValue {
				i++
			}
			continue
		}
		if name == "help" || name == "version" {
			continue
		}
		// The command after it: next, or after the flag's value.
		for skip := 1; skip <= 2 && i+skip < len(args); skip++ {
			rest := args[i+skip:]
			if strings.HasPrefix(rest[0], "-") || skip == 2 && strings.HasPrefix(args[i+1], "-") {
				break
			}
			for _, c := range root.Commands() {
				if c.Name() == rest[0] {
					e.build(c)
				}
			}
			c, _, err := root.Find(rest)
			if err != nil || c == root {
				continue
			}
			if c.Flags().Lookup(name) == nil {
				return &usageError{msg: e.T("cli.unknown_flag", "Flag", a) + "\n\n" + e.T("cli.run_help_flags", "Command", c.CommandPath())}
			}
			return &usageError{msg: e.T("cli.flag_before_command", "Flag", a) + "\n\t" + c.CommandPath() + " " + strings.Join(args[i:i+skip], " ")}
		}
		return nil
	}
	return nil
}

// normalizeArgs keeps the single-dash long flags the standard flag package
// took (-tenant work, -json) working: a single-dash word naming a long flag
// of any command becomes its double-dash form. Nothing after "--" changes.
func normalizeArgs(root *cobra.Command, args []string) []string {
	var long map[string]bool // built only when a single-dash word is there
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if a == "--" {
			copy(out[i:], args[i:])
			break
		}
		if len(a) <= 2 || a[0] != '-' || a[1] == '-' {
			continue
		}
		if long == nil {
			long = map[string]bool{"help": true, "version": true}
			var walk func(c *cobra.Command)
			walk = func(c *cobra.Command) {
				for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
					fs.VisitAll(func(f *pflag.Flag) { long[f.Name] = true })
				}
				for _, sub := range c.Commands() {
					walk(sub)
				}
			}
			walk(root)
		}
		if name, _, _ := strings.Cut(a[1:], "="); len(name) > 1 && long[name] {
			out[i] = "-" + a
		}
	}
	return out
}
