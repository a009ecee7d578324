package emulator

import (
	"encoding/json"
	"sync"
	"time"
)

// The replay never reads the wall clock: the emulator's clock reads the time
// each record was made on the real server, moved by the run's shift, and
// the absolute times the recording sent (a PAT's expiresAt) move with it.
// A recorded expiry of 2026-11-25 therefore stays one day ahead of the
// request that sent it, whatever the date the test runs on.

// replayClock is the emulator's base clock during a replay. It only moves
// forward; Advance (expired device codes, the refresh-token grace) adds to
// it inside the emulator as it does in every other test.
type replayClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *replayClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

// reach moves the clock to t unless it is already later.
func (c *replayClock) reach(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.at) {
		c.at = t
	}
}

// nowKeys name the recorded fields that hold a moment at or before the
// answer: creation, update and sign-in times, a token's or session's iat.
// Expiry fields (expiresAt, exp) lie in the future and are left out.
var nowKeys = map[string]bool{"createdAt": true, "updatedAt": true, "lastSignInAt": true,
	"iat": true, "loginTs": true, "created_at": true, "updated_at": true}

// recordedAt is the latest moment in a record's request and answer that
// cannot be later than the answer itself: a lower bound of the time the
// real server answered, and the closest one the recording keeps (it has no
// timestamp of its own).
func recordedAt(r record) (time.Time, bool) {
	var latest time.Time
	for _, raw := range []json.RawMessage{r.Req, r.Body} {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			walkTimes(v, func(t time.Time) {
				if t.After(latest) {
					latest = t
				}
			})
		}
	}
	return latest, !latest.IsZero()
}

// walkTimes calls found with every moment held under a nowKeys key: epoch
// milliseconds, epoch seconds (OIDC payloads) or ISO-8601 (MFA factors).
func walkTimes(v any, found func(time.Time)) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if nowKeys[k] {
				if t, ok := asTime(val); ok {
					found(t)
					continue
				}
			}
			walkTimes(val, found)
		}
	case []any:
		for _, val := range x {
			walkTimes(val, found)
		}
	}
}

func asTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case float64:
		switch {
		case x > 1e12: // epoch milliseconds
			return time.UnixMilli(int64(x)).UTC(), true
		case x > 1e9: // epoch seconds
			return time.Unix(int64(x), 0).UTC(), true
		}
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// firstRecordedAt is the earliest record time of the recording: the clock
// of the records before the first that carries a time.
func firstRecordedAt(recs []record) time.Time {
	for _, r := range recs {
		if t, ok := recordedAt(r); ok {
			return t
		}
	}
	return time.Time{}
}

// shiftTimes moves the absolute times a recorded request sends (epoch
// milliseconds under expiresAt) by the run's shift, so that "a day ahead"
// and "a second ago" keep their meaning on the moved clock.
func shiftTimes(v any, shift time.Duration) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if ms, ok := val.(float64); ok && k == "expiresAt" && ms > 1e12 {
				x[k] = ms + float64(shift.Milliseconds())
				continue
			}
			shiftTimes(val, shift)
		}
	case []any:
		for _, val := range x {
			shiftTimes(val, shift)
		}
	}
}
