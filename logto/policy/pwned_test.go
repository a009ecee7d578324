package policy

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPwnedSendsOnlyThePrefix(t *testing.T) {
	sum := sha1.Sum([]byte("password1"))
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var asked string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = r.URL.Path
		fmt.Fprintf(w, "0000000000000000000000000000000000A:0\r\n%s:2427\r\n", h[5:])
	}))
	defer srv.Close()
	n, err := Pwned(context.Background(), srv.Client(), srv.URL+"/range/", "password1")
	if err != nil || n != 2427 {
		t.Fatalf("count = %d, %v", n, err)
	}
	if asked != "/range/"+h[:5] || strings.Contains(asked, h[5:]) {
		t.Errorf("asked %q: more than the 5-character prefix left the machine", asked)
	}
	if n, _ := Pwned(context.Background(), srv.Client(), srv.URL+"/range/", "Correct-Horse-Battery-9"); n != 0 {
		t.Errorf("an unlisted password counted %d", n)
	}
}
