package logto

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Log keys the sign-in history reads (docs/logto-behaviour.md#logs). Logto
// writes many more; the listing route returns only those whose key starts
// with Interaction, ExchangeTokenBy, RevokeToken (and a few others).
const (
	LogSignIn          = "Interaction.SignIn.Submit"
	LogRegister        = "Interaction.Register.Submit"
	LogForgotPassword  = "Interaction.ForgotPassword.Submit"
	LogPasswordTry     = "Interaction.SignIn.Verification.Password.Submit"
	LogExchangeDevice  = "ExchangeTokenBy.DeviceCode"
	LogExchangeRefresh = "ExchangeTokenBy.RefreshToken"
	LogExchangeCode    = "ExchangeTokenBy.AuthorizationCode"
	LogExchangeToken   = "ExchangeTokenBy.TokenExchange"
	LogRevokeToken     = "RevokeToken"
	LogRevokeGrants    = "RevokeGrants"
)

// LogEntry is one audit-log entry (GET /api/logs): what happened (Key),
// whether it worked, and where from. Payload keys beyond these (params,
// interaction, userAgentParsed) are left undecoded: they can hold what a
// person typed.
type LogEntry struct {
	ID        string     `json:"id"`
	Key       string     `json:"key"`
	Payload   LogPayload `json:"payload"`
	CreatedAt Time       `json:"createdAt"`
}

// LogPayload is the part of an entry's payload the history shows.
type LogPayload struct {
	Result        string `json:"result"`
	IP            string `json:"ip,omitempty"`
	UserAgent     string `json:"userAgent,omitempty"`
	UserID        string `json:"userId,omitempty"`
	ApplicationID string `json:"applicationId,omitempty"`
	SessionID     string `json:"sessionId,omitempty"`
	// Error is Logto's error: {code, message, data} or a string. Only the
	// code is kept (ErrorCode); the rest may quote input.
	Error json.RawMessage `json:"error,omitempty"`
}

// Failed reports an entry whose result is Error.
func (e *LogEntry) Failed() bool { return e.Payload.Result == "Error" }

// ErrorCode is the Logto code of a failed entry ("" when it has none).
func (e *LogEntry) ErrorCode() string {
	var body struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(e.Payload.Error, &body) == nil {
		return body.Code
	}
	return ""
}

// LogQuery selects a page of GET /api/logs.
type LogQuery struct {
	UserID        string
	ApplicationID string
	// Key is an exact log key (Logto's logKey), e.g. LogSignIn; "" means all.
	Key string
	// Page is 1-based; 0 means 1. PageSize is 1–100; 0 means 20.
	Page, PageSize int
	// Since and Until bound createdAt (inclusive; zero: unbounded). Logto
	// reads them from 1.40.0 on; an older server ignores them, so the
	// client drops entries outside them itself.
	Since, Until time.Time
}

// LogPage is one page of entries, newest first.
type LogPage struct {
	Entries []LogEntry
	// Total is the Total-Number header; a lower bound when TotalCapped.
	Total       int
	TotalCapped bool
	Page        int
	PageSize    int
}

// HasNext reports whether another page may follow.
func (p *LogPage) HasNext() bool {
	if p.TotalCapped || p.Total < 0 {
		return len(p.Entries) == p.PageSize && len(p.Entries) > 0
	}
	return p.Page*p.PageSize < p.Total
}

// Logs lists audit-log entries, newest first, one page at a time.
func (c *Client) Logs(ctx context.Context, q LogQuery) (*LogPage, error) {
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PageSize == 0 {
		q.PageSize = 20
	}
	if q.Page < 1 {
		return nil, &ValidationError{Field: "page", Reason: "must be 1 or more"}
	}
	if q.PageSize < 1 || q.PageSize > 100 {
		return nil, &ValidationError{Field: "page_size", Reason: "must be between 1 and 100"}
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && q.Since.After(q.Until) {
		return nil, &ValidationError{Field: "start_time", Reason: "must not be after end_time"}
	}
	v := url.Values{"page": {strconv.Itoa(q.Page)}, "page_size": {strconv.Itoa(q.PageSize)}}
	for k, s := range map[string]string{"userId": q.UserID, "applicationId": q.ApplicationID, "logKey": q.Key} {
		if s = strings.TrimSpace(s); s != "" {
			v.Set(k, s)
		}
	}
	if !q.Since.IsZero() {
		v.Set("start_time", strconv.FormatInt(q.Since.UnixMilli(), 10))
	}
	if !q.Until.IsZero() {
		v.Set("end_time", strconv.FormatInt(q.Until.UnixMilli(), 10))
	}
	var entries []LogEntry
	resp, err := c.do(ctx, request{method: http.MethodGet, path: "/api/logs", query: v}, &entries)
	if err != nil {
		return nil, err
	}
	kept := entries[:0]
	for _, e := range entries {
		if (!q.Since.IsZero() && e.CreatedAt.Before(q.Since)) || (!q.Until.IsZero() && e.CreatedAt.After(q.Until)) {
			continue
		}
		kept = append(kept, e)
	}
	total, capped := ParsePaginationHeaders(resp.header)
	return &LogPage{Entries: kept, Total: total, TotalCapped: capped, Page: q.Page, PageSize: q.PageSize}, nil
}

// History is the bound user's audit-log entries (key "" = all kinds the
// route lists).
func (a *ManagementAccount) History(ctx context.Context, q LogQuery) (*LogPage, error) {
	q.UserID = a.id
	return a.c.Logs(ctx, q)
}
