package logto_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto"
)

// rawPatch sends a PATCH the client would refuse, as another program could.
func (tg *target) rawPatch(t *testing.T, path string, body any) int {
	t.Helper()
	tok, err := tg.tokens.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPatch, tg.endpoint+path, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestContractANameLogtoCannotGiveBack: Logto's database takes 128
// characters, its response guard 128 UTF-16 units, so a name of 70 emoji
// is stored and then cannot be read back: the write itself, every read of
// the user and every list page holding it answer 500. The client refuses
// such a name before sending it.
func TestContractANameLogtoCannotGiveBack(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	s := suffix()
	u := tg.newUser(t, logto.NewUser{Username: "utf16_" + s, Name: "Short"})
	emoji := strings.Repeat("😀", 70)

	_, err := tg.client.UpdateUser(ctx, u.ID, logto.UserPatch{Name: logto.Value(emoji)})
	var ve *logto.ValidationError
	if !errors.As(err, &ve) || ve.Field != "name" {
		t.Fatalf("the client sent a name Logto cannot give back: %v", err)
	}

	if status := tg.rawPatch(t, "/api/users/"+u.ID, map[string]any{"name": emoji}); status != http.StatusInternalServerError {
		t.Fatalf("PATCH of 70 emoji answered %d, want 500 (stored, then refused by the response guard)", status)
	}
	t.Cleanup(func() { tg.rawPatch(t, "/api/users/"+u.ID, map[string]any{"name": "Fixed"}) })
	if _, err := tg.client.GetUser(ctx, u.ID, logto.GetUserOptions{}); logto.StatusOf(err) != http.StatusInternalServerError {
		t.Errorf("reading the user: %v, want a 500", err)
	}
	if _, err := tg.client.SearchUsers(ctx, logto.UserQuery{Search: "utf16_" + s}); logto.StatusOf(err) != http.StatusInternalServerError {
		t.Errorf("a search that finds the user: %v, want a 500", err)
	}
	if status := tg.rawPatch(t, "/api/users/"+u.ID, map[string]any{"name": "Fixed"}); status != http.StatusOK {
		t.Fatalf("putting a short name back answered %d", status)
	}
	if got, err := tg.client.GetUser(ctx, u.ID, logto.GetUserOptions{}); err != nil || logto.Str(got.Name) != "Fixed" {
		t.Errorf("after the fix: %v %v", got, err)
	}
}
