// Package policy applies a Logto tenant's password and username policies
// locally, as packages/toolkit/core-kit/src/password-policy.ts does, because
// the Management API enforces neither (docs/logto-behaviour.md#password-policy).
package policy

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/logto-account/logto-account/logto"
)

// Item is one line of the live checklist.
type Item struct {
	// Code is Logto's issue code, e.g. "password_rejected.too_short".
	Code string
	// Label says the rule in plain words.
	Label string
	OK    bool
}

// UserInfo is what a password must not contain.
type UserInfo struct {
	Name, Username, Email, Phone string
	// Whose names the account in the checklist's words: "your" when
	// empty, "the user's" when an operator sets another's password.
	Whose string
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
		{"password_rejected.too_short", fmt.Sprintf("at least %d characters", minLen), n >= minLen},
		{"password_rejected.too_long", fmt.Sprintf("at most %d characters", maxLen), n <= maxLen},
	}
	lower, upper, digit, sym, other := classes(pw)
	types := btoi(lower) + btoi(upper) + btoi(digit) + btoi(sym)
	if minTypes > 1 {
		items = append(items, Item{"password_rejected.character_types",
			fmt.Sprintf("%d of: lowercase, uppercase, digits, symbols", minTypes), types >= minTypes})
	}
	items = append(items, Item{"password_rejected.unsupported_characters", "only ASCII letters, digits, symbols and spaces", !other})

	rep, seq, user, words := restricted(pw, p, info)
	if derefB(p.Rejects.RepetitionAndSequence, true) {
		items = append(items,
			Item{"password_rejected.restricted.repetition", "no long runs of one character (aaa)", !rep},
			Item{"password_rejected.restricted.sequence", "no simple sequences (abc, 123, qwerty)", !seq})
	}
	if derefB(p.Rejects.UserInfo, true) {
		items = append(items, Item{"password_rejected.restricted.user_info", "not based on " + whose(info) + " name, username, email or phone", !user})
	}
	if len(p.Rejects.Words) > 0 {
		items = append(items, Item{"password_rejected.restricted.words", "none of the tenant's banned words", !words})
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

func whose(info UserInfo) string {
	if info.Whose == "" {
		return "your"
	}
	return info.Whose
}
