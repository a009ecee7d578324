package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Fault is a misbehaviour injected into matching requests, for tests.
type Fault struct {
	// Method and PathPrefix select requests; empty matches all.
	Method     string
	PathPrefix string
	// Times is how many matching requests it hits; 0 means every one.
	Times int
	// Latency delays the answer (the request is still served unless another
	// field below says otherwise).
	Latency time.Duration
	// Status answers with this status and a Logto-like error body instead of
	// serving the request (e.g. 500, 502, 503, 429).
	Status int
	// RetryAfter is sent as the Retry-After header with Status.
	RetryAfter string
	// NonJSON answers Status (default 502) with an HTML page, like a proxy.
	NonJSON bool
	// Truncate serves the request but cuts the body in half (the
	// Content-Length matches what is sent, so the JSON is simply incomplete).
	Truncate bool
	// Reset serves the request, then closes the connection mid-body.
	Reset bool
}

type faultRule struct {
	Fault
	left int // remaining hits; -1 forever
}

// InjectFault adds a fault and returns a function that removes it.
func (e *Emulator) InjectFault(f Fault) (remove func()) {
	rule := &faultRule{Fault: f, left: f.Times}
	if f.Times == 0 {
		rule.left = -1
	}
	e.mu.Lock()
	e.faults = append(e.faults, rule)
	e.mu.Unlock()
	return func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		for i, r := range e.faults {
			if r == rule {
				e.faults = append(e.faults[:i], e.faults[i+1:]...)
				return
			}
		}
	}
}

// applyFaults runs the first matching fault; it reports whether the request
// was fully answered by it.
func (e *Emulator) applyFaults(w *statusRecorder, r *http.Request) bool {
	e.mu.Lock()
	var hit *Fault
	for _, rule := range e.faults {
		if rule.left == 0 || (rule.Method != "" && rule.Method != r.Method) || !strings.HasPrefix(r.URL.Path, rule.PathPrefix) {
			continue
		}
		if rule.left > 0 {
			rule.left--
		}
		f := rule.Fault
		hit = &f
		break
	}
	e.mu.Unlock()
	if hit == nil {
		return false
	}
	if hit.Latency > 0 {
		select {
		case <-time.After(hit.Latency):
		case <-r.Context().Done():
			return true
		}
	}
	switch {
	case hit.NonJSON:
		status := hit.Status
		if status == 0 {
			status = http.StatusBadGateway
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<html><body><h1>%d %s</h1><p>nginx</p></body></html>", status, http.StatusText(status))
		return true
	case hit.Status != 0:
		if hit.RetryAfter != "" {
			w.Header().Set("Retry-After", hit.RetryAfter)
		}
		if hit.Status >= 500 {
			writeJSON(w, hit.Status, map[string]any{"message": "Internal server error."})
		} else {
			apiError(w, hit.Status, "request.general", nil)
		}
		return true
	case hit.Truncate || hit.Reset:
		rec := newBufferedWriter()
		e.mux.ServeHTTP(rec, r)
		body := rec.body.Bytes()
		half := body[:len(body)/2]
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		if hit.Truncate {
			w.Header().Set("Content-Length", fmt.Sprint(len(half)))
			w.WriteHeader(rec.status)
			_, _ = w.Write(half)
			return true
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(rec.status)
		_, _ = w.Write(half)
		if f, ok := w.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
		if hj, ok := w.ResponseWriter.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
			}
		}
		return true
	}
	return false
}
