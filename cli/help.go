package cli

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
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

// helpWidth is where a description's paragraphs fold: an 80-column
// terminal's, or the terminal's own when it is narrower. Rows (a command
// and its summary, a flag and its usage) fold only on a terminal, at its
// width; piped, each stays one line, as a screen reader or grep wants it.
// Widths are display cells: a Chinese character takes two.
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
func (e *Env) helpRequest(root *cobra.Command, args []string) (cmd *cobra.Command, ok bool, err error) {
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
	e.localizeCobra(root)
	if args[0] == "help" {
		c, rest, err := root.Find(args[1:])
		if err != nil {
			c, rest = root, args[1:]
		}
		if len(rest) > 0 {
			// cobra's own help command would print its usage template
			// and exit 0, as if the topic were there.
			return nil, false, e.unknownCommand(c, rest[0])
		}
		return c, true, nil
	}
	c, _, err := root.Find(args)
	if err != nil {
		return nil, false, nil
	}
	return c, true, nil
}

// deferredText is text only the help shows (a command's summary and
// description, a flag's usage): its T returns the message id (and, with
// args, "#n", the args' place in args), kept as the text until
// localizeTree says it in the run's language. A command line that runs a
// command reads no catalogue for its help: `status` costs what it cost
// before the catalogues.
type deferredText struct{ args [][]any }

// T returns id, or id#n when it has args.
func (d *deferredText) T(id string, args ...any) string {
	if len(args) == 0 {
		return id
	}
	d.args = append(d.args, args)
	return id + "#" + strconv.Itoa(len(d.args)-1)
}

// said is s in the run's language when it is a deferred text, and ok.
func (e *Env) said(s string) (string, bool) {
	id, n, hasArgs := strings.Cut(s, "#")
	area, key, ok := strings.Cut(id, ".")
	if !ok || key == "" || area != "commands" && area != "cli" && area != "help" {
		return "", false
	}
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return "", false
		}
	}
	var args []any
	if hasArgs {
		i, err := strconv.Atoi(n)
		if err != nil || i < 0 || i >= len(e.h.args) {
			return "", false
		}
		args = e.h.args[i]
	}
	return e.T(id, args...), true
}

// localize says the deferred texts a help of cmd shows in the run's
// language: its summary, description and flags' usages, its commands'
// summaries and group titles (the root's: its exit codes and examples
// too). Nothing else is read: a help costs the texts it shows.
func (e *Env) localize(cmd *cobra.Command) {
	say := func(s *string) {
		if t, ok := e.said(*s); ok {
			*s = t
		}
	}
	if cmd.Long == "commands.root_long" {
		cmd.Long = e.T("commands.root_long") + "\n\n" + e.T("commands.root_exit_codes")
		cmd.Example = cliExamples.rootScreens + e.T("commands.example_screens") + "\n" +
			cliExamples.rootLogin + e.T("commands.example_login") + "\n" + cliExamples.rootRest
	}
	for _, g := range cmd.Groups() {
		say(&g.Title)
	}
	say(&cmd.Short)
	say(&cmd.Long)
	for c := cmd; c != nil; c = c.Parent() { // inherited flags too
		if c.HasPersistentFlags() {
			c.PersistentFlags().VisitAll(func(f *pflag.Flag) { say(&f.Usage) })
		}
	}
	cmd.LocalFlags().VisitAll(func(f *pflag.Flag) { say(&f.Usage) })
	for _, sub := range cmd.Commands() {
		say(&sub.Short)
	}
}

// localizeTree says every deferred text of the commands declared so far
// (the man page, a completion: they show any of them).
func (e *Env) localizeTree(cmd *cobra.Command) {
	e.localize(cmd)
	for _, sub := range cmd.Commands() {
		e.localizeTree(sub)
	}
}

