package logto

import (
	"context"
	"errors"
	"strings"
	"time"
)

// ExportSource is what an export reads: both backends serve it; what one
// lacks (personal access tokens, the audit log, organisations in the
// Account API without their scopes) is left out with the reason.
type ExportSource interface {
	Me(ctx context.Context) (*User, error)
	MFAVerifications(ctx context.Context) ([]MFAVerification, error)
	Sessions(ctx context.Context) ([]Session, error)
	Grants(ctx context.Context) ([]Grant, error)
}

// Export is everything Logto holds about the user that this program can
// read, without secrets: identity details without tokens, factors without
// secrets, token names without values. It is what "export my data" writes.
type Export struct {
	Format     string    `json:"format"`
	ExportedAt time.Time `json:"exportedAt"`
	Tenant     string    `json:"tenant"`
	// Through says which API read it ("Management API" or "Account API").
	Through         string            `json:"through"`
	User            *User             `json:"user"`
	MFAFactors      []MFAVerification `json:"mfaFactors"`
	TwoStepSettings *TwoStepSettings  `json:"twoStepSettings,omitempty"`
	Sessions        []ExportSession   `json:"sessions"`
	Grants          []ExportGrant     `json:"grants"`
	PersonalAccess  []ExportToken     `json:"personalAccessTokens,omitempty"`
	Organizations   []Organization    `json:"organizations,omitempty"`
	SignInHistory   []LogEntry        `json:"signInHistory,omitempty"`
	HistorySince    *time.Time        `json:"signInHistorySince,omitempty"`
	NotIncluded     map[string]string `json:"notIncluded,omitempty"`
}

// ExportSession is a browser session as exported.
type ExportSession struct {
	ID         string        `json:"id"`
	SignedInAt time.Time     `json:"signedInAt"`
	ExpiresAt  time.Time     `json:"expiresAt"`
	Where      SignInContext `json:"where"`
	Apps       []string      `json:"apps"`
}

// ExportGrant is an app's authorisation as exported.
type ExportGrant struct {
	App       string              `json:"app"`
	AppID     string              `json:"appId"`
	GrantedAt time.Time           `json:"grantedAt"`
	ExpiresAt time.Time           `json:"expiresAt"`
	Scopes    []string            `json:"scopes"`
	APIScopes map[string][]string `json:"apiScopes,omitempty"`
}

