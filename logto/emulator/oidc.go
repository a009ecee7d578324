package emulator

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// accessToken is an opaque user access token.
type accessToken struct {
	GrantID string
	// SessionUID is the browser session that approved the grant when the
	// token was issued (oidc-provider keeps it on the token): the Account
	// API marks that session isCurrent.
	SessionUID string
	UserID     string
	ClientID   string
	Scope      string
	Exp        time.Time
}

// refreshToken is a rotating refresh token (public clients).
type refreshToken struct {
	GrantID  string
	UserID   string
	ClientID string
	Scope    string
	// Consumed is when it was rotated; reuse within 3 s is tolerated.
	Consumed *time.Time
}

// deviceAuth is a pending or finished device authorisation.
type deviceAuth struct {
	ClientID  string
	UserCode  string
	Scope     string
	Resources []string
	Expires   time.Time
	// State is "pending", "approved", "denied" or "redeemed".
	State   string
	UserID  string
	GrantID string
}

const (
	deviceTTL      = 600 * time.Second
	accessTTL      = time.Hour
	refreshReuse   = 3 * time.Second
	grantDeviceKey = "urn:ietf:params:oauth:grant-type:device_code"
	grantExchange  = "urn:ietf:params:oauth:grant-type:token-exchange"
	patTokenType   = "urn:logto:token-type:personal_access_token"
)

func (e *Emulator) discovery(w http.ResponseWriter, r *http.Request) {
	base := issuerBase(r)
	iss := base + "/oidc"
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                           iss,
		"authorization_endpoint":                           iss + "/auth",
		"device_authorization_endpoint":                    iss + "/device/auth",
		"token_endpoint":                                   iss + "/token",
		"userinfo_endpoint":                                iss + "/me",
		"jwks_uri":                                         iss + "/jwks",
		"revocation_endpoint":                              iss + "/token/revocation",
		"introspection_endpoint":                           iss + "/token/introspection",
		"end_session_endpoint":                             iss + "/session/end",
		"grant_types_supported":                            []string{"implicit", "authorization_code", "refresh_token", "client_credentials", grantDeviceKey, grantExchange},
		"scopes_supported":                                 []string{"openid", "offline_access", "profile", "email", "phone", "address", "custom_data", "identities", "roles", "urn:logto:scope:organizations", "urn:logto:scope:organization_roles", "urn:logto:scope:sessions"},
		"id_token_signing_alg_values_supported":            []string{e.alg},
		"code_challenge_methods_supported":                 []string{"S256"},
		"response_types_supported":                         []string{"code id_token", "code", "id_token", "none"},
		"subject_types_supported":                          []string{"public"},
		"token_endpoint_auth_methods_supported":            []string{"client_secret_basic", "client_secret_jwt", "client_secret_post", "private_key_jwt", "none"},
		"authorization_response_iss_parameter_supported":   true,
		"backchannel_logout_supported":                     true,
		"backchannel_logout_session_supported":             true,
		"claim_types_supported":                            []string{"normal"},
		"claims_parameter_supported":                       false,
		"pushed_authorization_request_endpoint":            iss + "/request",
		"request_uri_parameter_supported":                  false,
		"response_modes_supported":                         []string{"form_post", "fragment", "query"},
		"token_endpoint_auth_signing_alg_values_supported": []string{"HS256", "RS256", "PS256", "ES256", "Ed25519", "EdDSA"},
		"claims_supported":                                 []string{"sub", "name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at", "username", "created_at", "email", "email_verified", "phone_number", "phone_number_verified", "address", "custom_data", "identities", "sso_identities", "roles", "iss"},
	})
}

func (e *Emulator) serveJWKS(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, e.jwks())
}

// form reads a form-encoded or JSON body into url.Values (Logto takes both).
func form(r *http.Request) url.Values {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		v := url.Values{}
		if json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20)).Decode(&m) == nil {
			for k, x := range m {
				if s, ok := x.(string); ok {
					v.Set(k, s)
				}
			}
		}
		return v
	}
	_ = r.ParseForm()
	return r.PostForm
}

