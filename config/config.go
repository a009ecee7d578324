// Package config loads logto-account's settings from a TOML file and
// LOGTO_ACCOUNT_* environment variables (the environment wins), and checks
// them, naming the key and the file line of anything wrong. It knows nothing
// of terminals or HTTP; paths are resolved by main and passed in.
package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
)

// DefaultScopes are requested by the device flow.
var DefaultScopes = []string{"openid", "offline_access", "profile", "email", "phone", "identities", "custom_data"}

// Config is everything the program can be told.
type Config struct {
	// Tenant names the selected tenant table ("" for the top level).
	Tenant string
	// Endpoint is the tenant's base URL, e.g. https://tenant.logto.app.
	Endpoint string
	// AppID is the device-flow (native) application's id.
	AppID string
	// Scopes are requested at sign-in.
	Scopes []string
	// ManagementResource is the Management API indicator.
	ManagementResource string
	// M2MAppID and M2MAppSecret are operator credentials (Management API mode).
	M2MAppID     string
	M2MAppSecret logto.Secret
	// CallbackListen is the loopback address for IdP redirects ("127.0.0.1:0" = any port).
	CallbackListen string
	// ReverifyWindow is how long a proof of the user stays fresh.
	ReverifyWindow time.Duration
	// PwnedCheck enables the breached-password k-anonymity lookup.
	PwnedCheck bool
	// InsecureHTTP allows an http:// endpoint on a host that is not
	// loopback (labs only: tokens and the M2M secret travel in clear).
	InsecureHTTP bool
	// Language is the language to speak (an i18n tag, e.g. fr or zh-Hans;
	// "" follows LC_ALL, LC_MESSAGES and LANG); --lang wins over it.
	Language string
	// File is the config file that was read ("" when none existed).
	File string
	// endpointAt says where the endpoint was set, for the transport check.
	endpointAt Error
}

// HasM2M reports whether operator M2M credentials are configured.
func (c *Config) HasM2M() bool { return c.M2MAppID != "" && c.M2MAppSecret != "" }

// Error is a configuration problem, located at a key and, when it came
// from the file, a line.
type Error struct {
	File string
	Line int
	Key  string
	// EnvVar is set when the value came from the environment.
	EnvVar string
	// Why is what is wrong, said in the reader's language (Localized);
	// Reason, when Why is empty, is a system's own words (a file error).
	Why    i18n.Msg
	Reason string
}

// Error implements error (in English).
func (e *Error) Error() string { return e.Localized(nil) }

// Localized is the error in l's language: where (file, line, key or
// variable) and why.
func (e *Error) Localized(l *i18n.Localizer) string {
	why := e.Reason
	if e.Why.ID != "" {
		why = e.Why.In(l)
	}
	switch {
	case e.EnvVar != "":
		return fmt.Sprintf("config: %s: %s", e.EnvVar, why)
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("config: %s:%d: %s: %s", e.File, e.Line, e.Key, why)
	case e.File != "":
		return fmt.Sprintf("config: %s: %s: %s", e.File, e.Key, why)
	}
	return fmt.Sprintf("config: %s: %s", e.Key, why)
}

// why is err's sentence to be said later: a check's message, or a
// system's own words.
func why(err error) (i18n.Msg, string) {
	var m i18n.Msg
	if errors.As(err, &m) {
		return m, ""
	}
	return i18n.Msg{}, err.Error()
}

// fileValues is the TOML schema: top-level keys plus [tenants.NAME] tables
// with the same keys.
type fileValues struct {
	values
	Tenants map[string]values `toml:"tenants"`
}

type values struct {
	Endpoint           *string  `toml:"endpoint"`
	AppID              *string  `toml:"app_id"`
	Scopes             []string `toml:"scopes"`
	ManagementResource *string  `toml:"management_resource"`
	M2MAppID           *string  `toml:"m2m_app_id"`
	M2MAppSecret       *string  `toml:"m2m_app_secret"`
	CallbackListen     *string  `toml:"callback_listen"`
	ReverifyWindow     *string  `toml:"reverify_window"`
	PwnedCheck         *bool    `toml:"pwned_check"`
	InsecureHTTP       *bool    `toml:"insecure_http"`
	Language           *string  `toml:"language"`
}

// keys maps TOML keys to their environment variables.
var keys = []struct{ key, env string }{
	{"endpoint", "LOGTO_ACCOUNT_ENDPOINT"},
	{"app_id", "LOGTO_ACCOUNT_APP_ID"},
	{"scopes", "LOGTO_ACCOUNT_SCOPES"},
	{"management_resource", "LOGTO_ACCOUNT_MANAGEMENT_RESOURCE"},
	{"m2m_app_id", "LOGTO_ACCOUNT_M2M_APP_ID"},
	{"m2m_app_secret", "LOGTO_ACCOUNT_M2M_APP_SECRET"},
	{"callback_listen", "LOGTO_ACCOUNT_CALLBACK_LISTEN"},
	{"reverify_window", "LOGTO_ACCOUNT_REVERIFY_WINDOW"},
	{"pwned_check", "LOGTO_ACCOUNT_PWNED_CHECK"},
	{"insecure_http", "LOGTO_ACCOUNT_INSECURE_HTTP"},
	{"language", "LOGTO_ACCOUNT_LANGUAGE"},
}

