package i18n

import (
	"strings"

	"golang.org/x/text/language"
)

// Match names the catalogue for a language as a person or the environment
// writes it: a tag (fr, zh-Hans, zh-CN) or a POSIX locale (fr_FR.UTF-8,
// zh_CN.GB18030, de_DE@euro). C and POSIX are English. ok is false for a
// language this program does not speak (lang is then English).
func Match(s string) (lang string, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i] // the codeset and modifier say nothing of the language
	}
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == '_' || r == '-' })
	if len(parts) == 0 {
		return English, false
	}
	switch parts[0] {
	case "c", "posix", "en":
		return English, true
	case "fr":
		return French, true
	case "zh":
		// Simplified: the script named, or a region that writes it (the
		// mainland, Singapore), or no region at all. Traditional (Taiwan,
		// Hong Kong, Macao, zh-Hant) has no catalogue yet.
		for _, p := range parts[1:] {
			switch p {
			case "hans", "cn", "sg", "my":
				return SimplifiedChinese, true
			case "hant", "tw", "hk", "mo":
				return English, false
			}
		}
		return SimplifiedChinese, true
	}
	return English, false
}

// FromEnv is the language the POSIX environment asks for: the first set of
// LC_ALL, LC_MESSAGES and LANG (a variable set but empty is skipped, as
// setlocale does). It returns the catalogue and where it came from, e.g.
// "LANG=fr_FR.UTF-8"; source is "" when none is set. A language without a
// catalogue is English.
func FromEnv(getenv func(string) string) (lang, source string) {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			lang, _ = Match(v)
			return lang, name + "=" + v
		}
	}
	return English, ""
}

// Environ is getenv over an environment list (an SSH session's
// "NAME=value" pairs, the last one set winning).
func Environ(env []string) func(string) string {
	return func(name string) string {
		v := ""
		for _, e := range env {
			if k, val, ok := strings.Cut(e, "="); ok && k == name {
				v = val
			}
		}
		return v
	}
}

// AcceptLanguage is the Accept-Language header that asks Logto for lang:
// Logto names Simplified Chinese zh-CN, and English follows as the
// fallback it always has.
func AcceptLanguage(lang string) string {
	switch lang {
	case SimplifiedChinese:
		return "zh-CN,zh-Hans;q=0.9,en;q=0.5"
	case French:
		return "fr,en;q=0.5"
	}
	return "en"
}

// Name is a language's name in that language (as a menu of languages
// shows it, whatever the language around it).
func Name(lang string) string {
	switch lang {
	case SimplifiedChinese:
		return "简体中文"
	case French:
		return "Français"
	}
	return "English"
}

// FromAcceptLanguage is the first language of a browser's Accept-Language
// header (in its order of preference) this program speaks; English when
// none is.
func FromAcceptLanguage(header string) string {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return English
	}
	for _, t := range tags {
		if lang, ok := Match(t.String()); ok {
			return lang
		}
	}
	return English
}
