package emulator

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

// record is one line of shared/logto-recordings.jsonl: a request against a
// real Logto 1.42.0 and its answer.
type record struct {
	Label  string          `json:"label"`
	Method string          `json:"method"`
	Path   string          `json:"path"`
	Req    json.RawMessage `json:"req"`
	Status int             `json:"status"`
	Body   json.RawMessage `json:"body"`
}

const (
	recordedM2MApp    = "60bigishu3ompet6a4p49"
	recordedM2MSecret = "<m2m-secret>" // the recording redacts it; the replay registers this literal
)

// notReproducible lists records whose preconditions the replay cannot
// create, with the reason. Everything else must match.
var notReproducible = map[string]string{
	"10.2 change isDeviceFlow later":                                   "application management is outside the emulator",
	"10.2 non-native device flow":                                      "application management is outside the emulator",
	"1.2 create secret w/ expiry":                                      "application secrets are outside the emulator",
	"1.2 expired secret":                                               "needs an expiring app secret (application management)",
	"cleanup delete expired secret":                                    "application secrets are outside the emulator",
	"9 GET session by id":                                              "session uid comes from a browser session approved outside the recording",
	"9 DELETE expired grant":                                           "the grant was made by an unrecorded earlier run",
	"9 DELETE grant":                                                   "grant of an unrecorded redeem",
	"9 DELETE grant again":                                             "grant of an unrecorded redeem",
	"9 RT after grant delete":                                          "refresh token of an unrecorded redeem",
	"9 DELETE session of other user":                                   "session made by an unrecorded browser sign-in",
	"9 DELETE session revokeGrantsTarget=all":                          "session made by an unrecorded browser sign-in",
	"9 RT after session delete (all)":                                  "refresh token of an unrecorded redeem",
	"9 DELETE session again":                                           "session made by an unrecorded browser sign-in",
	"9 DELETE session bad revokeGrantsTarget":                          "session made by an unrecorded browser sign-in",
	"9 DELETE session (no revokeGrantsTarget, offline_access granted)": "session made by an unrecorded browser sign-in",
	"9 RT after session delete (default)":                              "refresh token of an unrecorded redeem",
	"10.6 revoke RT":                                                   "refresh token of an unrecorded redeem",
	"10.6 RT after revocation":                                         "refresh token of an unrecorded redeem",
	"2.5 RT after password change":                                     "refresh token of an unrecorded redeem",
	"2.5 RT after suspension":                                          "refresh token of an unrecorded redeem",
	"2.5 AT after suspension":                                          "access token of an unrecorded redeem",
	"10.4 poll with other client":                                      "device code of an unrecorded device authorisation",
	"11 POST my-account/password weak (policy enforced?)":              pwnedOffline,
	"11 POST my-account/password same":                                 pwnedOffline,
}

// pwnedOffline explains two 500s: the recording machine could not reach
// api.pwnedpasswords.com until the run turned the pwned check off; the same
// requests after "setup disable pwned check" are replayed.
const pwnedOffline = "the real server answered 500 (pwned-password lookup offline); replayed once the check was turned off"

// recordingsPath prefers shared/ beside the checkout, then the testdata copy.
func recordingsPath(t *testing.T) string {
	for _, p := range []string{"../../../shared/logto-recordings.jsonl", "testdata/logto-recordings.jsonl"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatal("logto-recordings.jsonl not found in ../shared or testdata")
	return ""
}

func loadRecords(t *testing.T) []record {
	f, err := os.Open(recordingsPath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("bad recording line: %v", err)
		}
		out = append(out, r)
	}
	return out
}

// replayResult is what one replay of the recordings found.
type replayResult struct {
	total, matched, skipped int
	reasons                 map[string]int // not reproducible: reason → records
	mismatches, shapeDiffs  []string
}

