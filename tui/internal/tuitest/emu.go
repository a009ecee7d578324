package tuitest

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

// Epoch is the fixed clock of screen tests (goldens must not change by date).
var Epoch = time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)

// UserID is the seeded test user's id.
const UserID = "ada000000001"

// Password is the seeded test user's password.
const Password = "Analytical-Engine-1843"

// Env is an emulator with the demo-like user and an account bound to it.
type Env struct {
	Emu     *emulator.Emulator
	Account *logto.ManagementAccount
	// Client is the Management API client (M2M) behind Account.
	Client *logto.Client
	URL    string
}

// NewEnv starts an emulator on loopback with a fixed clock and the user.
func NewEnv(t testing.TB) *Env {
	t.Helper()
	emu := emulator.New(emulator.Options{Now: func() time.Time { return Epoch }})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	emu.SeedUser(emulator.UserSeed{ID: UserID, Username: "ada", Email: "ada@example.com", Phone: "442079460958",
		Name: "Ada Lovelace", Password: Password,
		Profile:    map[string]any{"givenName": "Ada", "familyName": "Lovelace", "birthdate": "1815-12-10", "zoneinfo": "Europe/London"},
		CustomData: map[string]any{"theme": "dark", "notes": map[string]any{"engine": "analytical"}},
		Identities: map[string]string{"mock-social": "ada-social"}})
	emu.SeedSSOIdentity(UserID, "sso-acme", "https://idp.acme.example", "ada@acme.example", nil)
	ts, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: srv.URL, AppID: emulator.DefaultM2MAppID, AppSecret: emulator.DefaultM2MAppSecret})
	c, _ := logto.New(logto.Options{Endpoint: srv.URL, Tokens: ts})
	return &Env{Emu: emu, Account: logto.NewManagementAccount(c, UserID), Client: c, URL: srv.URL}
}

// AccountEnv is Env's user reached through the Account API with their own
// token (the end-user mode), the Account Center switched on.
type AccountEnv struct {
	Emu     *emulator.Emulator
	Account *logto.MyAccount
	// Client is the Management API (M2M): what an administrator does meanwhile.
	Client *logto.Client
	URL    string
}

type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }
func (staticToken) Invalidate(string)                       {}

// NewAccountEnv builds the same user as NewEnv, signed in for the Account API.
func NewAccountEnv(t testing.TB) *AccountEnv {
	t.Helper()
	env := NewEnv(t)
	env.Emu.SetAccountCenter(true, emulator.AllFields(emulator.FieldEdit))
	env.Emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp", "BackupCode"}, "policy": "UserControlled"}})
	tok, err := env.Emu.UserToken(UserID, emulator.DefaultDeviceAppID, emulator.AccountScopes)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := logto.New(logto.Options{Endpoint: env.URL, Tokens: staticToken(tok), Now: func() time.Time { return Epoch }})
	return &AccountEnv{Emu: env.Emu, Account: logto.NewMyAccount(c), Client: env.Client, URL: env.URL}
}
