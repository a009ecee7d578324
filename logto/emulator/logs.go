package emulator

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file is Logto's audit log (packages/core/src/routes/log.ts,
// packages/core/src/queries/log.ts, packages/core/src/event-listeners/grant.ts):
// the entries the emulator writes as it performs sign-ins and token
// exchanges, and GET /api/logs.

// logEntry is one audit-log row.
type logEntry struct {
	ID        string
	Key       string
	Payload   map[string]any
	CreatedAt time.Time
	seq       uint64
}

// maxLogEntries bounds the emulator's log (a long demo or walk would grow
// it without end); the oldest entries go first.
const maxLogEntries = 5000

// logCountCap is Logto's bound on counting (LOGS_COUNT_CAP) with enableCap.
const logCountCap = 10_000

// listedLogPrefixes are the key prefixes GET /api/logs returns at 1.42 (the
// route's includeKeyPrefix); webhook entries and the like are left out.
var listedLogPrefixes = []string{"ExchangeTokenBy", "RevokeToken", "RevokeGrants", "Interaction", "JwtCustomizer",
	"Saml", "Action", "Unknown"}

// LogEvent describes an audit-log entry written by SeedLog (tests, the demo).
type LogEvent struct {
	Key           string
	UserID        string
	ApplicationID string
	IP, UserAgent string
	// ErrorCode marks the entry as failed with this Logto code.
	ErrorCode string
	// Age is how long ago it happened.
	Age time.Duration
}

// SeedLog writes an audit-log entry as if Logto had.
func (e *Emulator) SeedLog(ev LogEvent) {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := map[string]any{}
	for k, v := range map[string]string{"userId": ev.UserID, "applicationId": ev.ApplicationID, "ip": ev.IP, "userAgent": ev.UserAgent} {
		if v != "" {
			p[k] = v
		}
	}
	if ev.ErrorCode != "" {
		p["result"] = "Error"
		p["error"] = map[string]any{"code": ev.ErrorCode, "message": messageFor(ev.ErrorCode)}
	}
	e.writeLogLocked(ev.Key, p, e.clock().Add(-ev.Age))
}

// logLocked writes an entry for what request r made happen: Logto's audit
// middleware adds the caller's address and user agent to every entry
// (koa-audit-log.ts). Call with e.mu held.
func (e *Emulator) logLocked(r *http.Request, key string, payload map[string]any) {
	if payload == nil {
		payload = map[string]any{}
	}
	if r != nil {
		if ip := hostOnly(r.RemoteAddr); ip != "" {
			payload["ip"] = ip
		}
		if ua := r.UserAgent(); ua != "" {
			payload["userAgent"] = ua
		}
	}
	e.writeLogLocked(key, payload, e.clock())
}

func (e *Emulator) writeLogLocked(key string, payload map[string]any, at time.Time) {
	payload["key"] = key
	if _, ok := payload["result"]; !ok {
		payload["result"] = "Success"
	}
	e.logs = append(e.logs, &logEntry{ID: randomID(21), Key: key, Payload: payload, CreatedAt: at, seq: e.nextSeq()})
	if len(e.logs) > maxLogEntries {
		e.logs = slices.Delete(e.logs, 0, len(e.logs)-maxLogEntries)
	}
}

// grantLogLocked writes Logto's grant.success / grant.error entry of a
// token request (event-listeners/grant.ts): ExchangeTokenBy.<grant type>,
// with the user when the grant had one.
func (e *Emulator) grantLogLocked(r *http.Request, exchangeBy, clientID, userID, scope, errName string) {
	p := map[string]any{}
	if clientID != "" {
		p["applicationId"] = clientID
	}
	if userID != "" {
		p["userId"] = userID
	}
	if scope != "" {
		p["scope"] = scope
	}
	if errName != "" {
		p["result"] = "Error"
		p["error"] = "OIDCProviderError: " + errName
	}
	e.logLocked(r, "ExchangeTokenBy."+exchangeBy, p)
}

func (l *logEntry) json() map[string]any {
	return map[string]any{"tenantId": "default", "id": l.ID, "key": l.Key, "payload": l.Payload,
		"createdAt": l.CreatedAt.UnixMilli()}
}

// timeParam reads start_time/end_time as Logto's parseTimestampParam does:
// Number(raw), finite or 400 guard.invalid_input.
func timeParam(w http.ResponseWriter, q map[string][]string, key string) (int64, bool, bool) {
	v, present := q[key]
	if !present {
		return 0, false, true
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v[0]), 64)
	if strings.TrimSpace(v[0]) == "" {
		f, err = 0, nil // Number("") is 0 in JavaScript
	}
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		apiError(w, http.StatusBadRequest, "guard.invalid_input", nil)
		return 0, false, false
	}
	return int64(f), true, true
}

func (e *Emulator) listLogs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, size := 1, 20
	for key, dst := range map[string]*int{"page": &page, "page_size": &size} {
		if v, present := q[key]; present {
			n, err := strconv.Atoi(v[0])
			if err != nil || n < 1 || (key == "page_size" && n > 100) {
				apiError(w, http.StatusBadRequest, "guard.invalid_pagination", nil)
				return
			}
			*dst = n
		}
	}
	start, hasStart, ok := timeParam(w, q, "start_time")
	if !ok {
		return
	}
	end, hasEnd, ok := timeParam(w, q, "end_time")
	if !ok {
		return
	}
	if hasStart && hasEnd && start > end {
		apiError(w, http.StatusBadRequest, "log.invalid_time_window", nil)
		return
	}
	userID, appID, key := q.Get("userId"), q.Get("applicationId"), q.Get("logKey")
	e.mu.Lock()
	var matched []*logEntry
	for i := len(e.logs) - 1; i >= 0; i-- { // newest first
		l := e.logs[i]
		ms := l.CreatedAt.UnixMilli()
		switch {
		case !slices.ContainsFunc(listedLogPrefixes, func(p string) bool { return strings.HasPrefix(l.Key, p) }),
			userID != "" && l.Payload["userId"] != userID,
			appID != "" && l.Payload["applicationId"] != appID,
			key != "" && l.Key != key,
			hasStart && ms < start,
			hasEnd && ms > end:
			continue
		}
		matched = append(matched, l)
	}
	// Seeded entries may be older than later ones: order by time as Logto does.
	slices.SortStableFunc(matched, func(a, b *logEntry) int { return b.CreatedAt.Compare(a.CreatedAt) })
	total := len(matched)
	from := min((page-1)*size, total)
	out := make([]any, 0, min(size, total-from))
	for _, l := range matched[from:min(from+size, total)] {
		out = append(out, l.json())
	}
	e.mu.Unlock()
	capped := q.Get("enableCap") == "true" || q.Get("enableCap") == "1" || q.Get("enableCap") == "yes"
	if capped && total > logCountCap {
		w.Header().Set("Total-Number", strconv.Itoa(logCountCap+1))
		w.Header().Set("Total-Number-Is-Capped", "true")
	} else {
		w.Header().Set("Total-Number", strconv.Itoa(total))
	}
	writeJSON(w, http.StatusOK, out)
}
