package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/identities"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// identRoot is signed in at w×h in lang, with GitHub to link, an OIDC
// connector that cannot be linked here, two organisations (one asking for
// a second step) and three tokens (one never expiring, one to expire, one
// expired). listen chooses the loopback listener over the pasted address.
func identRoot(t *testing.T, lang string, w, h int, listen bool) *Model {
	t.Helper()
	env := tt.NewEnv(t)
	env.Emu.AddConnector(emulator.Connector{ID: "gh", ConnectorID: "github-universal", Type: "Social", Target: "github",
		Name: map[string]string{"en": "GitHub"}})
	env.Emu.AddConnector(emulator.OIDCConnector())
	env.Emu.SeedOrganization(emulator.OrganizationSeed{Name: "Analytical Society", MFARequired: true,
		Members: map[string][]string{tt.UserID: {"admin", "member"}}})
	env.Emu.SeedOrganization(emulator.OrganizationSeed{Name: "Royal Society", Members: map[string][]string{tt.UserID: nil}})
	exp, past := tt.Epoch.Add(30*24*time.Hour), tt.Epoch.Add(-time.Hour)
	env.Emu.SeedPAT(tt.UserID, "ci-deploy", nil)
	env.Emu.SeedPAT(tt.UserID, "laptop backup", &exp)
	env.Emu.SeedPAT(tt.UserID, "old 名前", &past)
	deps := identities.Deps{PasteRedirect: "http://127.0.0.1:53682/callback"}
	if listen {
		deps = identities.Deps{Listen: func() (identities.Receiver, error) {
			cb, err := auth.ListenCallback("127.0.0.1:0")
			if err != nil {
				return nil, err
			}
			return cb, nil
		}}
	}
	m := New(Options{Language: lang, Tenant: "tenant.example", Flow: instantFlow{acct: env.Account}, NoColor: true,
		Clock: tt.NewClock(tt.Epoch), Identities: deps})
	t.Cleanup(m.Stop)
	signInAt(t, m, w, h)
	return m
}

// The identities and tokens screens fit 80×24 and 60×20 in every
// language: no line past the window, and every sentence the user must
// read there whole (a Chinese date or a French sentence is wider).
func TestIdentitiesAndTokensFitInEveryLanguage(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			w, h := size[0], size[1]
			name := fmt.Sprintf("%s %d×%d", lang, w, h)

			m := identRoot(t, lang, w, h, false)
			tt.Drive(t, rootUpdater{m}, tt.Key("4"))
			view := m.render()
			checkFits(t, name+" identities", view, w, h,
				l.T("identities.social_heading"), l.T("identities.state_linked")+" Mock Social", "ada-social",
				"GitHub "+l.T("identities.enter_to_link"), "OIDC "+l.T("identities.not_linkable_here"),
				l.T("identities.sso_heading"), l.T("identities.sso_linked_on", "Date", l.Date(tt.Epoch.Local())))
			if w == 80 {
				// The organisations follow; at 60×20 they are below the fold.
				checkFits(t, name+" organisations", view, w, h, l.T("identities.orgs_heading"),
					"Analytical Society admin"+l.T("identities.list_sep")+"member", l.T("identities.org_asks_mfa"),
					"Royal Society "+l.T("identities.no_role"))
			}
			// On the connector that cannot be linked, its reason, whole.
			tt.Drive(t, rootUpdater{m}, tt.Key("j"), tt.Key("j"))
			checkFits(t, name+" not linkable", m.render(), w, h,
				l.T("identities.why_row", "Name", "OIDC", "Why", identities.NeedsSession.Reason(l)))
			tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
			checkFits(t, name+" cannot link", m.render(), w, h, identities.NeedsSession.Sentence(l, "OIDC"))
			// Unlinking the one social identity asks first.
			tt.Drive(t, rootUpdater{m}, tt.Key("k"), tt.Key("k"), tt.Key("d"))
			checkFits(t, name+" confirm unlink", m.render(), w, h, l.T("identities.confirm_unlink", "Name", "Mock Social"))
			tt.Drive(t, rootUpdater{m}, tt.Key("n"))

			// Linking GitHub by pasting the address (SSH).
			tt.Drive(t, rootUpdater{m}, tt.Key("j"), tt.Key("enter"))
			tt.Drive(t, rootUpdater{m}, append(tt.Type(tt.Password), tt.Key("enter"))...)
			m.status = ""
			view = m.render()
			checkFits(t, name+" linking (paste)", view, w, h, l.T("identities.link_heading", "Name", "GitHub"),
				l.T("identities.link_open", "Name", "GitHub", "Key", "ctrl+y"), l.T("identities.paste_steps"),
				l.T("identities.address_label"))

			// Tokens: the list, with its columns in cells.
			tt.Drive(t, rootUpdater{m}, tt.Key("esc"), tt.Key("6"))
			view = m.render()
			created := l.Date(tt.Epoch.Local())
			checkFits(t, name+" tokens", view, w, h,
				l.T("tokens.heading", "Count", "3"), l.T("tokens.col_name"), l.T("tokens.col_created"), l.T("tokens.col_expires"),
				"ci-deploy", created, l.T("tokens.never"), "laptop backup", l.Date(tt.Epoch.Add(30*24*time.Hour).Local()),
				"old 名前", l.T("tokens.expired_at", "When", l.Date(tt.Epoch.Add(-time.Hour).Local())))
			if w == 80 { // room for the expiry's time in every language
				checkFits(t, name+" tokens", view, w, h, l.DateTime(tt.Epoch.Add(30*24*time.Hour).Local()),
					l.T("tokens.expired_at", "When", l.DateTime(tt.Epoch.Add(-time.Hour).Local())))
			}
			checkColumns(t, name+" tokens", view, l)
			// The creation form, its expiry refused in the language.
			tt.Drive(t, rootUpdater{m}, tt.Key("n"))
			tt.Drive(t, rootUpdater{m}, tt.Type("deploy")...)
			tt.Drive(t, rootUpdater{m}, tt.Key("tab"))
			checkFits(t, name+" new token", m.render(), w, h, l.T("tokens.new_heading"), l.T("tokens.field_name"),
				l.T("tokens.field_expires"), l.T("tokens.expiry_placeholder"), l.T("tokens.key_create"))
			tt.Drive(t, rootUpdater{m}, tt.Type("soon")...)
			tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
			checkFits(t, name+" new token refused", m.render(), w, h, l.T("tokens.expiry_syntax"))
			// The language's own word for never is taken; the value is shown once.
			for range len("soon") {
				tt.Drive(t, rootUpdater{m}, tt.Key("backspace"))
			}
			tt.Drive(t, rootUpdater{m}, tt.Type(l.T("tokens.never"))...)
			tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
			if m.proof.View(w-2) != "" { // the proof given for the link has run out
				tt.Drive(t, rootUpdater{m}, append(tt.Type(tt.Password), tt.Key("enter"))...)
			}
			m.status = ""
			view = m.render()
			checkFits(t, name+" value shown once", view, w, h, l.T("tokens.created_heading", "Name", "deploy"), "pat_",
				l.T("tokens.shown_once"), l.T("tokens.keep_secret"), l.T("tokens.any_key_returns"))
		}
	}
}

