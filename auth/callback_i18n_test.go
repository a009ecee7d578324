package auth

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// The page the browser shows after the provider sends it back speaks the
// browser's language (the first of its Accept-Language this program
// speaks), English for one it does not.
func TestTheBrowserPageSpeaksTheBrowsersLanguage(t *testing.T) {
	for _, c := range []struct{ accept, want, lang string }{
		{"de-DE, fr;q=0.8, en;q=0.5", "Vous pouvez fermer cet onglet", `lang="fr"`},
		{"zh-CN,zh;q=0.9", "你可以关闭此标签页", `lang="zh-Hans"`},
		{"de-DE", "You can close this tab", `lang="en"`},
	} {
		cb, err := ListenCallback("127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("GET", cb.RedirectURI()+"?state="+cb.State()+"&code=c", nil)
		req.Header.Set("Accept-Language", c.accept)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if !strings.Contains(string(body), c.want) || !strings.Contains(string(body), c.lang) {
			t.Errorf("Accept-Language %q: %s", c.accept, body)
		}
		cb.Close()
	}
}
