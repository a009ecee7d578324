package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// fold never makes a line wider than asked (in cells: a Chinese character
// is two), never starts a line with the punctuation that closes a phrase
// (，。）) nor with French's spaced « : ; ! ? », and loses no word.
func TestFoldMeasuresCellsAndKeepsPunctuation(t *testing.T) {
	for _, c := range []struct {
		text  string
		width int
	}{
		{"在终端中管理你在 Logto 租户中的账户：不带命令时打开账户页面；带命令时执行同样的操作，供脚本和屏幕阅读器使用（纯文本行、--json、--jq）。", 20},
		{"在终端中管理你在 Logto 租户中的账户：不带命令时打开账户页面；带命令时执行同样的操作。", 19},
		{"Gérez votre propre compte : sans commande, les écrans ; avec une commande ? « la même action » pour les scripts !", 12},
		{"Gérez votre propre compte : sans commande, les écrans ; avec une commande ? « la même action » pour les scripts !", 27},
		{"Manage your own account in a Logto tenant: with no command, the account screens.", 30},
	} {
		lines := fold(c.text, c.width)
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > c.width {
				t.Errorf("fold(%d): line %q is %d cells", c.width, l, w)
			}
			if i > 0 && (strings.ContainsRune(closing, firstRune(l)) || strings.ContainsAny(l[:1], ":;!?»")) {
				t.Errorf("fold(%d): line %d starts with its punctuation: %q", c.width, i+1, l)
			}
			if strings.HasSuffix(l, "«") || strings.ContainsRune(opening, lastRune(l)) {
				t.Errorf("fold(%d): line %d ends with an opening mark: %q", c.width, i+1, l)
			}
		}
		if got, want := strings.Join(strings.Fields(strings.Join(lines, "")), ""), strings.Join(strings.Fields(c.text), ""); got != want {
			t.Errorf("fold(%d) lost words:\n%s\nwant %s", c.width, got, want)
		}
	}
}

// On a terminal the help's rows fold at its width, the descriptions in a
// column measured in cells; piped, each row stays one line.
func TestHelpFoldsToTheTerminal(t *testing.T) {
	for _, lang := range []string{"zh-Hans", "fr", "en"} {
		for _, cols := range []int{60, 80, 0} {
			var out bytes.Buffer
			e := &Env{Stdout: &out, Stderr: &out, StdoutIsTerminal: cols > 0, Width: func() int { return cols },
				Getenv: func(k string) string {
					if k == "NO_COLOR" {
						return "1"
					}
					return ""
				}}
			if code := Run([]string{"--lang", lang, "--help"}, e); code != ExitOK {
				t.Fatalf("%s --help: exit %d", lang, code)
			}
			long := 0
			for _, line := range strings.Split(out.String(), "\n") {
				w := ansi.StringWidth(line)
				if cols > 0 && w > cols {
					t.Errorf("%s at %d columns: %d cells: %q", lang, cols, w, line)
				}
				long = max(long, w)
			}
			if cols == 0 && long <= 80 {
				t.Errorf("%s piped: every row was folded (widest line %d cells)", lang, long)
			}
		}
	}
}
