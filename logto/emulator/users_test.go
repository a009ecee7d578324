package emulator

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// anchoredLike is the search as it was written before the ends were left
// unanchored: every % a `.*`, the whole value anchored.
func anchoredLike(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?is)^`)
	runes := []rune(pattern)
	for i := 0; i < len(runes); i++ {
		switch r := runes[i]; r {
		case '%':
			b.WriteString(`.*`)
		case '_':
			b.WriteString(`.`)
		case '\\':
			if i+1 < len(runes) {
				i++
			}
			b.WriteString(regexp.QuoteMeta(string(runes[i])))
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

func TestLikePatternMatchesWhatTheAnchoredOneDid(t *testing.T) {
	patterns := []string{"%", "%%", "%ada%", "ada%", "%ada", "ada", "%a_a%", `%100\%%`, `%a\_b%`, `%\%`, `\%%`,
		"%ЛАВ%", "%a%b%", "_%", "%_", `%\`, `%\\%`}
	values := []string{"", "ada", "Ada Lovelace", "lovelace ada", "a_b", "axb", "100%", "100% sure", "%", "Лавлейс",
		"line\nada", `back\slash`, "ab", "ba"}
	for _, p := range patterns {
		got, err := likePattern(p)
		if err != nil {
			t.Fatalf("%q: %v", p, err)
		}
		want := anchoredLike(p)
		for _, v := range values {
			if got.MatchString(v) != want.MatchString(v) {
				t.Errorf("search %q on %q: %v, anchored %v", p, v, got.MatchString(v), want.MatchString(v))
			}
		}
	}
}

// TestPlainListingIsTheSearchForEveryone: the plain listing, read by
// position, gives every page the scan gives, after users were deleted.
func TestPlainListingIsTheSearchForEveryone(t *testing.T) {
	e := New(Options{NoDefaults: true})
	var ids []string
	for i := range 23 {
		ids = append(ids, e.SeedUser(UserSeed{Username: fmt.Sprintf("u%02d", i)}))
	}
	e.SeedUser(UserSeed{ID: ids[4], Username: "again"}) // seeded twice: listed once
	for _, id := range []string{ids[0], ids[7], ids[22]} {
		delete(e.users, id)
		e.order = slices.DeleteFunc(e.order, func(o string) bool { return o == id })
	}
	everyone, _ := likePattern("%")
	for size := 1; size <= 25; size += 4 {
		for skip := 0; skip <= 25; skip += size {
			total, page := e.pageOfUsers(nil, skip, size)
			scanTotal, scanned := e.pageOfUsers(everyone, skip, size)
			if total != 20 || scanTotal != 20 || !slices.Equal(page, scanned) {
				t.Fatalf("skip %d size %d: %d users %v; the scan: %d users %v", skip, size, total, names(page), scanTotal, names(scanned))
			}
		}
	}
	if _, page := e.pageOfUsers(nil, 0, 2); names(page) != "again u21" {
		t.Errorf("newest first: %s", names(page))
	}
}

func names(us []*user) string {
	var out []string
	for _, u := range us {
		out = append(out, *u.Username)
	}
	return strings.Join(out, " ")
}
