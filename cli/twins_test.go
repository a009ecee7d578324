package cli

import (
	"bytes"
	"reflect"
	"sort"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/tui"
	"github.com/logto-account/logto-account/tui/admin"
	"github.com/logto-account/logto-account/tui/checkup"
	"github.com/logto-account/logto-account/tui/contact"
	"github.com/logto-account/logto-account/tui/danger"
	"github.com/logto-account/logto-account/tui/identities"
	"github.com/logto-account/logto-account/tui/mfa"
	"github.com/logto-account/logto-account/tui/password"
	"github.com/logto-account/logto-account/tui/profile"
	"github.com/logto-account/logto-account/tui/sessions"
	"github.com/logto-account/logto-account/tui/signin"
	"github.com/logto-account/logto-account/tui/tokens"
)

// screenModels are the root's and every screen's model types: each keeps
// its keys in key maps of its own (the screen's KeyMap, a view's own keys
// such as the sign-in history's). A key added to any of them appears here
// without this test changing.
var screenModels = map[string]reflect.Type{
	"tui":        reflect.TypeFor[tui.Model](),
	"signin":     reflect.TypeFor[signin.Model](),
	"profile":    reflect.TypeFor[profile.Model](),
	"contact":    reflect.TypeFor[contact.Model](),
	"password":   reflect.TypeFor[password.Model](),
	"identities": reflect.TypeFor[identities.Model](),
	"mfa":        reflect.TypeFor[mfa.Model](),
	"tokens":     reflect.TypeFor[tokens.Model](),
	"sessions":   reflect.TypeFor[sessions.Model](),
	"danger":     reflect.TypeFor[danger.Model](),
	"admin":      reflect.TypeFor[admin.Model](),
	"checkup":    reflect.TypeFor[checkup.Model](),
}

// notActions are the keys that act on nothing in the account, so that no
// command is their twin: they move, step out, show or read again what is
// on screen. A key by another name is an action and needs a command.
var notActions = map[string]string{
	"Up": "moves", "Down": "moves", "First": "moves", "Last": "moves", "PageUp": "moves", "PageDown": "moves",
	"Next": "moves (a field, a screen, a page)", "Prev": "moves (a field, a screen, a page)", "Screens": "moves",
	"Go": "moves to the screen that fixes a finding", "Back": "steps out",
	"Cancel": "steps out", "Done": "steps out of a field", "Edit": "opens a field for typing (its save is the action)",
	"Show": "shows what is typed", "Copy": "copies to the clipboard", "Help": "shows help",
	"Revert": "drops unsaved edits, locally", "Retry": "reads again", "Reload": "reads again", "Refresh": "reads again",
	"Quit": "quits", "ForceQuit": "quits",
}

var bindingType = reflect.TypeFor[key.Binding]()

// keyMaps finds the key maps a model type keeps (structs of key.Binding
// fields, in its fields or its fields' structs) and lists their bindings'
// field names.
func keyMaps(t reflect.Type, depth int) []string {
	var out []string
	if t.Kind() != reflect.Struct || depth > 3 {
		return nil
	}
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case f.Type == bindingType:
			out = append(out, f.Name)
		case f.Type.Kind() == reflect.Struct && strings.HasPrefix(f.Type.PkgPath(), "github.com/logto-account/"):
			// ours only: a text field's editing keys are not actions
			out = append(out, keyMaps(f.Type, depth+1)...)
		}
	}
	return out
}

// fullTree is the whole command tree, every command declared.
func fullTree(t *testing.T) *cobra.Command {
	t.Helper()
	e := &Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
	root := e.newRoot()
	e.buildAll(root)
	return root
}

// walk calls fn for cmd and every command below it.
func walk(cmd *cobra.Command, fn func(*cobra.Command)) {
	fn(cmd)
	for _, c := range cmd.Commands() {
		walk(c, fn)
	}
}

// TestEveryScreenActionHasACommand reads every key of every screen's key
// map and finds, in the real command tree, the command that is its twin
// (its "twins" annotation names the key as package.Field). A key that
// acts and has no twin fails, and so does a twin naming a key no screen
// has (a key renamed or removed).
func TestEveryScreenActionHasACommand(t *testing.T) {
	twinOf := map[string][]string{}
	walk(fullTree(t), func(c *cobra.Command) {
		for _, k := range strings.Fields(c.Annotations["twins"]) {
			twinOf[k] = append(twinOf[k], c.CommandPath())
		}
	})
	keys := map[string]bool{}
	var table []string
	for pkg, typ := range screenModels {
		for _, field := range keyMaps(typ, 0) {
			if keys[pkg+"."+field] {
				continue
			}
			k := pkg + "." + field
			keys[k] = true
			cmds := twinOf[k]
			switch {
			case len(cmds) > 0:
				table = append(table, k+" → "+strings.Join(cmds, ", "))
			case notActions[field] != "":
				table = append(table, k+" — "+notActions[field])
			default:
				t.Errorf("the %s screen's %s key acts, and no command is its twin", pkg, field)
			}
		}
	}
	for k, cmds := range twinOf {
		if !keys[k] {
			t.Errorf("%v name %s as their screen key, which no screen has", cmds, k)
		}
	}
	sort.Strings(table)
	t.Logf("screen keys and their commands:\n%s", strings.Join(table, "\n"))
}

// TestEveryCommandHasHelpAndExamples: every command says what it does and
// shows how (issue 20).
func TestEveryCommandHasHelpAndExamples(t *testing.T) {
	walk(fullTree(t), func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" || c.HasParent() && c.Parent().Name() == "completion" || c.Name() == "completion" {
			return
		}
		if c.Short == "" {
			t.Errorf("%s has no summary", c.CommandPath())
		}
		if c.Example == "" && c.HasParent() && !c.HasAvailableSubCommands() {
			t.Errorf("%s has no example", c.CommandPath())
		}
	})
}

// TestEveryCommandHelpExitsZero runs --help of every command in the tree.
func TestEveryCommandHelpExitsZero(t *testing.T) {
	n := 0
	walk(fullTree(t), func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		path := strings.Fields(c.CommandPath())[1:]
		var out, errOut bytes.Buffer
		e := &Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
		if code := Run(append(path, "--help"), e); code != ExitOK || !strings.Contains(out.String(), "USAGE") || errOut.Len() > 0 {
			t.Errorf("%v --help: exit %d, stderr %q", path, code, errOut.String())
		}
		n++
	})
	if n < 50 {
		t.Errorf("only %d commands", n)
	}
}
