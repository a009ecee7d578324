package emulator

import (
	"encoding/json"
	"maps"
	"net/http"
)

// defaultSignInExpJSON is a fresh Logto 1.42.0 tenant's sign-in experience
// (recorded): partial policies, MFA policy "UserControlled".
const defaultSignInExpJSON = `{
 "tenantId": "default",
 "id": "default",
 "color": {
  "primaryColor": "#6139F6",
  "isDarkModeEnabled": false,
  "darkPrimaryColor": "#8768F8"
 },
 "branding": {
  "logoUrl": "https://logto.io/logo.svg",
  "darkLogoUrl": "https://logto.io/logo-dark.svg"
 },
 "hideLogtoBranding": false,
 "languageInfo": {
  "autoDetect": true,
  "fallbackLanguage": "en"
 },
 "termsOfUseUrl": null,
 "privacyPolicyUrl": null,
 "agreeToTermsPolicy": "Automatic",
 "signIn": {
  "methods": [
   {
    "identifier": "username",
    "password": true,
    "verificationCode": false,
    "isPasswordPrimary": true
   }
  ]
 },
 "signUp": {
  "identifiers": [
   "username"
  ],
  "password": true,
  "verify": false
 },
 "socialSignIn": {},
 "socialSignInConnectorTargets": [],
 "signInMode": "SignInAndRegister",
 "customCss": null,
 "customContent": {},
 "customUiAssets": null,
 "customUiCsp": {},
 "passwordPolicy": {},
 "mfa": {
  "factors": [],
  "policy": "UserControlled"
 },
 "adaptiveMfa": {},
 "singleSignOnEnabled": false,
 "supportEmail": null,
 "supportWebsiteUrl": null,
 "unknownSessionRedirectUrl": null,
 "captchaPolicy": {},
 "sentinelPolicy": {},
 "emailBlocklistPolicy": {},
 "verificationCodePolicy": {},
 "forgotPasswordMethods": [],
 "passkeySignIn": {},
 "signUpProfileFields": null,
 "passwordExpiration": {},
 "usernamePolicy": {
  "caseSensitive": true,
  "minLength": 1,
  "maxLength": 128,
  "allowedChars": {
   "lowercase": true,
   "uppercase": true,
   "numbers": true,
   "underscore": true
  }
 }
}`

func defaultSignInExp() map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(defaultSignInExpJSON), &m); err != nil {
		panic(err)
	}
	return m
}

// SetSignInExperience shallow-merges settings into the tenant's sign-in
// experience (e.g. "passwordPolicy", "mfa", "usernamePolicy").
func (e *Emulator) SetSignInExperience(settings map[string]any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	maps.Copy(e.signInExp, settings)
}

func (e *Emulator) usernameCaseSensitive() bool {
	if p, ok := e.signInExp["usernamePolicy"].(map[string]any); ok {
		if v, ok := p["caseSensitive"].(bool); ok {
			return v
		}
	}
	return true
}

func (e *Emulator) getSignInExp(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	out := maps.Clone(e.signInExp)
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) patchSignInExp(w http.ResponseWriter, r *http.Request) {
	var patch map[string]any
	if json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&patch) != nil {
		guardError(w, "body", []any{}, "invalid_type", "Expected object")
		return
	}
	e.SetSignInExperience(patch)
	e.getSignInExp(w, r)
}

// publicSignInExp is the anonymous well-known variant, with connector metadata.
func (e *Emulator) publicSignInExp(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	out := maps.Clone(e.signInExp)
	social := []any{}
	targets, _ := out["socialSignInConnectorTargets"].([]any)
	for _, c := range e.connectors {
		for _, t := range targets {
			if c.Type == "Social" && t == c.Target {
				social = append(social, map[string]any{"id": c.ID, "target": c.Target, "name": c.Name,
					"logo": "", "logoDark": nil, "platform": "Universal"})
			}
		}
	}
	e.mu.Unlock()
	delete(out, "emailBlocklistPolicy")
	delete(out, "forgotPasswordMethods")
	out["socialConnectors"] = social
	out["ssoConnectors"] = []any{}
	out["forgotPassword"] = map[string]any{"phone": false, "email": false}
	out["isDevelopmentTenant"] = false
	out["customProfileFields"] = []any{}
	out["customProfileFieldCatalog"] = []any{}
	writeJSON(w, http.StatusOK, out)
}
