package config

import (
	"strings"
	"testing"
)

// language is read from the file or LOGTO_ACCOUNT_LANGUAGE (which wins),
// in any form i18n understands; one the program does not speak is
// refused with the key, the line and the choices.
func TestLanguageKey(t *testing.T) {
	p := write(t, "endpoint = \"https://a.logto.app\"\napp_id = \"cli\"\nlanguage = \"fr\"\n", 0o644)
	c, err := Load(p, "", env(nil))
	if err != nil || c.Language != "fr" {
		t.Fatalf("from the file: %q, %v", c.Language, err)
	}
	c, err = Load(p, "", env(map[string]string{"LOGTO_ACCOUNT_LANGUAGE": "zh_CN.UTF-8"}))
	if err != nil || c.Language != "zh_CN.UTF-8" {
		t.Fatalf("from the environment: %q, %v", c.Language, err)
	}
	bad := write(t, "endpoint = \"https://a.logto.app\"\napp_id = \"cli\"\nlanguage = \"klingon\"\n", 0o644)
	_, err = Load(bad, "", env(nil))
	if err == nil || !strings.Contains(err.Error(), ":3: language: \"klingon\" is not a language this program speaks (en, zh-Hans, fr)") {
		t.Errorf("a language the program does not speak: %v", err)
	}
	_, err = Load(p, "", env(map[string]string{"LOGTO_ACCOUNT_LANGUAGE": "de_DE.UTF-8"}))
	if err == nil || !strings.Contains(err.Error(), "LOGTO_ACCOUNT_LANGUAGE") {
		t.Errorf("from the environment, a language the program does not speak: %v", err)
	}
}
