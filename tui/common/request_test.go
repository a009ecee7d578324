package common

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestAWaitOnAPersonIsNotBusy: a request that waits on a person (a browser
// coming back) does not count as waiting for Logto; one that does, does.
func TestAWaitOnAPersonIsNotBusy(t *testing.T) {
	c := New(true, 0, nil)
	r := NewRequests(c, IdentitiesID)
	r.Wait("callback", func(context.Context) tea.Msg { return nil })
	if r.Busy() {
		t.Error("waiting for a browser counts as busy")
	}
	r.Do("link", func(context.Context) tea.Msg { return nil })
	if !r.Busy() {
		t.Error("a request to Logto does not count as busy")
	}
	r.Drop("link")
	if r.Busy() || !r.Pending("callback") {
		t.Errorf("after dropping the request: busy %v, callback pending %v", r.Busy(), r.Pending("callback"))
	}
}
