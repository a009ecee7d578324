package sshserver

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/logto-account/logto-account/auth"
)

// Metrics are the service's Prometheus metrics, on a registry of their own
// (never the library's global one: tests run several servers in one
// process). A nil *Metrics counts nothing.
type Metrics struct {
	reg            *prometheus.Registry
	signIns        *prometheus.CounterVec
	signInFailures *prometheus.CounterVec
	refusals       *prometheus.CounterVec
	keySignIns     *prometheus.CounterVec
	logtoSeconds   *prometheus.HistogramVec
	logtoErrors    *prometheus.CounterVec
}

// refusalLabels name the refusal reasons as metric labels.
var refusalLabels = map[string]string{
	refusedConns: "conns", refusedAddrConns: "conns_per_addr", refusedRate: "conn_rate", refusedNoSession: "no_session",
	refusedSecond: "second_session", refusedWaiting: "waiting", refusedAddrWaiting: "waiting_per_addr",
	refusedFull: "sessions", refusedNoPTY: "no_pty", refusedClosing: "shutting_down", refusedNoProxyHeader: "proxy_header",
}

// NewMetrics makes the metrics, with the Go runtime's and the process's.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := &Metrics{reg: reg,
		signIns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "logto_account_sign_ins_total",
			Help: "Sessions signed in, by method: device (the device flow) or key (a remembered SSH key)."}, []string{"method"}),
		signInFailures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "logto_account_sign_in_failures_total",
			Help: "Device sign-ins that did not open an account, by reason."}, []string{"reason"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "logto_account_refusals_total",
			Help: "Connections and sessions refused, by the limit that refused them."}, []string{"limit"}),
		keySignIns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "logto_account_remembered_key_sign_ins_total",
			Help: "Connections made with an SSH key, by what the remembered-key check found."}, []string{"result"}),
		logtoSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "logto_account_logto_request_duration_seconds",
			Help: "Requests to Logto, by route group.", Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}},
			[]string{"group"}),
		logtoErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "logto_account_logto_request_errors_total",
			Help: "Requests to Logto that failed, by route group and kind (network, 5xx, 429)."}, []string{"group", "kind"}),
	}
	reg.MustRegister(m.signIns, m.signInFailures, m.refusals, m.keySignIns, m.logtoSeconds, m.logtoErrors)
	for _, l := range refusalLabels {
		m.refusals.WithLabelValues(l)
	}
	for _, l := range []string{"device", "key"} {
		m.signIns.WithLabelValues(l)
	}
	for _, l := range []string{keyOK, keyUnknown, keySuspended, keyDeleted, keyLogto, keyStore, keyFull} {
		m.keySignIns.WithLabelValues(l)
	}
	return m
}

// Registry is where the metrics are gathered from (the /metrics handler).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

func (m *Metrics) signIn(method string) {
	if m != nil {
		m.signIns.WithLabelValues(method).Inc()
	}
}

func (m *Metrics) signInFailed(reason string) {
	if m != nil {
		m.signInFailures.WithLabelValues(reason).Inc()
	}
}

func (m *Metrics) refused(reason string) {
	if m != nil {
		m.refusals.WithLabelValues(refusalLabels[reason]).Inc()
	}
}

func (m *Metrics) keySignIn(result string) {
	if m != nil {
		m.keySignIns.WithLabelValues(result).Inc()
	}
}

// failureReason names why a device sign-in failed, for the metric.
func failureReason(err error) string {
	var ie *auth.IdentityError
	switch {
	case errors.Is(err, context.Canceled):
		return "abandoned"
	case errors.Is(err, auth.ErrAccessDenied):
		return "denied"
	case errors.Is(err, auth.ErrCodeExpired):
		return "expired"
	case errors.As(err, &ie):
		return "id_token"
	}
	return "logto_error"
}

// serverCollector reports the server's places as gauges, read at scrape.
type serverCollector struct{ s *Server }

