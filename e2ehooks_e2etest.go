//go:build e2etest

package main

import (
	"context"
	"os"
	"time"

	"github.com/logto-account/logto-account/cli"
	"github.com/logto-account/logto-account/logto"
)

// testHooks lets the end-to-end tests (main_test.go builds this binary with
// -tags e2etest) cap the device flow's wait between polls with
// LOGTO_E2E_POLL_INTERVAL, e.g. 50ms, against their own emulator.
//
// The cap cannot shorten a real sign-in: this file is compiled only with
// the e2etest tag, which `go build`, `go install` and releases never set,
// and there e2ehooks.go's testHooks ignores the variable. Within a test
// build it changes only the wait (cli.Env.Sleep, used by the device flow
// alone), never what is sent or how answers are read.
func testHooks(env *cli.Env) {
	d, err := time.ParseDuration(os.Getenv("LOGTO_E2E_POLL_INTERVAL"))
	if err != nil || d <= 0 {
		return
	}
	env.Sleep = func(ctx context.Context, wait time.Duration) error {
		return logto.SleepContext(ctx, min(wait, d))
	}
}
