package cli

import (
	"errors"
	"strconv"
	"strings"

	"github.com/logto-account/logto-account/config"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/tui/common"
)

// takeLang removes --lang VALUE (or --lang=VALUE, -lang) from a command
// line, before any "--", and keeps the language it names for the run. It
// works with every command and is read before cobra sees the line, so
// that the help and the errors of the line itself can speak it too.
func (e *Env) takeLang(args []string) ([]string, error) {
	e.lang = ""
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			out = append(out, args[i:]...)
			break
		}
		name, val, hasVal := strings.Cut(a, "=")
		if name != "--lang" && name != "-lang" {
			out = append(out, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return nil, errors.New(e.T("cli.lang_needs_value", "Languages", strings.Join(i18n.Languages(), ", ")))
			}
			i++
			val = args[i]
		}
		lang, ok := i18n.Match(val)
		if !ok {
			return nil, errors.New(e.T("cli.lang_unknown", "Value", strconv.Quote(val), "Languages", strings.Join(i18n.Languages(), ", ")))
		}
		e.lang = lang
	}
	return out, nil
}

// language is the language of this run and where it was chosen: --lang,
// else the config's language, else LC_ALL, LC_MESSAGES or LANG (source ""
// when none is set: English).
func (e *Env) language(cfg *config.Config) (lang, source string) {
	if e.lang != "" {
		return e.lang, "--lang"
	}
	if cfg != nil && cfg.Language != "" {
		lang, _ := i18n.Match(cfg.Language)
		return lang, sourceConfig
	}
	return i18n.FromEnv(e.Getenv)
}

// loc is the run's localizer: the language of --lang, else the config's
// (once a command has loaded it), else LC_ALL, LC_MESSAGES or LANG. With
// --json or --jq the sentences (errors, notes) are English, so a script
// reads the same words whatever the language.
func (e *Env) loc() *i18n.Localizer {
	if e.jsonErrors {
		if e.en == nil {
			e.en = i18n.New(i18n.English)
		}
		return e.en
	}
	if e.l == nil {
		var cfg *config.Config
		if e.lang == "" && e.ConfigPath != "" {
			// Before a command has read the configuration (its help, a refused
			// flag), its language counts too; a configuration that does not
			// load is the command's to report, not this sentence's.
			cfg, _ = e.readConfig("")
		}
		lang, _ := e.language(cfg)
		e.l = i18n.New(lang)
	}
	return e.l
}

// T is message id in the run's language (i18n.Localizer.T).
func (e *Env) T(id string, args ...any) string { return e.loc().T(id, args...) }

// N is message id for count in the run's language (i18n.Localizer.N).
func (e *Env) N(id string, count int, args ...any) string { return e.loc().N(id, count, args...) }

// words is err as a sentence in the run's language (common.WordsIn).
func (e *Env) words(err error) string { return common.WordsIn(e.loc(), err) }

// langOf is the language of this run for cfg (language without its source).
func (e *Env) langOf(cfg *config.Config) string {
	lang, _ := e.language(cfg)
	return lang
}

// configRead is a configuration read and what reading it said.
type configRead struct {
	tenant string
	cfg    *config.Config
	err    error
}

// readConfig reads the configuration of tenant, once a run.
func (e *Env) readConfig(tenant string) (*config.Config, error) {
	if e.read == nil || e.read.tenant != tenant {
		cfg, err := config.Load(e.ConfigPath, tenant, e.Getenv)
		e.read = &configRead{tenant: tenant, cfg: cfg, err: err}
	}
	return e.read.cfg, e.read.err
}