// replay plays every record in order against a fresh emulator whose clock
// reads the time the record was made, moved by shift.
func replay(t *testing.T, recs []record, shift time.Duration) replayResult {
	t.Helper()
	clock := &replayClock{at: firstRecordedAt(recs).Add(shift)}
	emu := New(Options{NoDefaults: true, Now: clock.now})
	emu.AddApp(App{ID: recordedM2MApp, Name: "contract-check m2m", Secret: recordedM2MSecret, Type: "MachineToMachine", ManagementAll: true})
	emu.AddApp(App{ID: "m2m-without-role", Secret: "s", Type: "MachineToMachine"})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	rp := &replayer{t: t, emu: emu, base: srv.URL, shift: shift, ids: map[string]string{},
		named: map[string]map[string]any{}, codes: map[string][]string{}}

	res := replayResult{total: len(recs), reasons: map[string]int{}}
	for _, r := range recs {
		why, ok := notReproducible[r.Label]
		if ok && r.Label == "11 POST my-account/password same" && r.Status != http.StatusInternalServerError {
			ok = false // the label repeats: only the 500 is not reproducible
		}
		if ok {
			res.skipped++
			res.reasons[why]++
			continue
		}
		if at, ok := recordedAt(r); ok {
			clock.reach(at.Add(shift))
		}
		status, code, shape, done := rp.play(r)
		if !done {
			res.matched++ // a setup step reproduced through the emulator's own API
			continue
		}
		wantCode := bodyCode(r.Body)
		if status == r.Status && code == wantCode {
			res.matched++
			if shape != "" {
				res.shapeDiffs = append(res.shapeDiffs, r.Label+": "+shape)
			}
			continue
		}
		res.mismatches = append(res.mismatches, r.Label+": want "+itoa(r.Status)+" "+wantCode+", got "+itoa(status)+" "+code)
	}
	return res
}

// check fails t for every record that differs from the real Logto.
func (res replayResult) check(t *testing.T) {
	t.Helper()
	for _, m := range res.mismatches {
		t.Error(m)
	}
	for _, m := range res.shapeDiffs {
		t.Error("keys differ: " + m)
	}
	if res.matched+res.skipped != res.total {
		t.Errorf("%d records differ from the real Logto", res.total-res.matched-res.skipped)
	}
}

// TestReplayRecordings replays the recordings at the times they were made
// and prints the breakdown (go test -v -run Replay).
func TestReplayRecordings(t *testing.T) {
	res := replay(t, loadRecords(t), 0)
	t.Logf("recordings replay: %d of %d records match the real Logto (status and error code); %d not reproducible here",
		res.matched, res.total, res.skipped)
	keys := make([]string, 0, len(res.reasons))
	for k := range res.reasons {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("  not reproducible (%d): %s", res.reasons[k], k)
	}
	res.check(t)
}

// TestReplayDoesNotDependOnTheDate replays the recordings with every
// recorded time moved a year past today and a year before the recording:
// the same records match. (A PAT recorded to expire on 2026-11-25 made every
// run fail after that day while the replay used the wall clock.)
func TestReplayDoesNotDependOnTheDate(t *testing.T) {
	recs := loadRecords(t)
	want := replay(t, recs, 0).matched
	recorded := firstRecordedAt(recs)
	for _, c := range []struct {
		name  string
		start time.Time
	}{
		{"a year after today", time.Now().AddDate(1, 0, 0)},
		{"a year before the recording", recorded.AddDate(-1, 0, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := replay(t, recs, c.start.Sub(recorded))
			res.check(t)
			if res.matched != want {
				t.Errorf("%d records match with the clock at %s, %d at the recorded times",
					res.matched, c.start.Format(time.DateOnly), want)
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// bodyCode is the Logto code of an answer ("" for success bodies).
func bodyCode(raw json.RawMessage) string {
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	c, _ := m["code"].(string)
	return c
}

// keyDiff compares the keys of two JSON objects (and of the first items of
// two arrays), one level deep; "" when they agree.
func keyDiff(want, got any) string {
	if wa, ok := want.([]any); ok {
		ga, _ := got.([]any)
		if len(wa) == 0 || len(ga) == 0 {
			return ""
		}
		return keyDiff(wa[0], ga[0])
	}
	wm, ok1 := want.(map[string]any)
	gm, ok2 := got.(map[string]any)
	if !ok1 || !ok2 {
		return ""
	}
	var missing, extra []string
	for k := range wm {
		if _, ok := gm[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k := range gm {
		if _, ok := wm[k]; !ok {
			extra = append(extra, k)
		}
	}
	if len(missing)+len(extra) == 0 {
		return ""
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return "missing " + strings.Join(missing, ",") + "; extra " + strings.Join(extra, ",")
}
