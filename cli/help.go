package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The help is laid out as fang lays it out (a description, then USAGE,
// EXAMPLES, the command groups and FLAGS, each title in capitals over an
// indented block), but written here: fang's renderer measures every word
// with lipgloss, which took 2–5 ms, and with it `--help` used 1.4× (1.8×
// on a colour terminal) the CPU time it used before the move to cobra, over
// issue 20's budget of 1.2 (BenchmarkStartupCPU). Colour only on a
// terminal without NO_COLOR, in the terminal's own 16 colours (they follow
// its light or dark theme without asking it); elsewhere plain lines that a
// screen reader reads as they are, no padding, no cursor movement.

// helpWidth is where descriptions fold: an 80-column terminal's.
const helpWidth = 80

// paint is a help's colours: ANSI codes, or none.
type paint struct{ on bool }

func (p paint) with(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p paint) title(s string) string   { return p.with("1;34", strings.ToUpper(s)) }
func (p paint) program(s string) string { return p.with("1", s) }
func (p paint) command(s string) string { return p.with("36", s) }
func (p paint) flag(s string) string    { return p.with("35", s) }
func (p paint) dim(s string) string     { return p.with("2", s) }

// helpRequest finds the command a command line asks help for: -h or
// --help anywhere before "--", or `help COMMAND…`. ok is false for any other
// command line, and for -h on a command that does not exist (cobra then says
// so, with suggestions); `help` about one is err, a usage error.
func helpRequest(root *cobra.Command, args []string) (cmd *cobra.Command, ok bool, err error) {
	asked := len(args) > 0 && args[0] == "help"
	for _, a := range args {
		if a == "--" {
			break
		}
		asked = asked || a == "-h" || a == "--help"
	}
	if !asked {
		return nil, false, nil
	}
	// What cobra adds as it runs, so that the help lists it.
	root.CompletionOptions.DisableDefaultCmd = false
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	if args[0] == "help" {
		c, rest, err := root.Find(args[1:])
		if err != nil {
			c, rest = root, args[1:]
		}
		if len(rest) > 0 {
			// cobra's own help command would print its usage template
			// and exit 0, as if the topic were there.
			msg := fmt.Sprintf("unknown command %q for %q", rest[0], c.CommandPath())
			if s := c.SuggestionsFor(rest[0]); len(s) > 0 {
				msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
			}
			return nil, false, usagef("%s\n\nRun '%s --help' for its commands.", msg, c.CommandPath())
		}
		return c, true, nil
	}
	c, _, err := root.Find(args)
	if err != nil {
		return nil, false, nil
	}
	return c, true, nil
}

// help writes cmd's help to stdout.
func (e *Env) help(cmd *cobra.Command) {
	cmd.InitDefaultHelpFlag()
	if cmd == cmd.Root() {
		cmd.InitDefaultVersionFlag()
	}
	p := paint{on: e.colour()}
	w := e.Stdout
	section := func(name string) { fmt.Fprintf(w, "\n  %s\n\n", p.title(name)) }
	text := cmd.Long
	if text == "" {
		text = cmd.Short
	}
	fmt.Fprintln(w)
	for _, para := range strings.Split(text, "\n") {
		fmt.Fprintln(w, strings.TrimRight("  "+strings.Join(fold(para, helpWidth-4), "\n  "), " "))
	}
	section("usage")
	fmt.Fprintln(w, "    "+usageLine(cmd, p))
	if cmd.Example != "" {
		section("examples")
		for _, line := range strings.Split(strings.Trim(cmd.Example, "\n"), "\n") {
			fmt.Fprintln(w, "    "+example(cmd, strings.TrimSpace(line), p))
		}
	}
	type row struct{ key, keyText, desc string }
	var groups [][]row
	var titles []string
	subs := func(id, title string) {
		var rows []row
		for _, sc := range cmd.Commands() {
			if sc.Hidden || sc.GroupID != id || !sc.IsAvailableCommand() && sc.Name() != "help" {
				continue
			}
			use := strings.Replace(sc.Use, sc.Name(), p.command(sc.Name()), 1)
			rows = append(rows, row{use, sc.Use, sc.Short})
		}
		if len(rows) > 0 {
			groups, titles = append(groups, rows), append(titles, title)
		}
	}
	subs("", "commands")
	for _, g := range cmd.Groups() {
		subs(g.ID, g.Title)
	}
	var flags []row
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name := "--" + f.Name
		if f.Shorthand != "" {
			name = "-" + f.Shorthand + " " + name
		}
		value, usage := pflag.UnquoteUsage(f)
		if value == "bool" {
			value = ""
		}
		key, keyText := p.flag(name), name
		if value != "" {
			key, keyText = key+" "+p.dim(value), keyText+" "+value
		}
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "[]" {
			usage += " " + p.dim("("+d+")")
		}
		flags = append(flags, row{key, keyText, usage})
	})
	if len(flags) > 0 {
		groups, titles = append(groups, flags), append(titles, "flags")
	}
	space := 0
	for _, g := range groups {
		for _, r := range g {
			space = max(space, len([]rune(r.keyText))+2)
		}
	}
	for i, g := range groups {
		section(titles[i])
		for _, r := range g {
			fmt.Fprintf(w, "    %s%s%s\n", r.key, strings.Repeat(" ", space-len([]rune(r.keyText))), capital(r.desc))
		}
	}
	fmt.Fprintln(w)
}

// usageLine is "logto-account tokens create NAME [--flags]".
func usageLine(cmd *cobra.Command, p paint) string {
	path := cmd.CommandPath()
	root, rest, _ := strings.Cut(path, " ")
	line := p.program(root)
	if rest != "" {
		line += " " + p.command(rest)
	}
	if args := strings.TrimSpace(strings.TrimPrefix(cmd.Use, cmd.Name())); args != "" {
		line += " " + args
	}
	if cmd.HasAvailableSubCommands() {
		line += " " + p.dim("[command]")
	}
	if cmd.HasAvailableFlags() {
		line += " " + p.dim("[--flags]")
	}
	return line
}

// example colours an example line: the program, its commands, flags.
func example(cmd *cobra.Command, line string, p paint) string {
	if !p.on || strings.HasPrefix(line, "#") {
		return p.dim(line)
	}
	words := strings.Fields(line)
	c := cmd.Root()
	for i, word := range words {
		switch {
		case word == c.Name() && i == 0:
			words[i] = p.program(word)
		case strings.HasPrefix(word, "-"):
			words[i] = p.flag(word)
		default:
			for _, sub := range c.Commands() {
				if sub.Name() == word {
					c, words[i] = sub, p.command(word)
					break
				}
			}
		}
	}
	return strings.Join(words, " ")
}

// capital starts a description with a capital letter, as fang does.
func capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// fold cuts a paragraph into lines of at most width runes, at spaces.
func fold(s string, width int) []string {
	var lines []string
	var cur []rune
	for _, word := range strings.Fields(s) {
		r := []rune(word)
		if len(cur) > 0 && len(cur)+1+len(r) > width {
			lines, cur = append(lines, string(cur)), nil
		}
		if len(cur) > 0 {
			cur = append(cur, ' ')
		}
		cur = append(cur, r...)
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// writeHelp is cobra's help function for commands run from code (a group
// alone prints its help).
func (e *Env) writeHelp(cmd *cobra.Command, _ []string) { e.help(cmd) }
