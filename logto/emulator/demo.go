package emulator

import (
	"fmt"
	"strings"
	"time"
)

// Demo user credentials, printed by `logto-account emulator` and used by demo.
const (
	DemoUsername = "ada"
	DemoPassword = "Analytical-Engine-1843"
	DemoEmail    = "ada@example.com"
)

// SeedDemo creates the demo tenant's user with a full account: profile,
// custom data, a social and an enterprise identity, TOTP and backup codes,
// two personal access tokens, two browser sessions and an app grant. It
// returns the user's id.
func (e *Emulator) SeedDemo() string {
	id := e.SeedUser(UserSeed{
		Username: DemoUsername, Email: DemoEmail, Phone: "442079460958", Name: "Ada Lovelace",
		Avatar: "https://example.com/ada.png", Password: DemoPassword,
		Profile: map[string]any{"givenName": "Ada", "familyName": "Lovelace", "nickname": "Countess",
			"website": "https://example.com/ada", "birthdate": "1815-12-10", "zoneinfo": "Europe/London", "locale": "en-GB",
			"address": map[string]any{"locality": "London", "country": "GB"}},
		CustomData: map[string]any{"theme": "dark", "notes": map[string]any{"engine": "analytical"}},
		Identities: map[string]string{"mock-social": "ada-social-1815"},
	})
	e.SeedSSOIdentity(id, "sso-acme", "https://idp.acme.example", "ada@acme.example", map[string]any{"email": "ada@acme.example"})
	e.SeedTOTP(id, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
	e.SeedBackupCodes(id, 3)
	e.SeedPAT(id, "ci-deploy", nil)
	exp := e.Now().Add(30 * 24 * time.Hour)
	e.SeedPAT(id, "laptop backup", &exp)
	// The browsers signed in to the tenant's own apps, not to this tool:
	// only the sign-in of the demo itself is marked as this terminal's.
	e.AddApp(App{ID: "acme-web", Name: "Acme Web", Type: "Traditional"})
	e.AddApp(App{ID: "acme-docs", Name: "Acme Docs", Type: "SPA"})
	e.SeedSession(id, SessionOptions{ClientID: "acme-web", IP: "203.0.113.10", UserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15",
		City: "London", Country: "GB", Offline: true, Scope: "openid offline_access profile", Age: 26 * time.Hour})
	e.SeedSession(id, SessionOptions{ClientID: "acme-docs", IP: "198.51.100.23", UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
		City: "Berlin", Country: "DE", Scope: "openid profile", Age: 3 * time.Hour})
	// What Logto's audit log holds of those sign-ins, an organisation with
	// roles, and a storage provider so that an avatar can be uploaded.
	safari := "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15"
	firefox := "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	for _, ev := range []LogEvent{
		{Key: "Interaction.SignIn.Submit", UserID: id, IP: "203.0.113.10", UserAgent: safari, Age: 26 * time.Hour},
		{Key: "ExchangeTokenBy.AuthorizationCode", UserID: id, ApplicationID: "acme-web", IP: "203.0.113.10", UserAgent: safari, Age: 26 * time.Hour},
		{Key: "ExchangeTokenBy.RefreshToken", UserID: id, ApplicationID: "acme-web", IP: "203.0.113.10", UserAgent: safari, Age: 25 * time.Hour},
		{Key: "Interaction.SignIn.Submit", UserID: id, IP: "198.51.100.23", UserAgent: firefox, Age: 3 * time.Hour},
		{Key: "ExchangeTokenBy.AuthorizationCode", UserID: id, ApplicationID: "acme-docs", IP: "198.51.100.23", UserAgent: firefox, Age: 3 * time.Hour},
		{Key: "ExchangeTokenBy.RefreshToken", UserID: id, ApplicationID: "acme-web", ErrorCode: "oidc.invalid_grant", Age: 2 * time.Hour},
	} {
		e.SeedLog(ev)
	}
	e.SeedOrganization(OrganizationSeed{Name: "Analytical Society", Description: "Friends of the Engine",
		Members: map[string][]string{id: {"admin", "member"}}})
	e.SetStorage(true)
	return id
}

// demoPeople fill the demo tenant's directory for admin mode's picker.
var demoPeople = []string{"Alan Turing", "Katherine Johnson", "Dorothy Vaughan", "Mary Jackson", "Edsger Dijkstra",
	"Barbara Liskov", "Donald Knuth", "Margaret Hamilton", "Radia Perlman", "Ken Thompson", "Dennis Ritchie",
	"John McCarthy", "Frances Allen", "Tim Berners-Lee", "Sophie Wilson", "Hedy Lamarr", "Claude Shannon",
	"John von Neumann", "Niklaus Wirth", "Leslie Lamport", "Tony Hoare", "Adele Goldberg", "Alan Kay",
	"Shafi Goldwasser", "Whitfield Diffie", "Martin Hellman", "Ron Rivest", "Adi Shamir", "Vint Cerf",
	"Jean Sammet", "Kathleen Booth", "Evelyn Berezin", "Lynn Conway", "Guido van Rossum", "Rob Pike"}

// SeedDemoDirectory adds, beside the demo user, an operator (Grace Hopper,
// returned) and a directory of people for admin mode's picker: some with a
// phone, one suspended.
func (e *Emulator) SeedDemoDirectory() (operatorID string) {
	for i, name := range demoPeople {
		first, last, _ := strings.Cut(name, " ")
		handle := strings.ToLower(first[:1] + strings.ReplaceAll(strings.ReplaceAll(last, " ", ""), "-", ""))
		seed := UserSeed{Username: handle, Email: handle + "@example.com", Name: name, Suspended: i == 9}
		if i%4 == 0 {
			seed.Phone = fmt.Sprintf("1555%07d", 1000000+i*37)
		}
		e.SeedUser(seed)
	}
	return e.SeedUser(UserSeed{Username: "grace", Email: "grace@example.com", Name: "Grace Hopper", Password: "Cobol-1959-Compiler"})
}