// localizeCobra puts the commands and flags cobra adds (help,
// completion, -h, -v) in the run's language.
func (e *Env) localizeCobra(root *cobra.Command) {
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Use, c.Short = "help ["+e.T("help.command_arg")+"]", e.T("commands.help")
		case "completion":
			c.Short = e.T("commands.completion")
			c.Long = "" // cobra's English; the summary says it
			for _, sh := range c.Commands() {
				sh.Short = e.h.T("commands.completion_for", "Shell", sh.Name()) // said when shown
				switch sh.Name() {                                              // cobra's instructions, in the run's language
				case "bash":
					sh.Long = e.h.T("help.completion_bash", "Program", root.Name())
				case "zsh":
					sh.Long = e.h.T("help.completion_zsh", "Program", root.Name())
				case "fish":
					sh.Long = e.h.T("help.completion_fish", "Program", root.Name())
				case "powershell":
					sh.Long = e.h.T("help.completion_powershell", "Program", root.Name())
				}
				if f := sh.Flags().Lookup("no-descriptions"); f != nil {
					f.Usage = e.h.T("help.completion_no_descriptions")
				}
			}
		}
	}
}

// help writes cmd's help to stdout.
func (e *Env) help(cmd *cobra.Command) {
	e.localize(cmd)
	cmd.InitDefaultHelpFlag()
	if f := cmd.Flags().Lookup("help"); f != nil {
		f.Usage = e.T("commands.flag_help", "Command", cmd.Name())
	}
	if cmd == cmd.Root() {
		cmd.InitDefaultVersionFlag()
		if f := cmd.Flags().Lookup("version"); f != nil {
			f.Usage = e.T("commands.flag_version", "Command", cmd.Name())
		}
	}
	p := paint{on: e.colour()}
	w := e.Stdout
	cols := e.terminalWidth()
	para := helpWidth
	if cols > 0 {
		para = min(para, cols)
	}
	section := func(name string) { fmt.Fprintf(w, "\n  %s\n\n", p.title(name)) }
	text := cmd.Long
	if text == "" {
		text = cmd.Short
	}
	fmt.Fprintln(w)
	for _, par := range strings.Split(text, "\n") {
		fmt.Fprintln(w, strings.TrimRight("  "+strings.Join(fold(par, para-4), "\n  "), " "))
	}
	section(e.T("help.usage"))
	fmt.Fprintln(w, "    "+e.usageLine(cmd, p))
	if cmd.Example != "" {
		section(e.T("help.examples"))
		for _, line := range strings.Split(strings.Trim(cmd.Example, "\n"), "\n") {
			for _, l := range exampleLines(strings.TrimSpace(line), cols-4) {
				fmt.Fprintln(w, "    "+example(cmd, l, p))
			}
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
	subs("", e.T("help.commands"))
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
		if !strings.Contains(f.Usage, "`") {
			value = e.valueType(value) // pflag's name of the value's type
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
		groups, titles = append(groups, flags), append(titles, e.T("help.flags"))
	}
	space := 0
	for _, g := range groups {
		for _, r := range g {
			space = max(space, cells(r.keyText)+2)
		}
	}
	for i, g := range groups {
		section(titles[i])
		for _, r := range g {
			lines := []string{capital(r.desc)}
			if cols > 0 {
				lines = fold(lines[0], max(cols-4-space, 20))
			}
			pad := strings.Repeat(" ", space-cells(r.keyText))
			fmt.Fprintf(w, "    %s%s%s\n", r.key, pad, lines[0])
			for _, l := range lines[1:] {
				fmt.Fprintf(w, "    %s%s\n", strings.Repeat(" ", space), l)
			}
		}
	}
	fmt.Fprintln(w)
}

// valueType is what a flag takes, named by its type when its usage names
// nothing ("duration", "int"): in the run's language.
func (e *Env) valueType(t string) string {
	switch t {
	case "bool":
		return ""
	case "duration":
		return e.T("help.value_duration")
	case "string":
		return e.T("help.value_string")
	case "int":
		return e.T("help.value_int")
	case "float":
		return e.T("help.value_float")
	case "value":
		return e.T("help.value_any")
	}
	return t
}

// terminalWidth is the width of the terminal stdout is, 0 when it is none
// (or its width is unknown).
func (e *Env) terminalWidth() int {
	if !e.StdoutIsTerminal || e.Width == nil {
		return 0
	}
	return e.Width()
}

// usageLine is "logto-account tokens create NAME [--flags]".
func (e *Env) usageLine(cmd *cobra.Command, p paint) string {
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
		line += " " + p.dim("["+e.T("help.command_arg")+"]")
	}
	if cmd.HasAvailableFlags() {
		line += " " + p.dim("[--"+e.T("help.flags_arg")+"]")
	}
	return line
}

// exampleLines lays out one example in width cells (0: as it is). A
// comment after the command comes closer to it, else goes on a line of its
// own above it; a command line too long folds at spaces with a trailing
// backslash, as a shell continues it (it still runs as pasted).
func exampleLines(line string, width int) []string {
	if width <= 0 || cells(line) <= width {
		return []string{line}
	}
	var out []string
	if i := strings.Index(line, " #"); i > 0 {
		command, comment := strings.TrimSpace(line[:i]), strings.TrimSpace(line[i:])
		if l := command + "  " + comment; cells(l) <= width {
			return []string{l}
		}
		out, line = append(out, comment), command
	}
	indent := ""
	for cells(line) > width {
		cut := -1 // the last space before which the line and " \\" fit
		for i, r := range line {
			if r == ' ' && i > len(indent) && cells(line[:i])+2 <= width {
				cut = i
			}
		}
		if cut < 0 {
			break // one word wider than the window: it stays whole
		}
		out = append(out, line[:cut]+" \\")
		indent = "    "
		line = indent + strings.TrimLeft(line[cut:], " ")
	}
	return append(out, line)
}

// example colours an example line: the program, its commands, flags.
func example(cmd *cobra.Command, line string, p paint) string {
	if !p.on || strings.HasPrefix(line, "#") {
		return p.dim(line)
	}
	lead := line[:len(line)-len(strings.TrimLeft(line, " "))] // a continued line's indent
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
	return lead + strings.Join(words, " ")
}

// capital starts a description with a capital letter, as fang does.
func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// fold cuts a paragraph into lines of at most width display cells: at
// spaces, and between two Chinese characters (which have none between
// them), never before the punctuation that closes a phrase (，。：；？！）
// nor before French's spaced « : ; ! ? » (a plain space there, which must
// not start a line). A word wider than width has a line of its own.
func fold(s string, width int) []string {
	type piece struct {
		text  string
		space bool // a space before it
	}
	var pieces []piece
	glue := false // the next piece joins the last (after an opening bracket)
	add := func(text string, space bool) {
		n := len(pieces)
		switch {
		case n > 0 && glue:
			pieces[n-1].text += text
		case n > 0 && !space && strings.ContainsRune(closing, firstRune(text)):
			pieces[n-1].text += text
		case n > 0 && space && strings.ContainsRune(":;!?»", firstRune(text)):
			pieces[n-1].text += " " + text
		case n > 0 && space && pieces[n-1].text == "«":
			pieces[n-1].text += " " + text
		default:
			pieces = append(pieces, piece{text, space})
		}
		glue = strings.ContainsRune(opening, lastRune(text))
	}
	var cur strings.Builder
	space, curSpace := false, false
	flush := func() {
		if cur.Len() > 0 {
			add(cur.String(), curSpace)
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t':
			flush()
			space = true
			continue
		case wideRune(r):
			flush()
			add(string(r), space)
		default:
			if cur.Len() == 0 {
				curSpace = space
			}
			cur.WriteRune(r)
		}
		space = false
	}
	flush()
	var lines []string
	var line strings.Builder
	lw := 0
	for _, p := range pieces {
		pw := cells(p.text)
		sep := 0
		if p.space && lw > 0 {
			sep = 1
		}
		if lw > 0 && lw+sep+pw > width {
			lines = append(lines, line.String())
			line.Reset()
			lw, sep = 0, 0
		}
		if sep == 1 {
			line.WriteByte(' ')
		}
		line.WriteString(p.text)
		lw += sep + pw
	}
	if line.Len() > 0 || len(lines) == 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// Punctuation a line may not start with (closing) or end with (opening).
const (
	closing = "，。、：；？！）》」』”’,.:;?!)]}"
	opening = "（《「『“‘([{"
)

// wideRune reports whether r takes two cells (Chinese characters and
// full-width punctuation), where a line may break without a space.
func wideRune(r rune) bool { return r >= 0x1100 && ansi.StringWidth(string(r)) == 2 }

// cells is how many cells s takes on a terminal (ansi.StringWidth, which
// measures grapheme clusters; plain ASCII, most of a help, is its length).
func cells(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == 0x1b {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }
func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }

// writeHelp is cobra's help function for commands run from code (a group
// alone prints its help).
func (e *Env) writeHelp(cmd *cobra.Command, _ []string) { e.help(cmd) }
