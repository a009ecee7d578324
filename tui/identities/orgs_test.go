package identities

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// TestOrganisationsWithRoles: the organisations the user belongs to, with
// the roles there, read-only, at 80×24.
func TestOrganisationsWithRoles(t *testing.T) {
	env := tt.NewEnv(t)
	env.Emu.SeedOrganization(emulator.OrganizationSeed{Name: "Analytical Society", MFARequired: true,
		Members: map[string][]string{tt.UserID: {"admin", "member"}}})
	env.Emu.SeedOrganization(emulator.OrganizationSeed{Name: "Royal Society", Members: map[string][]string{tt.UserID: nil}})
	env.Emu.SeedOrganization(emulator.OrganizationSeed{Name: "Not hers", Members: map[string][]string{"someone": {"admin"}}})
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	m := New(c, func() Backend { return env.Account }, Deps{})
	m.SetSize(78, 20)
	reload(t, m, &tt.Env{Emu: env.Emu, Account: env.Account})
	v := tt.Plain(m.View())
	tt.Golden(t, v)
	if !strings.Contains(v, "Analytical Society  admin, member") || !strings.Contains(v, "Royal Society  no role") ||
		strings.Contains(v, "Not hers") || !strings.Contains(v, "asks its members for a second step") {
		t.Errorf("organisations:\n%s", v)
	}
}

// TestOrganisationsNeedTheirScopeOnTheAccountAPI: without the
// organizations scopes the Account API cannot list them; the section says
// so and nothing is asked.
func TestOrganisationsNeedTheirScopeOnTheAccountAPI(t *testing.T) {
	env := tt.NewAccountEnv(t)
	acct := env.Account.WithScopes(emulator.AccountScopes)
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	m := New(c, func() Backend { return acct }, Deps{})
	m.SetSize(78, 20)
	u, _ := acct.Me(context.Background())
	env.Emu.ResetRequests()
	tt.Drive(t, m, common.UserLoadedMsg{User: u}, common.ShownMsg{})
	if v := strings.Join(strings.Fields(tt.Plain(m.View())), " "); !strings.Contains(v, "not granted the organizations scopes") ||
		env.Emu.CountRequests("", "/oidc/me") != 0 {
		t.Errorf("without the scope:\n%s", tt.Plain(m.View()))
	}
	// The sentence folds under the heading with its indent on every line
	// (lipgloss's wrap kept it on the first only).
	lines := strings.Split(tt.Plain(m.View()), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "Organisations") {
			for _, next := range lines[i+1:] {
				if next == "" {
					break
				}
				if !strings.HasPrefix(next, "  ") || common.Width(next) > 78 {
					t.Errorf("a line of the sentence lost its indent or its width: %q", next)
				}
			}
		}
	}
}
