// Value checks: each says what is wrong and what to write instead, without
// echoing a secret or an oversized value.

package config

import (
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/logto-account/logto-account/i18n"
)

type check struct {
	key string
	set func(values) bool
	fn  func() error
}

func (c *Config) checks() []check {
	return []check{
		{"endpoint", func(v values) bool { return v.Endpoint != nil }, func() error { return checkURL(c.Endpoint, "https://tenant.logto.app") }},
		{"management_resource", func(v values) bool { return v.ManagementResource != nil }, func() error {
			return checkURL(c.ManagementResource, "https://default.logto.app/api")
		}},
		{"app_id", func(v values) bool { return v.AppID != nil }, func() error { return checkID(c.AppID) }},
		{"m2m_app_id", func(v values) bool { return v.M2MAppID != nil }, func() error { return checkID(c.M2MAppID) }},
		{"scopes", func(v values) bool { return v.Scopes != nil }, func() error { return checkScopes(c.Scopes) }},
		{"callback_listen", func(v values) bool { return v.CallbackListen != nil }, func() error { return CheckLoopback(c.CallbackListen) }},
		{"language", func(v values) bool { return v.Language != nil }, func() error { return checkLanguage(c.Language) }},
	}
}

var idRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func checkID(s string) error {
	if !idRe.MatchString(s) {
		return i18n.M("config.not_app_id", "Value", strconv.Quote(s))
	}
	return nil
}

func checkScopes(s []string) error {
	if len(s) > maxScopes {
		return i18n.M("config.too_many_scopes", "Have", len(s), "Max", maxScopes)
	}
	for _, sc := range s {
		if len(sc) > maxScopeLen {
			return i18n.M("config.scope_too_long", "Have", len(sc), "Max", maxScopeLen)
		}
	}
	for _, sc := range s {
		if sc == "openid" {
			return nil
		}
	}
	return i18n.M("config.needs_openid")
}

// CheckLoopback accepts only 127.0.0.0/8 or [::1] with a port (0 = any).
func CheckLoopback(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return i18n.M("config.not_host_port", "Value", strconv.Quote(addr))
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return i18n.M("config.not_loopback", "Value", strconv.Quote(addr))
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return i18n.M("config.bad_port", "Value", strconv.Quote(addr))
	}
	return nil
}

func parseWindow(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d < 30*time.Second || d > 24*time.Hour {
		return 0, i18n.M("config.bad_window", "Value", strconv.Quote(s))
	}
	return d, nil
}

// Length limits: a URL or host name past them is a mistake or an attack,
// and is refused without being echoed back.
const (
	maxURLLen   = 2048
	maxHostLen  = 253 // the DNS limit
	maxScopes   = 64
	maxScopeLen = 256
)

// checkURL accepts an absolute http(s) URL without user info, within the
// length limits. Whether plain http is allowed is checkTransport's.
func checkURL(s, example string) error {
	if len(s) > maxURLLen {
		return i18n.M("config.url_too_long", "Have", len(s), "Max", maxURLLen)
	}
	u, err := url.Parse(s)
	if err == nil && u.User != nil {
		return i18n.M("config.url_credentials", "Value", strconv.Quote(u.Redacted()))
	}
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return i18n.M("config.not_url", "Value", strconv.Quote(withoutUserInfo(s)), "Example", example)
	}
	if len(u.Hostname()) > maxHostLen {
		return i18n.M("config.host_too_long", "Have", len(u.Hostname()), "Max", maxHostLen)
	}
	return nil
}

// withoutUserInfo hides whatever stands between "//" and "@" in a string
// that did not parse as a URL.
func withoutUserInfo(s string) string {
	if i := strings.Index(s, "//"); i >= 0 {
		if j := strings.LastIndex(s, "@"); j > i {
			return s[:i+2] + "…" + s[j:]
		}
	}
	return s
}

// isLoopbackHost reports whether host (without port) is this machine:
// localhost, 127.0.0.0/8 or ::1.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkTransport refuses an http:// endpoint on a host that is not
// loopback, unless insecure_http is set: the M2M secret and every token
// would travel in clear. It runs once file and environment are applied.
func (c *Config) checkTransport() error {
	u, err := url.Parse(c.Endpoint)
	if c.Endpoint == "" || err != nil || u.Scheme != "http" || isLoopbackHost(u.Hostname()) || c.InsecureHTTP {
		return nil
	}
	e := c.endpointAt
	e.Why = i18n.M("config.plain_http", "Value", strconv.Quote(c.Endpoint))
	return &e
}

// Warnings are problems worth a word that do not stop the program.
func (c *Config) Warnings() []i18n.Msg {
	u, err := url.Parse(c.Endpoint)
	if err == nil && u.Scheme == "http" && !isLoopbackHost(u.Hostname()) && c.InsecureHTTP {
		return []i18n.Msg{i18n.M("config.insecure_http_warning", "Endpoint", c.Endpoint)}
	}
	return nil
}

// checkLanguage accepts a language this program speaks, written as a tag
// (fr, zh-Hans) or a locale (fr_FR.UTF-8); "" follows the environment.
func checkLanguage(s string) error {
	if _, ok := i18n.Match(s); !ok && s != "" {
		return i18n.M("config.bad_language", "Value", strconv.Quote(s), "Languages", strings.Join(i18n.Languages(), ", "))
	}
	return nil
}