// ExportToken is a personal access token without its value.
type ExportToken struct {
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"createdAt"`
	ExpiresAt *time.Time `json:"expiresAt"`
}

// HistoryDays is how far back an export reads the sign-in history.
const HistoryDays = 90

// maxHistoryPages bounds the history an export reads (100 entries a page).
const maxHistoryPages = 20

// BuildExport reads the user's data from src. A part src cannot give is
// left out and named in NotIncluded with the reason (wordsFor turns an
// error into a sentence); only failing to read the user is an error.
func BuildExport(ctx context.Context, src ExportSource, endpoint string, now time.Time, wordsFor func(error) string) (*Export, error) {
	x := &Export{Format: "logto-account export 1", ExportedAt: now.UTC(), Tenant: endpoint, NotIncluded: map[string]string{},
		Through: "Management API"}
	if m, ok := src.(interface{ Mode() string }); ok {
		x.Through = m.Mode()
	}
	lacks := func(c Capability) bool {
		l, ok := src.(Lacking)
		return ok && l.Lacks(c)
	}
	skip := func(part string, err error) {
		var ue *UnavailableError
		if errors.As(err, &ue) {
			x.NotIncluded[part] = "not available through the " + x.Through
			return
		}
		x.NotIncluded[part] = wordsFor(err)
	}
	u, err := src.Me(ctx)
	if err != nil {
		return nil, err
	}
	cp := *u
	cp.Identities = Identities{}
	for t, id := range u.Identities {
		cp.Identities[t] = Identity{UserID: id.UserID, Details: withoutSecrets(id.Details)}
	}
	x.User = &cp
	if x.MFAFactors, err = src.MFAVerifications(ctx); err != nil {
		skip("mfaFactors", err)
	}
	if ts, ok := src.(interface {
		TwoStepSettings(ctx context.Context) (*TwoStepSettings, error)
	}); ok {
		if x.TwoStepSettings, err = ts.TwoStepSettings(ctx); err != nil {
			skip("twoStepSettings", err)
		}
	}
	if ss, err := src.Sessions(ctx); err != nil {
		skip("sessions", err)
	} else {
		for _, s := range ss {
			es := ExportSession{ID: s.ID(), SignedInAt: s.SignedInAt().UTC(), ExpiresAt: s.ExpiresAt.UTC(), Where: s.Context(), Apps: []string{}}
			for app := range s.Payload.Authorizations {
				es.Apps = append(es.Apps, app)
			}
			x.Sessions = append(x.Sessions, es)
		}
	}
	if gs, err := src.Grants(ctx); err != nil {
		skip("grants", err)
	} else {
		for _, g := range gs {
			x.Grants = append(x.Grants, ExportGrant{App: g.AppName(), AppID: g.Application.ID, GrantedAt: g.GrantedAt().UTC(),
				ExpiresAt: g.ExpiresAt.UTC(), Scopes: g.Scopes(), APIScopes: g.ResourceScopes()})
		}
	}
	if pt, ok := src.(interface {
		PersonalAccessTokens(ctx context.Context) ([]PersonalAccessToken, error)
	}); ok && !lacks(CapPersonalAccessTokens) {
		if list, err := pt.PersonalAccessTokens(ctx); err != nil {
			skip("personalAccessTokens", err)
		} else {
			x.PersonalAccess = []ExportToken{}
			for _, t := range list {
				et := ExportToken{Name: t.Name, CreatedAt: t.CreatedAt.UTC()}
				if !t.ExpiresAt.IsZero() {
					e := t.ExpiresAt.UTC()
					et.ExpiresAt = &e
				}
				x.PersonalAccess = append(x.PersonalAccess, et)
			}
		}
	} else {
		x.NotIncluded["personalAccessTokens"] = "not available through the " + x.Through
	}
	if or, ok := src.(interface {
		Organizations(ctx context.Context) ([]Organization, error)
	}); ok {
		if x.Organizations, err = or.Organizations(ctx); err != nil {
			skip("organizations", err)
		}
	}
	if h, ok := src.(interface {
		History(ctx context.Context, q LogQuery) (*LogPage, error)
	}); ok && !lacks(CapSignInHistory) {
		since := now.Add(-HistoryDays * 24 * time.Hour).UTC()
		x.HistorySince = &since
		x.SignInHistory = []LogEntry{}
		for page := 1; page <= maxHistoryPages; page++ {
			p, err := h.History(ctx, LogQuery{Page: page, PageSize: 100, Since: since})
			if err != nil {
				skip("signInHistory", err)
				break
			}
			x.SignInHistory = append(x.SignInHistory, p.Entries...)
			if !p.HasNext() {
				break
			}
			if page == maxHistoryPages {
				x.NotIncluded["signInHistory"] = "only the newest 2,000 entries of the last 90 days"
			}
		}
	} else {
		x.NotIncluded["signInHistory"] = "not available through the " + x.Through
	}
	if len(x.NotIncluded) == 0 {
		x.NotIncluded = nil
	}
	return x, nil
}

// withoutSecrets copies identity details without keys that name a token,
// a secret or a password, at any depth.
func withoutSecrets(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		l := strings.ToLower(k)
		if strings.Contains(l, "token") || strings.Contains(l, "secret") || strings.Contains(l, "password") {
			continue
		}
		if sub, ok := v.(map[string]any); ok {
			v = withoutSecrets(sub)
		}
		out[k] = v
	}
	return out
}
