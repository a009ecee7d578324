package logto_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/logto-account/logto-account/logto"
)

// mockSocial finds Logto's mock social connector (on a real tenant, create
// one from the "mock-social-connector" factory to run these tests).
func mockSocial(t *testing.T, tg *target) logto.Connector {
	t.Helper()
	cs, err := tg.client.Connectors(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.ConnectorID == "mock-social-connector" && c.Type == logto.ConnectorSocial {
			return c
		}
	}
	t.Skip("the tenant has no mock social connector")
	return logto.Connector{}
}

func TestContractSocialLinking(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	conn := mockSocial(t, tg)
	if conn.DisplayName("en") == "" || conn.Target == "" {
		t.Errorf("connector lacks a name or target: %+v", conn)
	}
	s := suffix()
	a := tg.newUser(t, logto.NewUser{Username: "social_a_" + s})
	b := tg.newUser(t, logto.NewUser{Username: "social_b_" + s})

	redirect := "http://127.0.0.1:53682/callback"
	to, err := tg.client.AuthorizationURI(ctx, conn.ID, "st"+s, redirect)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(to)
	if err != nil || u.Query().Get("state") != "st"+s || u.Query().Get("redirect_uri") != redirect {
		t.Errorf("authorization URI %q does not carry state and redirect_uri", to)
	}
	_, err = tg.client.AuthorizationURI(ctx, "nonexistent", "st", redirect)
	wantCode(t, err, http.StatusNotFound, "entity.not_found")

	sub := "mock-sub-" + s
	ids, err := tg.client.LinkIdentity(ctx, a.ID, conn.ID, map[string]string{"code": "abc", "userId": sub,
		"email": "m@example.com", "name": "Mock Name", "redirectUri": redirect})
	if err != nil {
		t.Fatal(err)
	}
	if ids[conn.Target].UserID != sub || ids[conn.Target].Details["email"] != "m@example.com" {
		t.Errorf("linked identity = %+v", ids[conn.Target])
	}
	_, err = tg.client.LinkIdentity(ctx, b.ID, conn.ID, map[string]string{"code": "abc", "userId": sub})
	wantCode(t, err, http.StatusUnprocessableEntity, "user.identity_already_in_use")
	_, err = tg.client.LinkIdentity(ctx, a.ID, conn.ID, map[string]string{"nocode": "x"})
	wantCode(t, err, http.StatusBadRequest, "connector.invalid_response")

	_, created, err := tg.client.PutIdentity(ctx, a.ID, "github", logto.Identity{UserID: "gh-" + s})
	if err != nil || !created {
		t.Fatalf("PUT new target: created=%v err=%v", created, err)
	}
	_, created, err = tg.client.PutIdentity(ctx, a.ID, "github", logto.Identity{UserID: "gh2-" + s})
	if err != nil || created {
		t.Fatalf("PUT same target: created=%v err=%v", created, err)
	}
	all, err := tg.client.AllIdentities(ctx, a.ID)
	if err != nil || len(all.SocialIdentities) != 2 || all.SSOIdentities == nil {
		t.Fatalf("all-identities = %+v, %v", all, err)
	}
	// DELETE takes the target, not the connector id, and answers with the user.
	user, err := tg.client.UnlinkIdentity(ctx, a.ID, "github")
	if err != nil {
		t.Fatal(err)
	}
	if _, still := user.Identities["github"]; still || user.SSOIdentities != nil {
		t.Errorf("unlink answer: identities=%v sso=%v", user.Identities, user.SSOIdentities)
	}
	_, err = tg.client.UnlinkIdentity(ctx, a.ID, "github")
	wantCode(t, err, http.StatusNotFound, "user.identity_not_exist")
	_, err = tg.client.SSOIdentity(ctx, a.ID, "nonexistent")
	wantCode(t, err, http.StatusNotFound, "user.enterprise_sso_identity_not_exists")
}

func TestContractSessionBasedConnectorIsRefused(t *testing.T) {
	tg := newTarget(t)
	tg.needEmulator(t, "adding a generic OIDC connector")
	tg.emu.AddConnector(emulatorOIDCConnector())
	ctx := context.Background()
	_, err := tg.client.AuthorizationURI(ctx, "oidc-social", "st", "http://127.0.0.1:1/callback")
	wantCode(t, err, http.StatusNotImplemented, "connector.not_implemented")
	_, err = tg.client.AuthorizationURI(ctx, "mock-email", "st", "http://127.0.0.1:1/callback")
	wantCode(t, err, http.StatusBadRequest, "connector.unexpected_type")
}

func TestMockSocialRoundTrip(t *testing.T) {
	tg := newTarget(t)
	tg.needEmulator(t, "following the mock provider's redirect")
	ctx := context.Background()
	u := tg.newUser(t, logto.NewUser{Username: "roundtrip_" + suffix()})
	redirect := "http://127.0.0.1:9/callback"
	to, err := tg.client.AuthorizationURI(ctx, "mock-social", "state123", redirect)
	if err != nil {
		t.Fatal(err)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(to + "&sub=provider-77")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Query().Get("state") != "state123" || back.Query().Get("code") == "" {
		t.Fatalf("provider redirect %q lacks state or code", resp.Header.Get("Location"))
	}
	ids, err := tg.client.LinkIdentity(ctx, u.ID, "mock-social", map[string]string{
		"code": back.Query().Get("code"), "state": "state123", "redirectUri": redirect})
	if err != nil {
		t.Fatal(err)
	}
	if ids["mock-social"].UserID != "provider-77" {
		t.Errorf("linked subject = %q", ids["mock-social"].UserID)
	}
}
