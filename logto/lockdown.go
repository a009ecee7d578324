package logto

import (
	"context"
	"fmt"
)

// LockdownSource is what "my account may be compromised" acts on: both
// backends serve it (the Account API has no personal access tokens; its
// lack is reported, not faked).
type LockdownSource interface {
	Sessions(ctx context.Context) ([]Session, error)
	Grants(ctx context.Context) ([]Grant, error)
	RevokeSession(ctx context.Context, id string, target RevokeGrants) error
	RevokeGrant(ctx context.Context, id string) error
}

// LockdownReport says what a lockdown revoked and what failed.
type LockdownReport struct {
	Sessions, Grants, Tokens int
	// Failed names each thing that could not be revoked, with why.
	Failed []string
	// TokensWhy says why personal access tokens were left alone ("" when
	// they were not).
	TokensWhy string
	// Own is set when this program's own sign-in was revoked (last): the
	// program must sign in again.
	Own bool
}

// Lockdown signs out every browser session, revokes every app's access
// and every personal access token, and this program's own grant last
// (own: its id; "" when it cannot be told, and then every grant of
// clientID goes last). Logto has no bulk call: it loops and goes on past
// failures, which it reports. wordsFor turns an error into a sentence.
func Lockdown(ctx context.Context, src LockdownSource, own, clientID string, wordsFor func(error) string) LockdownReport {
	var r LockdownReport
	fail := func(what string, err error) { r.Failed = append(r.Failed, what+": "+wordsFor(err)) }
	if sessions, err := src.Sessions(ctx); err != nil {
		fail("listing the sessions", err)
	} else {
		for i, s := range sessions {
			// The grants go one by one below (this program's last), so the
			// session keeps them for now.
			if err := src.RevokeSession(ctx, s.ID(), RevokeGrantsDefault); err != nil && !IsCode(err, "oidc.session_not_found") {
				fail(fmt.Sprintf("browser session %d", i+1), err)
				continue
			}
			r.Sessions++
		}
	}
	grants, err := src.Grants(ctx)
	if err != nil {
		fail("listing the apps", err)
	}
	ours := func(g Grant) bool {
		if own != "" {
			return g.ID == own
		}
		return clientID != "" && g.Payload.ClientID == clientID
	}
	var last []Grant
	for _, g := range grants {
		if ours(g) {
			last = append(last, g)
			continue
		}
		if err := src.RevokeGrant(ctx, g.ID); err != nil && !IsCode(err, "oidc.invalid_grant") {
			fail(g.AppName()+"'s access", err)
			continue
		}
		r.Grants++
	}
	pats, ok := src.(interface {
		PersonalAccessTokens(ctx context.Context) ([]PersonalAccessToken, error)
		DeletePersonalAccessToken(ctx context.Context, name string) error
	})
	if l, lacking := src.(Lacking); !ok || (lacking && l.Lacks(CapPersonalAccessTokens)) {
		r.TokensWhy = "personal access tokens need admin rights, which this program does not hold here"
	} else if list, err := pats.PersonalAccessTokens(ctx); err != nil {
		fail("listing the personal access tokens", err)
	} else {
		for _, t := range list {
			if err := pats.DeletePersonalAccessToken(ctx, t.Name); err != nil {
				fail("token "+t.Name, err)
				continue
			}
			r.Tokens++
		}
	}
	for _, g := range last {
		if err := src.RevokeGrant(ctx, g.ID); err != nil && !IsCode(err, "oidc.invalid_grant") {
			fail("this program's sign-in", err)
			continue
		}
		r.Grants++
		r.Own = true
	}
	return r
}