// Load reads path (a missing file is fine), selects tenant (or the
// LOGTO_ACCOUNT_TENANT variable when tenant is ""), applies the environment
// from getenv, fills defaults and validates.
func Load(path, tenant string, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if tenant == "" {
		tenant = getenv("LOGTO_ACCOUNT_TENANT")
	}
	cfg := &Config{Tenant: tenant, Scopes: DefaultScopes, ManagementResource: logto.DefaultManagementResource,
		CallbackListen: "127.0.0.1:0", ReverifyWindow: 5 * time.Minute}
	raw, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		raw = nil
	case err != nil:
		return nil, &Error{File: path, Key: "file", Reason: err.Error()}
	default:
		cfg.File = path
	}
	holdsSecret, err := cfg.parse(raw, path, tenant)
	if err != nil {
		return nil, err
	}
	if holdsSecret {
		if err := checkPrivate(path); err != nil {
			return nil, err
		}
	}
	if err := cfg.applyEnv(getenv); err != nil {
		return nil, err
	}
	if err := cfg.checkTransport(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// parse applies the file's values (raw may be nil: no file) and reports
// whether the file holds a secret.
func (cfg *Config) parse(raw []byte, path, tenant string) (bool, error) {
	if raw == nil {
		if tenant != "" {
			return false, &Error{Key: "tenant", Why: i18n.M("config.tenant_needs_table", "Tenant", tenant, "Path", path)}
		}
		return false, nil
	}
	lines := lineIndex(raw)
	var fv fileValues
	dec := toml.NewDecoder(bytes.NewReader(raw)).DisallowUnknownFields()
	if err := dec.Decode(&fv); err != nil {
		return false, tomlError(path, err)
	}
	holdsSecret := fv.M2MAppSecret != nil || anyTenantSecret(fv.Tenants)
	if err := cfg.apply(fv.values, path, "", lines); err != nil {
		return holdsSecret, err
	}
	if tenant != "" {
		tv, ok := fv.Tenants[tenant]
		if !ok {
			return holdsSecret, &Error{File: path, Key: "tenants." + tenant, Why: i18n.M("config.no_tenant_table", "Tenant", tenant)}
		}
		if err := cfg.apply(tv, path, "tenants."+tenant+".", lines); err != nil {
			return holdsSecret, err
		}
	}
	return holdsSecret, nil
}

func anyTenantSecret(ts map[string]values) bool {
	for _, t := range ts {
		if t.M2MAppSecret != nil {
			return true
		}
	}
	return false
}

// checkPrivate refuses a secret-holding file that others can read.
func checkPrivate(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return &Error{File: path, Key: "file", Reason: err.Error()}
	}
	if st.Mode().Perm()&0o077 != 0 {
		return &Error{File: path, Key: "m2m_app_secret", Why: i18n.M("config.secret_readable",
			"Mode", fmt.Sprintf("%04o", st.Mode().Perm()), "Path", path)}
	}
	return nil
}

func (c *Config) apply(v values, path, prefix string, lines map[string]int) error {
	loc := func(key string, err error) error {
		m, reason := why(err)
		return &Error{File: path, Line: lines[prefix+key], Key: prefix + key, Why: m, Reason: reason}
	}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&c.Endpoint, v.Endpoint)
	set(&c.AppID, v.AppID)
	set(&c.ManagementResource, v.ManagementResource)
	set(&c.M2MAppID, v.M2MAppID)
	set(&c.CallbackListen, v.CallbackListen)
	set(&c.Language, v.Language)
	if v.M2MAppSecret != nil {
		c.M2MAppSecret = logto.Secret(strings.TrimSpace(*v.M2MAppSecret))
	}
	if v.Scopes != nil {
		c.Scopes = v.Scopes
	}
	if v.PwnedCheck != nil {
		c.PwnedCheck = *v.PwnedCheck
	}
	if v.InsecureHTTP != nil {
		c.InsecureHTTP = *v.InsecureHTTP
	}
	if v.Endpoint != nil {
		c.endpointAt = Error{File: path, Line: lines[prefix+"endpoint"], Key: prefix + "endpoint"}
	}
	if v.ReverifyWindow != nil {
		d, err := parseWindow(*v.ReverifyWindow)
		if err != nil {
			return loc("reverify_window", err)
		}
		c.ReverifyWindow = d
	}
	for _, chk := range c.checks() {
		if chk.set(v) {
			if err := chk.fn(); err != nil {
				return loc(chk.key, err)
			}
		}
	}
	return nil
}