// checkColumns fails when the token table's columns do not line up in
// cells: each row's date starts where its heading does.
func checkColumns(t *testing.T, name, view string, l *i18n.Localizer) {
	t.Helper()
	var head int
	for _, line := range strings.Split(tt.Plain(view), "\n") {
		if i := strings.Index(line, l.T("tokens.col_created")); i >= 0 && strings.Contains(line, l.T("tokens.col_name")) {
			head = cells(line[:i])
			continue
		}
		if head == 0 {
			continue
		}
		date := l.Date(tt.Epoch.Local())
		if i := strings.Index(line, date); i >= 0 && cells(line[:i]) != head {
			t.Errorf("%s: a creation date starts at cell %d, its heading at %d:\n%s", name, cells(line[:i]), head, tt.Plain(view))
		}
	}
	if head == 0 {
		t.Errorf("%s: no heading:\n%s", name, tt.Plain(view))
	}
}

// cells is how wide s is on screen.
func cells(s string) int { return ansi.StringWidth(s) }

// The QR code of the provider's address keeps its place in every
// language: where the English words leave it room (below them, at
// 120×40), the French and Chinese ones do too, and at 80×24 the same key
// shows it filling the window, in both ways of linking.
func TestLinkingQRCodeKeepsItsPlaceInEveryLanguage(t *testing.T) {
	for _, listen := range []bool{false, true} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			w, h := size[0], size[1]
			var english bool
			for _, lang := range i18n.Languages() {
				l := i18n.New(lang)
				name := fmt.Sprintf("%s %d×%d listen=%v", lang, w, h, listen)
				m := identRoot(t, lang, w, h, listen)
				tt.Drive(t, rootUpdater{m}, tt.Key("4"))
				tt.Drive(t, rootUpdater{m}, tt.Key("j"), tt.Key("enter"))
				tt.Drive(t, rootUpdater{m}, append(tt.Type(tt.Password), tt.Key("enter"))...)
				m.status = ""
				view := m.render()
				code := strings.Contains(view, "▀")
				if lang == i18n.English {
					english = code
				} else if code != english {
					t.Errorf("%s: QR code on screen %v, in English %v:\n%s", name, code, english, tt.Plain(view))
				}
				if w == 120 && !code {
					t.Errorf("%s: no QR code below the words:\n%s", name, tt.Plain(view))
				}
				copyKey, qrKey := "ctrl+y", "ctrl+o"
				if listen {
					copyKey, qrKey = "c", "o"
				}
				whole := []string{l.T("identities.link_open", "Name", "GitHub", "Key", copyKey)}
				if !code {
					whole = append(whole, l.T("identities.qr_too_long", "Key", qrKey), qrKey+" "+l.T("identities.key_qr"))
				}
				// The window's lines hold the code too: only the width is checked.
				checkFits(t, name, view, w, 1000, whole...)
				if !code {
					tt.Drive(t, rootUpdater{m}, tt.Key(qrKey))
					if full := m.render(); !strings.Contains(full, "▀") {
						t.Errorf("%s: %s shows no code:\n%s", name, qrKey, tt.Plain(full))
					}
				}
			}
		}
	}
}
