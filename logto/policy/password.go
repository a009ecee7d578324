// Package policy applies a Logto tenant's password and username policies
// locally, as packages/toolkit/core-kit/src/password-policy.ts does, because
// the Management API enforces neither (docs/logto-behaviour.md#password-policy).
package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
)

// Item is one line of the live checklist.
type Item struct {
	// Code is Logto's issue code, e.g. "password_rejected.too_short".
	Code string
	// Rule says the rule in plain words: a message id of the password
	// catalogue, with Count choosing its plural form when Plural, and
	// Name its placeholder {{.Rule}} (a rule only Logto named). Label puts
	// it in a language.
	Rule   string
	Count  int
	Plural bool
	Name   string
	OK     bool
}

// Label is the rule in l's language ("at least 8 characters").
func (it Item) Label(l *i18n.Localizer) string {
	if it.Plural {
		return l.N(it.Rule, it.Count)
	}
	return l.T(it.Rule, "Rule", it.Name)
}

// UserInfo is what a password must not contain.
type UserInfo struct {
	Name, Username, Email, Phone string
	// Operator is an operator setting another user's password: the
	// checklist speaks of the user's details, not "your".
	Operator bool
}

const symbols = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ "

var sequences = []string{
	"abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm",
	"1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0p;/",
}

// Check returns the checklist for pw under p (defaults already filled in).
func Check(p logto.PasswordPolicy, pw string, info UserInfo) []Item {
	minLen, maxLen, minTypes := deref(p.Length.Min, 8), deref(p.Length.Max, 256), deref(p.CharacterTypes.Min, 1)
	n := utf8.RuneCountInString(pw)
	items := []Item{
		{Code: "password_rejected.too_short", Rule: "password.rule_min_length", Count: minLen, Plural: true, OK: n >= minLen},
		{Code: "password_rejected.too_long", Rule: "password.rule_max_length", Count: maxLen, Plural: true, OK: n <= maxLen},
	}
	lower, upper, digit, sym, other := classes(pw)
	types := btoi(lower) + btoi(upper) + btoi(digit) + btoi(sym)
	if minTypes > 1 {
		items = append(items, Item{Code: "password_rejected.character_types", Rule: "password.rule_types", Count: minTypes,
			Plural: true, OK: types >= minTypes})
	}
	items = append(items, Item{Code: "password_rejected.unsupported_characters", Rule: "password.rule_ascii", OK: !other})

	rep, seq, user, words := restricted(pw, p, info)
	if derefB(p.Rejects.RepetitionAndSequence, true) {
		items = append(items,
			Item{Code: "password_rejected.restricted.repetition", Rule: "password.rule_repetition", OK: !rep},
			Item{Code: "password_rejected.restricted.sequence", Rule: "password.rule_sequence", OK: !seq})
	}
	if derefB(p.Rejects.UserInfo, true) {
		rule := "password.rule_user_info"
		if info.Operator {
			rule = "password.rule_user_info_operator"
		}
		items = append(items, Item{Code: "password_rejected.restricted.user_info", Rule: rule, OK: !user})
	}
	if len(p.Rejects.Words) > 0 {
		items = append(items, Item{Code: "password_rejected.restricted.words", Rule: "password.rule_words", OK: !words})
	}
	return items
}

// OK reports whether every item passes.
func OK(items []Item) bool {
	for _, it := range items {
		if !it.OK {
			return false
		}
	}
	return true
}

func classes(pw string) (lower, upper, digit, sym, other bool) {
	for _, r := range pw {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune(symbols, r):
			sym = true
		default:
			other = true
		}
	}
	return
}

// restricted finds the restricted runs; they only count when fewer than 3
// characters of the password lie outside every run (Logto's rule).
func restricted(pw string, p logto.PasswordPolicy, info UserInfo) (rep, seq, user, words bool) {
	runes := []rune(strings.ToLower(pw))
	covered := make([]bool, len(runes))
	mark := func(from, to int) {
		for i := from; i < to; i++ {
			covered[i] = true
		}
	}
	if derefB(p.Rejects.RepetitionAndSequence, true) {
		for i := 0; i < len(runes); {
			j := i
			for j < len(runes) && runes[j] == runes[i] {
				j++
			}
			if j-i >= 3 {
				rep = true
				mark(i, j)
			}
			i = j
		}
		for _, s := range sequences {
			for _, seqStr := range []string{s, reverse(s)} {
				sr := []rune(seqStr)
				for i := 0; i+3 <= len(runes); i++ {
					k := 0
					for start := indexRune(sr, runes[i]); start >= 0 && i+k < len(runes) && start+k < len(sr) && sr[start+k] == runes[i+k]; k++ {
					}
					if k >= 3 {
						seq = true
						mark(i, i+k)
					}
				}
			}
		}
	}
	if derefB(p.Rejects.UserInfo, true) {
		for _, frag := range infoFragments(info) {
			if markAll(runes, []rune(frag), mark) {
				user = true
			}
		}
	}
	for _, w := range p.Rejects.Words {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" && markAll(runes, []rune(w), mark) {
			words = true
		}
	}
	outside := 0
	for _, c := range covered {
		if !c {
			outside++
		}
	}
	if outside >= 3 {
		return false, false, false, false
	}
	return
}

func infoFragments(info UserInfo) []string {
	var out []string
	add := func(s string) {
		if s = strings.ToLower(strings.TrimSpace(s)); utf8.RuneCountInString(s) >= 3 {
			out = append(out, s)
		}
	}
	add(info.Username)
	for _, part := range strings.FieldsFunc(info.Name, func(r rune) bool { return unicode.IsSpace(r) }) {
		add(part)
	}
	if local, _, ok := strings.Cut(info.Email, "@"); ok {
		add(local)
	}
	if len(info.Phone) >= 6 {
		add(info.Phone[len(info.Phone)-6:])
	}
	return out
}

func markAll(hay, needle []rune, mark func(int, int)) bool {
	found := false
	for i := 0; i+len(needle) <= len(hay); i++ {
		if string(hay[i:i+len(needle)]) == string(needle) {
			mark(i, i+len(needle))
			found = true
		}
	}
	return found
}

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func deref(p *int, d int) int {
	if p == nil {
		return d
	}
	return *p
}

func derefB(p *bool, d bool) bool {
	if p == nil {
		return d
	}
	return *p
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