func (c *Config) applyEnv(getenv func(string) string) error {
	for _, k := range keys {
		val, ok := lookup(getenv, k.env)
		if !ok {
			continue
		}
		bad := func(err error) error {
			m, reason := why(err)
			return &Error{EnvVar: k.env, Key: k.key, Why: m, Reason: reason}
		}
		switch k.key {
		case "endpoint":
			c.Endpoint = val
			c.endpointAt = Error{EnvVar: k.env, Key: k.key}
		case "app_id":
			c.AppID = val
		case "scopes":
			c.Scopes = strings.Fields(val)
		case "management_resource":
			c.ManagementResource = val
		case "m2m_app_id":
			c.M2MAppID = val
		case "m2m_app_secret":
			c.M2MAppSecret = logto.Secret(val)
		case "callback_listen":
			c.CallbackListen = val
		case "language":
			c.Language = val
		case "reverify_window":
			d, err := parseWindow(val)
			if err != nil {
				return bad(err)
			}
			c.ReverifyWindow = d
		case "pwned_check", "insecure_http":
			b, err := strconv.ParseBool(val)
			if err != nil {
				return bad(i18n.M("config.not_bool", "Value", strconv.Quote(val)))
			}
			if k.key == "pwned_check" {
				c.PwnedCheck = b
			} else {
				c.InsecureHTTP = b
			}
		}
		for _, chk := range c.checks() {
			if chk.key == k.key {
				if err := chk.fn(); err != nil {
					return bad(err)
				}
			}
		}
	}
	return nil
}

func lookup(getenv func(string) string, name string) (string, bool) {
	v := strings.TrimSpace(getenv(name))
	return v, v != ""
}

// tomlError locates a decode error.
func tomlError(path string, err error) error {
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) && len(sm.Errors) > 0 {
		first := sm.Errors[0]
		row, _ := first.Position()
		return &Error{File: path, Line: row, Key: strings.Join(first.Key(), "."),
			Why: i18n.M("config.unknown_key", "Known", knownKeys)}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		key := strings.Join(de.Key(), ".")
		if key == "" {
			key = "syntax"
		}
		m, reason := why(decodeReason(key, de.Error()))
		return &Error{File: path, Line: row, Key: key, Why: m, Reason: reason}
	}
	return &Error{File: path, Key: "file", Reason: err.Error()}
}

var typeMismatchRe = regexp.MustCompile(`cannot decode TOML (\w+) into .* of type (\S+)`)

// decodeReason says a type mismatch of key in words (go-toml's message
// names Go struct fields and types, which mean nothing to the file's
// reader); an address is the example only where one is wanted.
func decodeReason(key, msg string) error {
	m := typeMismatchRe.FindStringSubmatch(msg)
	if m == nil {
		return errors.New(strings.TrimPrefix(msg, "toml: "))
	}
	want := map[string]string{"bool": "config.want_bool", "string": "config.want_string",
		"[]string": "config.want_list", "int": "config.want_int",
		"time.Duration": "config.want_duration"}[strings.TrimPrefix(m[2], "*")]
	switch {
	case want == "":
		return i18n.M("config.want_other", "Kind", m[1])
	case want == "config.want_string" && strings.HasSuffix(key, "endpoint"):
		want = "config.want_url"
	}
	return i18n.M(want, "Kind", m[1])
}

// knownKeys are the keys a config file may hold (not words).
const knownKeys = "endpoint, app_id, scopes, management_resource, m2m_app_id, m2m_app_secret, callback_listen, " +
	"reverify_window, pwned_check, insecure_http, language, [tenants.NAME]"

var keyLineRe = regexp.MustCompile(`^\s*([A-Za-z0-9_]+)\s*=`)
var tableRe = regexp.MustCompile(`^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]`)

// lineIndex maps "key" and "tenants.NAME.key" to their 1-based line.
func lineIndex(raw []byte) map[string]int {
	out := map[string]int{}
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if m := tableRe.FindStringSubmatch(line); m != nil {
			table = m[1] + "."
			continue
		}
		if m := keyLineRe.FindStringSubmatch(line); m != nil {
			if _, seen := out[table+m[1]]; !seen {
				out[table+m[1]] = n
			}
		}
	}
	return out
}

// Validate checks that what is needed to sign in is present.
func (c *Config) Validate() error {
	if c.Endpoint == "" {
		return &Error{Key: "endpoint", File: c.File, Why: i18n.M("config.no_endpoint")}
	}
	if c.AppID == "" {
		return &Error{Key: "app_id", File: c.File, Why: i18n.M("config.no_app_id")}
	}
	if (c.M2MAppID == "") != (c.M2MAppSecret == "") {
		return &Error{Key: "m2m_app_id", File: c.File, Why: i18n.M("config.m2m_pair")}
	}
	return nil
}
