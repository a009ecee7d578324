package logto

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func FuzzDecodeAPIError(f *testing.F) {
	f.Add(400, []byte(`{"code":"guard.invalid_input","message":"The request body is invalid.","details":"x","data":{"issues":[]}}`))
	f.Add(400, []byte(`{"code":"oidc.invalid_grant","message":"Grant request is invalid.","error":"invalid_grant","error_description":"grant request is invalid"}`))
	f.Add(500, []byte(`{"message":"Internal server error."}`))
	f.Add(502, []byte(`<html><body>Bad Gateway</body></html>`))
	f.Add(404, []byte(`"Not Found"`))
	f.Add(422, []byte(`{"code":"password.rejected","data":[{"code":"password_rejected.too_short","interpolation":{"min":8}}]}`))
	f.Add(400, []byte(`{"code":`))
	f.Add(0, []byte{})
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := decodeAPIError("GET", "/api/x", status, body)
		if e.Status != status {
			t.Fatalf("status %d became %d", status, e.Status)
		}
		msg := e.Error()
		if msg == "" || !strings.HasPrefix(msg, "logto: GET /api/x") {
			t.Fatalf("message %q", msg)
		}
		var probe map[string]any
		if json.Unmarshal(body, &probe) == nil {
			if c, ok := probe["code"].(string); ok && e.Code != c {
				t.Fatalf("code %q decoded as %q", c, e.Code)
			}
		}
	})
}

func FuzzDecodeUser(f *testing.F) {
	f.Add([]byte(`{"id":"5sqhlvpvwbwc","username":"contract_user","primaryEmail":"Contract.User@example.com","primaryPhone":null,"name":"Contract User","avatar":null,"customData":{},"identities":{},"lastSignInAt":null,"createdAt":1795534842661,"updatedAt":1795534842661,"profile":{},"applicationId":null,"cimdClientId":null,"isSuspended":false,"hasPassword":true}`))
	f.Add([]byte(`{"id":"x","ssoIdentities":[],"profile":{"address":{"region":"NSW"}},"identities":{"google":{"userId":"1","details":{"id":"1"}}}}`))
	f.Add([]byte(`{"createdAt":"2026-11-24T15:42:03.170Z","lastSignInAt":1.5e12}`))
	f.Add([]byte(`{"createdAt":"yesterday"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var u User
		if err := json.Unmarshal(body, &u); err != nil {
			return
		}
		_ = u.DisplayName()
		again, err := json.Marshal(u)
		if err != nil {
			t.Fatalf("a decoded user does not encode: %v", err)
		}
		var u2 User
		if err := json.Unmarshal(again, &u2); err != nil {
			t.Fatalf("round trip: %v", err)
		}
		if u2.ID != u.ID || Str(u2.Username) != Str(u.Username) || u2.CreatedAt.UnixMilli() != u.CreatedAt.UnixMilli() {
			t.Fatalf("round trip changed the user: %+v vs %+v", u, u2)
		}
	})
}

func FuzzPagination(f *testing.F) {
	f.Add("5", "", "")
	f.Add("1000", "true", "120")
	f.Add("-3", "TRUE", "Wed, 21 Oct 2026 07:28:00 GMT")
	f.Add("abc", "false", "-1")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, total, capped, retryAfter string) {
		h := http.Header{}
		h.Set("Total-Number", total)
		h.Set("Total-Number-Is-Capped", capped)
		n, c := ParsePaginationHeaders(h)
		if n < -1 {
			t.Fatalf("total %d below -1", n)
		}
		p := &UserPage{Total: n, TotalCapped: c, Page: 1, PageSize: 20}
		_ = p.HasNext()
		if d := parseRetryAfter(retryAfter, time.Unix(1_800_000_000, 0)); d < 0 {
			t.Fatalf("Retry-After %q gave a negative wait %v", retryAfter, d)
		}
	})
}