func (e *Emulator) deviceAuthorize(w http.ResponseWriter, r *http.Request) {
	f := form(r)
	var issued string
	defer func() { // registered before the unlock, so it runs after it
		if issued != "" {
			e.deviceChanged(issued, DevicePending)
		}
	}()
	e.mu.Lock()
	defer e.mu.Unlock()
	app := e.apps[f.Get("client_id")]
	switch {
	case f.Get("client_id") == "":
		oidcError(w, http.StatusBadRequest, "invalid_request", "no client authentication mechanism provided")
		return
	case app == nil:
		oidcError(w, http.StatusBadRequest, "invalid_client", "invalid client "+f.Get("client_id"))
		return
	case !app.DeviceFlow:
		oidcError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	for _, res := range f["resource"] {
		if res != ManagementResource {
			oidcError(w, http.StatusBadRequest, "invalid_target", "resource indicator is missing, or unknown")
			return
		}
	}
	code := randomString(43)
	userCode := randomFrom("BCDFGHJKLMNPQRSTVWXZ", 4) + "-" + randomFrom("BCDFGHJKLMNPQRSTVWXZ", 4)
	e.devices[code] = &deviceAuth{ClientID: app.ID, UserCode: userCode, Scope: f.Get("scope"),
		Resources: f["resource"], Expires: e.clock().Add(deviceTTL), State: "pending"}
	e.userCodes[userCode] = code
	issued = userCode
	base := issuerBase(r)
	writeJSON(w, http.StatusOK, map[string]any{
		"device_code": code, "user_code": userCode,
		"verification_uri":          base + "/device",
		"verification_uri_complete": base + "/device?user_code=" + userCode,
		"expires_in":                int(deviceTTL.Seconds()),
	})
}

// clientAuth resolves client authentication as oidc-provider does.
func (e *Emulator) clientAuth(w http.ResponseWriter, r *http.Request, f url.Values, needSecret bool) *App {
	user, pass, basic := r.BasicAuth()
	if basic {
		user, _ = url.QueryUnescape(user)
		pass, _ = url.QueryUnescape(pass)
		if f.Get("client_secret") != "" {
			oidcError(w, http.StatusBadRequest, "invalid_request", "client authentication must only be provided using one mechanism")
			return nil
		}
	} else {
		user, pass = f.Get("client_id"), f.Get("client_secret")
	}
	if user == "" {
		oidcError(w, http.StatusBadRequest, "invalid_request", "no client authentication mechanism provided")
		return nil
	}
	app := e.apps[user]
	if app == nil {
		oidcError(w, http.StatusBadRequest, "invalid_client", "invalid client "+user)
		return nil
	}
	if (needSecret || app.Secret != "") && app.Secret != pass {
		oidcError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return nil
	}
	return app
}

// userClaims builds ID-token or userinfo claims for the granted scopes.
func (e *Emulator) userClaims(u *user, scopes []string, userinfo bool) map[string]any {
	c := map[string]any{"sub": u.ID}
	has := func(s string) bool { return slices.Contains(scopes, s) }
	if has("profile") {
		c["name"], c["picture"], c["username"] = u.Name, u.Avatar, u.Username
		c["updated_at"], c["created_at"] = u.UpdatedAt, u.CreatedAt
		for k, claim := range map[string]string{"givenName": "given_name", "familyName": "family_name",
			"middleName": "middle_name", "nickname": "nickname", "preferredUsername": "preferred_username",
			"website": "website", "gender": "gender", "birthdate": "birthdate", "zoneinfo": "zoneinfo", "locale": "locale"} {
			if v, ok := u.Profile[k]; ok {
				c[claim] = v
			}
		}
		if _, ok := c["preferred_username"]; !ok && u.Username != nil {
			c["preferred_username"] = *u.Username
		}
	}
	if has("email") {
		c["email"], c["email_verified"] = u.PrimaryEmail, u.PrimaryEmail != nil
	}
	if has("phone") {
		c["phone_number"], c["phone_number_verified"] = u.PrimaryPhone, u.PrimaryPhone != nil
	}
	if userinfo {
		if has("custom_data") {
			c["custom_data"] = u.CustomData
		}
		if has("identities") {
			c["identities"] = u.Identities
			c["sso_identities"] = append([]ssoIdentity{}, u.SSO...)
		}
		e.orgClaimsLocked(c, u.ID, scopes)
	}
	return c
}

func (e *Emulator) userinfo(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	e.mu.Lock()
	defer e.mu.Unlock()
	at := e.accessTok[tok]
	if !ok || at == nil || e.clock().After(at.Exp) || e.users[at.UserID] == nil || e.users[at.UserID].IsSuspended {
		oidcError(w, http.StatusUnauthorized, "invalid_token", "invalid token provided")
		return
	}
	writeJSON(w, http.StatusOK, e.userClaims(e.users[at.UserID], strings.Fields(at.Scope), true))
}

func (e *Emulator) revoke(w http.ResponseWriter, r *http.Request) {
	f := form(r)
	e.mu.Lock()
	defer e.mu.Unlock()
	if rt := e.refreshTok[f.Get("token")]; rt != nil {
		e.revokeGrantLocked(rt.GrantID)
		// oidc-provider's grant.revoked event (Logto's RevokeToken entry).
		e.logLocked(r, "RevokeToken", map[string]any{"userId": rt.UserID, "applicationId": rt.ClientID,
			"grantId": rt.GrantID, "tokenTypes": []string{"RefreshToken"}})
	}
	delete(e.accessTok, f.Get("token"))
	w.WriteHeader(http.StatusOK)
}

// bearer reads the Authorization header as Logto's koaAuth does; false
// means the 401 was written.
func bearer(w http.ResponseWriter, r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		apiError(w, http.StatusUnauthorized, "auth.authorization_header_missing", nil)
		return "", false
	}
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		apiError(w, http.StatusUnauthorized, "auth.authorization_token_type_not_supported",
			map[string]any{"supportedTypes": []string{"Bearer"}})
	}
	return tok, ok
}

