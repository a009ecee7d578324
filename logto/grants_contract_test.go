package logto_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
)

// TestContractGrantScopes: every grant carries what it was granted, in
// oidc-provider's Grant payload: payload.openid.scope (space-separated)
// and payload.resources (indicator → scopes). The user's own sign-in grant
// holds at least openid and offline_access.
func TestContractGrantScopes(t *testing.T) {
	at := newAccountTarget(t)
	ctx := context.Background()
	if at.emu != nil {
		at.emu.SeedSession(at.user.ID, emulator.SessionOptions{Scope: "openid profile",
			Resources: map[string]string{"https://api.example.com": "read:notes write:notes"}})
	}
	grants, err := at.client.Grants(ctx, at.user.ID, "")
	if err != nil || len(grants) == 0 {
		t.Fatalf("grants: %v %v", grants, err)
	}
	signedIn := false
	for _, g := range grants {
		sc := g.Scopes()
		if slices.Contains(sc, "openid") && slices.Contains(sc, "offline_access") {
			signedIn = true
		}
		if at.emu != nil && g.ResourceScopes()["https://api.example.com"] != nil {
			if got := g.ResourceScopes()["https://api.example.com"]; !slices.Equal(got, []string{"read:notes", "write:notes"}) {
				t.Errorf("resource scopes %v", got)
			}
		}
	}
	if !signedIn {
		t.Errorf("no grant holds openid and offline_access: %+v", grants)
	}
}

// TestMetadataDocumentAppsAreNamedByHost: Logto after 1.42 lists grants of
// apps known by a client ID metadata document URL (application.id is the
// URL, name the document's client_name or else the URL); 1.42 lists none.
// Emulator only: making such a grant needs a browser consent.
func TestMetadataDocumentAppsAreNamedByHost(t *testing.T) {
	for _, newer := range []bool{false, true} {
		emu := emulator.New(emulator.Options{CIMD: newer})
		srv := httptest.NewServer(emu)
		t.Cleanup(srv.Close)
		tg := newClientTarget(t, srv.URL, emulator.DefaultM2MAppID, emulator.DefaultM2MAppSecret, "", emu)
		id := emu.SeedUser(emulator.UserSeed{Username: "cimd"})
		emu.SeedMetadataDocumentGrant(id, "https://notes.example.org/oauth/client.json", "", "openid profile")
		emu.SeedMetadataDocumentGrant(id, "https://cal.example.net/client", "Calendar", "openid")
		grants, err := tg.client.Grants(context.Background(), id, "")
		if err != nil {
			t.Fatal(err)
		}
		if !newer {
			if len(grants) != 0 {
				t.Errorf("1.42 lists no metadata-document grant, got %d", len(grants))
			}
			continue
		}
		names := map[string]string{}
		for _, g := range grants {
			if !g.IsMetadataDocumentClient() {
				t.Errorf("%s is not seen as a metadata-document app", g.Application.ID)
			}
			names[g.Application.ID] = g.AppName()
		}
		if names["https://notes.example.org/oauth/client.json"] != "notes.example.org" || names["https://cal.example.net/client"] != "Calendar" {
			t.Errorf("names: %v", names)
		}
		if first, _ := tg.client.Grants(context.Background(), id, "firstParty"); len(first) != 0 {
			t.Errorf("metadata-document apps are third-party; firstParty listed %d", len(first))
		}
	}
}
