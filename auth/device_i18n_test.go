package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto/emulator"
)

// TestTheDeviceSignInAsksForTheProgramsLanguage: the device authorization
// request the emulator answers carries ui_locales in the program's
// language (Logto's tags: zh-CN for Simplified Chinese), so the sign-in
// pages reached after the code speak it; without a language none is sent.
func TestTheDeviceSignInAsksForTheProgramsLanguage(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oidc/device/auth" {
			if err := r.ParseForm(); err != nil {
				t.Error(err)
			}
			mu.Lock()
			got = append(got, r.PostForm.Get("ui_locales"))
			mu.Unlock()
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	want := map[string]string{i18n.SimplifiedChinese: "zh-CN zh-Hans en", i18n.French: "fr en", i18n.English: "en", "": ""}
	for lang, ui := range want {
		f := &DeviceFlow{Endpoint: srv.URL, ClientID: emulator.DefaultDeviceAppID, Scopes: []string{"openid"}, Language: lang}
		dc, err := f.Start(context.Background())
		if err != nil {
			t.Fatalf("%q: %v", lang, err)
		}
		if dc.UserCode == "" {
			t.Fatalf("%q: no user code", lang)
		}
		mu.Lock()
		last := got[len(got)-1]
		mu.Unlock()
		if last != ui {
			t.Errorf("language %q sent ui_locales=%q, want %q", lang, last, ui)
		}
	}
}
