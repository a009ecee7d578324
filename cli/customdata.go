package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/profile"
)

var customDataTop = topLevel{"custom-data", "commands.custom_data",
	func(e *Env) func(*cobra.Command) { return e.customDataCmd }}

func (e *Env) customDataCmd(cmd *cobra.Command) {
	asGroup(cmd, e.T("customdata.long"), e.cdGet(), e.cdSet(), e.cdMerge(), e.cdDelete())
}

// jsonArg is a command's JSON object: the argument, or stdin for "-" or
// none. Errors point at the line and column, as the screen's do.
func (e *Env) jsonArg(args []string) (map[string]any, error) {
	raw := ""
	if len(args) > 0 && args[0] != "-" {
		raw = args[0]
	} else {
		b, err := io.ReadAll(io.LimitReader(e.stdin(), 8<<20))
		if err != nil {
			return nil, err
		}
		raw = string(b)
	}
	raw = strings.TrimSpace(raw)
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, usagef("%s", strings.TrimSuffix(profile.JSONError(e.loc(), raw, err), "."))
	}
	if dec.More() {
		return nil, usagef("%s", e.T("customdata.extra_text"))
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, usagef("%s", e.T("customdata.not_object"))
	}
	return obj, nil
}

// path splits a dotted path ("" is the whole object).
func path(p string) []string {
	if p == "" || p == "." {
		return nil
	}
	return strings.Split(strings.TrimPrefix(p, "."), ".")
}

func (e *Env) cdGet() *cobra.Command {
	c := &cobra.Command{Use: "get [PATH]", Short: e.T("customdata.get_short"), Args: cobra.MaximumNArgs(1),
		Example: e.T("customdata.get_example")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			var v any = u.CustomData
			if u.CustomData == nil {
				v = map[string]any{}
			}
			p := ""
			if len(args) > 0 {
				p = args[0]
			}
			for _, k := range path(p) {
				m, ok := v.(map[string]any)
				if !ok {
					return failf("%s", e.T("customdata.nothing_at", "Path", p))
				}
				if v, ok = m[k]; !ok {
					return failf("%s", e.T("customdata.nothing_at", "Path", p))
				}
			}
			o.json = true // it is JSON, for people too
			return o.emit(v, nil)
		})
	}
	return c
}

// saveCustomData replaces the whole object (what set and delete do).
func (s *session) saveCustomData(cd map[string]any) (map[string]any, error) {
	u, err := s.acct.UpdateUser(s.ctx, logto.UserPatch{CustomData: logto.Value(cd)})
	if err != nil {
		return nil, err
	}
	if u.CustomData == nil {
		return map[string]any{}, nil
	}
	return u.CustomData, nil
}

func (e *Env) cdSet() *cobra.Command {
	c := &cobra.Command{Use: "set [JSON|-]", Short: e.T("customdata.set_short"),
		Args: cobra.MaximumNArgs(1), Annotations: twins("profile.Save"),
		Example: e.T("customdata.set_example")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		obj, err := e.jsonArg(args)
		if err != nil {
			return err
		}
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			var removed []string
			for k := range u.CustomData {
				if _, ok := obj[k]; !ok {
					removed = append(removed, k)
				}
			}
			sort.Strings(removed)
			cd, err := s.saveCustomData(obj)
			if err != nil {
				return err
			}
			return o.emit(cd, func(w io.Writer) {
				text := e.T("customdata.replaced")
				if len(removed) > 0 {
					text = e.T("customdata.replaced_removing", "Keys", strings.Join(removed, e.T("profile.list_sep")))
				}
				fmt.Fprintln(w, text)
			})
		})
	}
	return c
}

func (e *Env) cdMerge() *cobra.Command {
	c := &cobra.Command{Use: "merge [JSON|-]", Short: e.T("customdata.merge_short"),
		Args: cobra.MaximumNArgs(1), Annotations: twins("profile.Save"),
		Example: e.T("customdata.merge_example")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		obj, err := e.jsonArg(args)
		if err != nil {
			return err
		}
		return e.withAccount(cmd, f, func(s *session) error {
			cd, err := s.acct.UpdateCustomData(s.ctx, obj)
			if err != nil {
				return err
			}
			keys := make([]string, 0, len(obj))
			for k := range obj {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			return o.emit(cd, func(w io.Writer) {
				fmt.Fprintln(w, e.T("customdata.saved", "Keys", strings.Join(keys, e.T("profile.list_sep"))))
			})
		})
	}
	return c
}

func (e *Env) cdDelete() *cobra.Command {
	c := &cobra.Command{Use: useCDDelete, Short: e.T("customdata.delete_short"), Args: cobra.ExactArgs(1),
		Annotations: twins("profile.Save"), Example: e.T("customdata.delete_example")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		keys := path(args[0])
		if len(keys) == 0 {
			return usagef("%s", e.T("customdata.name_the_key"))
		}
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			cd := deepCopy(u.CustomData)
			m := cd
			for _, k := range keys[:len(keys)-1] {
				next, ok := m[k].(map[string]any)
				if !ok {
					return failf("%s", e.T("customdata.nothing_at_unchanged", "Path", args[0]))
				}
				m = next
			}
			last := keys[len(keys)-1]
			if _, ok := m[last]; !ok {
				return failf("%s", e.T("customdata.nothing_at_unchanged", "Path", args[0]))
			}
			delete(m, last)
			saved, err := s.saveCustomData(cd)
			if err != nil {
				return err
			}
			return o.emit(saved, func(w io.Writer) { fmt.Fprintln(w, e.T("customdata.removed", "Path", args[0])) })
		})
	}
	return c
}

// deepCopy copies a JSON object (nil gives an empty one).
func deepCopy(m map[string]any) map[string]any {
	out := map[string]any{}
	b, _ := json.Marshal(m)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // numbers pass through as written
	_ = dec.Decode(&out)
	return out
}
