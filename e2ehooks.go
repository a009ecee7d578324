//go:build !e2etest

package main

import "github.com/logto-account/logto-account/cli"

// testHooks does nothing in a release build. The binary the end-to-end
// tests build with -tags e2etest gets e2ehooks_e2etest.go's instead; no
// variable, flag or server answer can reach that code in this build.
func testHooks(*cli.Env) {}
