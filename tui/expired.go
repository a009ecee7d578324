package tui

import "github.com/logto-account/logto-account/auth"

var errSignIn = auth.ErrSignInRequired
