package sessions

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// fakeKeys is the SSH service's list of one user's remembered keys.
type fakeKeys struct {
	mu   sync.Mutex
	keys []RememberedKey
}

func (f *fakeKeys) RememberedKeys(context.Context) ([]RememberedKey, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]RememberedKey(nil), f.keys...), nil
}

func (f *fakeKeys) ForgetKey(_ context.Context, fp string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, k := range f.keys {
		if k.Fingerprint == fp {
			f.keys = append(f.keys[:i], f.keys[i+1:]...)
			return nil
		}
	}
	return common.Sentence("That key was already forgotten.")
}

func TestRememberedSSHKeysAreListedAndForgotten(t *testing.T) {
	keys := &fakeKeys{keys: []RememberedKey{
		{Fingerprint: "SHA256:moPYRx0rOqC4DWxzx90M9f8PcsYd8DK2TP4vpCM8bGI", Comment: "ada via OpenSSH_9.6", AddedFrom: "203.0.113.7",
			Added: tt.Epoch.Add(-48 * time.Hour), LastUsed: tt.Epoch.Add(-2 * time.Hour), LastUsedFrom: "198.51.100.9",
			Expires: tt.Epoch.Add(28 * 24 * time.Hour), Current: true},
		{Fingerprint: "SHA256:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg", Comment: "ada via PuTTY", AddedFrom: "192.0.2.4",
			Added: tt.Epoch.Add(-3 * time.Hour), Expires: tt.Epoch.Add(30 * 24 * time.Hour)},
	}}
	env := tt.NewEnv(t)
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true}
	c.Proof.Record() // forgetting a key asks for a proof, as every revocation here does
	m := New(c, func() Backend { return env.Account }, "device-app").WithSSHKeys(keys)
	m.SetSize(170, 36)
	tt.Drive(t, m, common.ShownMsg{})
	v := tt.Plain(m.View())
	for _, want := range []string{"Remembered SSH keys (2)", "SHA256:moPYRx0rOqC4…", "ada via OpenSSH_9.6",
		"added 2026-", "from 203.0.113.7", "used 2 h ago from 198.51.100.9", "expires 2026-", "this connection",
		"ada via PuTTY · added 3 h ago from 192.0.2.4 · never used"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	// The cursor goes past the apps into the keys; d asks, y forgets.
	for range m.count() - 1 {
		tt.Drive(t, m, tt.Key("j"))
	}
	// The highlighted key is given whole in the panel below the lists.
	if v := tt.Plain(m.View()); !strings.Contains(v, "SHA256:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg  SSH key") ||
		!strings.Contains(v, "Added 2026-") {
		t.Errorf("no panel for the highlighted key:\n%s", v)
	}
	tt.Drive(t, m, tt.Key("d"))
	if v := tt.Plain(m.View()); !strings.Contains(v, "Forget the SSH key SHA256:Zm9vYmFyYmF6…?") {
		t.Fatalf("no question:\n%s", v)
	}
	msgs := tt.Drive(t, m, tt.Key("y"))
	if len(keys.keys) != 1 || keys.keys[0].Comment != "ada via OpenSSH_9.6" {
		t.Errorf("keys left: %+v", keys.keys)
	}
	said := false
	for _, msg := range msgs {
		if st, ok := msg.(common.StatusMsg); ok && strings.Contains(st.Text, "Forgot the SSH key SHA256:Zm9vYmFyYmF6…") {
			said = true
		}
	}
	if !said {
		t.Error("no word that the key was forgotten")
	}
	if v := tt.Plain(m.View()); !strings.Contains(v, "Remembered SSH keys (1)") {
		t.Errorf("the list was not read again:\n%s", v)
	}
}

func TestNoSSHKeyListOutsideTheSSHService(t *testing.T) {
	m, _ := setup(t, 0)
	if v := tt.Plain(m.View()); strings.Contains(v, "SSH keys") {
		t.Errorf("a local program lists SSH keys:\n%s", v)
	}
}