// apiAuth checks the Management API bearer token like Logto's koaAuth.
func (e *Emulator) apiAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := bearer(w, r)
		if !ok {
			return
		}
		claims, err := e.verifyCached(tok)
		if err != nil {
			apiError(w, http.StatusUnauthorized, "auth.unauthorized", map[string]any{"code": "ERR_JWS_INVALID", "name": "JWSInvalid"})
			return
		}
		exp, _ := numClaim(claims, "exp")
		jti, _ := claims["jti"].(string)
		e.mu.Lock()
		now, revoked := e.clock(), e.m2mRevoked[jti]
		e.mu.Unlock()
		if now.Unix() >= exp || revoked {
			apiError(w, http.StatusUnauthorized, "auth.unauthorized", map[string]any{"code": "ERR_JWT_EXPIRED", "name": "JWTExpired"})
			return
		}
		if claims["aud"] != ManagementResource || claims["iss"] != issuerBase(r)+"/oidc" {
			apiError(w, http.StatusUnauthorized, "auth.unauthorized",
				map[string]any{"code": "ERR_JWT_CLAIM_VALIDATION_FAILED", "name": "JWTClaimValidationFailed"})
			return
		}
		if sub, _ := claims["sub"].(string); sub == "" {
			apiError(w, http.StatusUnauthorized, "auth.jwt_sub_missing", nil)
			return
		}
		if scope, _ := claims["scope"].(string); !slices.Contains(strings.Fields(scope), "all") {
			apiError(w, http.StatusForbidden, "auth.forbidden", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ExpireM2MTokens makes every Management API token issued so far answer
// 401 auth.unauthorized (as after expiry or key rotation).
func (e *Emulator) ExpireM2MTokens() {
	e.mu.Lock()
	for _, jti := range e.m2mIssued {
		e.m2mRevoked[jti] = true
	}
	e.m2mIssued = nil
	e.mu.Unlock()
}

// SignToken signs arbitrary claims with the tenant key (tests forge tokens).
func (e *Emulator) SignToken(typ string, claims map[string]any) string { return e.sign(typ, claims) }

// decodeClaims returns a JWT's claims without checking it (test helper).
func decodeClaims(tok string) map[string]any {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil
	}
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return m
}

// verifyCached verifies a JWT once and remembers its claims: ES384
// verification costs about 0.4 ms, far more than the rest of a request.
func (e *Emulator) verifyCached(tok string) (map[string]any, error) {
	if c, ok := e.verified.Load(tok); ok {
		return c.(map[string]any), nil
	}
	claims, err := e.verify(tok)
	if err != nil {
		return nil, err
	}
	e.verified.Store(tok, claims)
	return claims, nil
}
