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

// screenKeyMaps are the key maps of the root and of every screen, as their
// packages declare them (the type each screen's model keeps its keys in):
// a key added to a screen appears here without this test changing.
var screenKeyMaps = map[string]reflect.Type{
	"tui":        reflect.TypeFor[tui.KeyMap](),
	"signin":     reflect.TypeFor[signin.KeyMap](),
	"profile":    reflect.TypeFor[profile.KeyMap](),
	"contact":    reflect.TypeFor[contact.KeyMap](),
	"password":   reflect.TypeFor[password.KeyMap](),
	"identities": reflect.TypeFor[identities.KeyMap](),
	"mfa":        reflect.TypeFor[mfa.KeyMap](),
	"tokens":     reflect.TypeFor[tokens.KeyMap](),
	"sessions":   reflect.TypeFor[sessions.KeyMap](),
	"danger":     reflect.TypeFor[danger.KeyMap](),
	"admin":      reflect.TypeFor[admin.KeyMap](),
}

// notActions are the keys that act on nothing in the account, so that no
// command is their twin: they move, step out, show or read again what is
// on screen. A key by another name is an action and needs a command.
var notActions = map[string]string{
	"Up": "moves", "Down": "moves", "First": "moves", "Last": "moves", "PageUp": "moves", "PageDown": "moves",
	"Next": "moves (a field, a screen, a page)", "Prev": "moves (a field, a screen, a page)", "Screens": "moves",
	"Cancel": "steps out", "Done": "steps out of a field", "Edit": "opens a field for typing (its save is the action)",
	"Show": "shows what is typed", "Copy": "copies to the clipboard", "Help": "shows help",
	"Revert": "drops unsaved edits, locally", "Retry": "reads again", "Reload": "reads again", "Refresh": "reads again",
	"Quit": "quits", "ForceQuit": "quits",
}

// bindings lists a key map type's key.Binding fields, embedded ones too.
func bindings(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case !f.IsExported():
		case f.Type == reflect.TypeFor[key.Binding]():
			out = append(out, f.Name)
		case f.Anonymous && f.Type.Kind() == reflect.Struct:
			out = append(out, bindings(f.Type)...)
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
	for pkg, typ := range screenKeyMaps {
		for _, field := range bindings(typ) {
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