var (
	sessionsDesc = prometheus.NewDesc("logto_account_sessions", "Open SSH sessions, by state: waiting (for their sign-in) or signed_in.",
		[]string{"state"}, nil)
	connsDesc    = prometheus.NewDesc("logto_account_connections", "Open SSH connections (with a session or not).", nil, nil)
	drainingDesc = prometheus.NewDesc("logto_account_draining", "1 while the replica drains (its health check fails).", nil, nil)
)

// Describe implements prometheus.Collector.
func (c serverCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- sessionsDesc
	ch <- connsDesc
	ch <- drainingDesc
}

// Collect implements prometheus.Collector.
func (c serverCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.s.Stats()
	ch <- prometheus.MustNewConstMetric(sessionsDesc, prometheus.GaugeValue, float64(st.Waiting), "waiting")
	ch <- prometheus.MustNewConstMetric(sessionsDesc, prometheus.GaugeValue, float64(st.SignedIn), "signed_in")
	ch <- prometheus.MustNewConstMetric(connsDesc, prometheus.GaugeValue, float64(st.Conns))
	d := 0.0
	if c.s.Draining() {
		d = 1
	}
	ch <- prometheus.MustNewConstMetric(drainingDesc, prometheus.GaugeValue, d)
}

// Transport measures every request to Logto made through rt: latency by
// route group, and failures (no answer, 5xx, 429). Paths become a fixed
// set of groups (never a user id).
func (m *Metrics) Transport(rt http.RoundTripper) http.RoundTripper {
	if rt == nil {
		rt = http.DefaultTransport
	}
	return measured{m: m, next: rt}
}

type measured struct {
	m    *Metrics
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t measured) RoundTrip(r *http.Request) (*http.Response, error) {
	group := RouteGroup(r.URL.Path)
	start := time.Now()
	res, err := t.next.RoundTrip(r)
	t.m.logtoSeconds.WithLabelValues(group).Observe(time.Since(start).Seconds())
	switch {
	case err != nil:
		t.m.logtoErrors.WithLabelValues(group, "network").Inc()
	case res.StatusCode >= 500:
		t.m.logtoErrors.WithLabelValues(group, "5xx").Inc()
	case res.StatusCode == http.StatusTooManyRequests:
		t.m.logtoErrors.WithLabelValues(group, "429").Inc()
	}
	return res, err
}

// userRoutes are the sub-resources of /api/users/{id} the program uses.
var userRoutes = map[string]bool{"profile": true, "custom-data": true, "password": true, "has-password": true, "identities": true,
	"all-identities": true, "sso-identities": true, "mfa-verifications": true, "personal-access-tokens": true, "sessions": true,
	"grants": true, "logto-configs": true, "is-suspended": true}

// RouteGroup names the group a Logto path belongs to ("users/password",
// "oidc/token", …), a bounded set fit for a metric label.
func RouteGroup(path string) string {
	if i := strings.Index(path, "/oidc/"); i >= 0 {
		rest := path[i+len("/oidc/"):]
		switch {
		case rest == "token", rest == "device/auth", rest == "jwks", rest == "token/revocation", rest == "me":
			return "oidc/" + rest
		case strings.HasPrefix(rest, ".well-known/"):
			return "oidc/discovery"
		}
		return "oidc/other"
	}
	i := strings.Index(path, "/api/")
	if i < 0 {
		return "other"
	}
	parts := strings.Split(strings.Trim(path[i+len("/api/"):], "/"), "/")
	switch parts[0] {
	case "users":
		switch {
		case len(parts) == 1:
			return "users/search"
		case len(parts) == 2:
			return "users"
		case userRoutes[parts[2]]:
			return "users/" + parts[2]
		}
		return "users/other"
	case "verification-codes", "sign-in-exp", "connectors", "account-center", "my-account", "verifications":
		return parts[0]
	}
	return "api/other"
}
