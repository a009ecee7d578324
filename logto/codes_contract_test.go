package logto_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
)

func TestContractVerificationCodeLifecycle(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	email := logto.Recipient{Email: "Code." + suffix() + "@example.com"}

	if err := tg.client.SendVerificationCode(ctx, email); err != nil {
		t.Fatal(err)
	}
	code := tg.code(t, email.Email)
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		t.Fatalf("a code of %d characters is not 6 digits", len(code))
	}
	// Lookup is an exact string match: a lower-cased address finds nothing.
	lower := logto.Recipient{Email: strings.ToLower(email.Email)}
	wantCode(t, tg.client.VerifyVerificationCode(ctx, lower, code), http.StatusBadRequest, "verification_code.not_found")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	wantCode(t, tg.client.VerifyVerificationCode(ctx, email, wrong), http.StatusBadRequest, "verification_code.code_mismatch")
	if err := tg.client.VerifyVerificationCode(ctx, email, code); err != nil {
		t.Fatal(err)
	}
	wantCode(t, tg.client.VerifyVerificationCode(ctx, email, code), http.StatusBadRequest, "verification_code.not_found")

	// A resend replaces the pending code.
	if err := tg.client.SendVerificationCode(ctx, email); err != nil {
		t.Fatal(err)
	}
	first := tg.code(t, email.Email)
	if err := tg.client.SendVerificationCode(ctx, email); err != nil {
		t.Fatal(err)
	}
	second := tg.code(t, email.Email)
	if first != second {
		wantCode(t, tg.client.VerifyVerificationCode(ctx, email, first), http.StatusBadRequest, "verification_code.code_mismatch")
	}
	if err := tg.client.VerifyVerificationCode(ctx, email, second); err != nil {
		t.Fatal(err)
	}

	ph := logto.Recipient{Phone: "1555" + digits(7)}
	if err := tg.client.SendVerificationCode(ctx, ph); err != nil {
		t.Fatal(err)
	}
	if err := tg.client.VerifyVerificationCode(ctx, ph, tg.code(t, ph.Phone)); err != nil {
		t.Fatal(err)
	}
}

func TestContractVerificationCodeMaxTries(t *testing.T) {
	tg := newTarget(t)
	ctx := context.Background()
	to := logto.Recipient{Email: "tries" + suffix() + "@example.com"}
	if err := tg.client.SendVerificationCode(ctx, to); err != nil {
		t.Fatal(err)
	}
	right := tg.code(t, to.Email)
	wrong := "000000"
	if right == wrong {
		wrong = "111111"
	}
	for i := range 10 {
		err := tg.client.VerifyVerificationCode(ctx, to, wrong)
		if logto.CodeOf(err) != "verification_code.code_mismatch" {
			t.Fatalf("try %d: %v", i+1, err)
		}
	}
	wantCode(t, tg.client.VerifyVerificationCode(ctx, to, right), http.StatusBadRequest, "verification_code.exceed_max_try")
}

func TestContractVerificationCodeExpiryAndRateLimit(t *testing.T) {
	tg := newTarget(t)
	tg.needEmulator(t, "moving the clock")
	ctx := context.Background()
	to := logto.Recipient{Email: "expiry" + suffix() + "@example.com"}
	if err := tg.client.SendVerificationCode(ctx, to); err != nil {
		t.Fatal(err)
	}
	tg.emu.Advance(11 * time.Minute)
	wantCode(t, tg.client.VerifyVerificationCode(ctx, to, tg.code(t, to.Email)), http.StatusBadRequest, "verification_code.expired")

	// 10 sends per recipient per 10 minutes, counted case-insensitively.
	rl := "ratelimit" + suffix() + "@example.com"
	for i := range 10 {
		addr := rl
		if i%2 == 1 {
			addr = strings.ToUpper(rl[:1]) + rl[1:]
		}
		if err := tg.client.SendVerificationCode(ctx, logto.Recipient{Email: addr}); err != nil {
			t.Fatalf("send %d: %v", i+1, err)
		}
	}
	wantCode(t, tg.client.SendVerificationCode(ctx, logto.Recipient{Email: rl}), http.StatusTooManyRequests, "request.message_rate_limited")
	tg.emu.Advance(10 * time.Minute)
	if err := tg.client.SendVerificationCode(ctx, logto.Recipient{Email: rl}); err != nil {
		t.Fatalf("after the window the send must pass: %v", err)
	}
}

func TestContractVerificationCodeNoConnector(t *testing.T) {
	tg := newTarget(t)
	tg.needEmulator(t, "removing the tenant's SMS connector")
	tg.emu.RemoveConnectors("Sms")
	ctx := context.Background()
	to := logto.Recipient{Phone: "1555" + digits(7)}
	wantCode(t, tg.client.SendVerificationCode(ctx, to), http.StatusNotImplemented, "connector.not_found")
	// The code row exists anyway, so verify says mismatch, not not_found (docs/logto-behaviour.md#codes).
	wantCode(t, tg.client.VerifyVerificationCode(ctx, to, "123456"), http.StatusBadRequest, "verification_code.code_mismatch")
}

func TestClientRefusesBadRecipientsWithoutSending(t *testing.T) {
	tg := newTarget(t)
	tg.needEmulator(t, "counting requests")
	ctx := context.Background()
	_, _ = tg.tokens.Token(ctx)
	before := tg.requests("", "/api/")
	cases := []struct {
		to    logto.Recipient
		code  string
		field string
	}{
		{logto.Recipient{Email: "not-an-email"}, "", "primaryEmail"},
		{logto.Recipient{Phone: "+1 555 123"}, "", "phone"},
		{logto.Recipient{}, "", "recipient"},
		{logto.Recipient{Email: "a@b.co", Phone: "15551234567"}, "", "recipient"},
		{logto.Recipient{Email: "a@b.co"}, "12345", "verificationCode"},
	}
	for _, c := range cases {
		var err error
		if c.code != "" {
			err = tg.client.VerifyVerificationCode(ctx, c.to, c.code)
		} else {
			err = tg.client.SendVerificationCode(ctx, c.to)
		}
		var ve *logto.ValidationError
		if !errors.As(err, &ve) || ve.Field != c.field {
			t.Errorf("%+v: want a validation error on %s, got %v", c.to, c.field, err)
		}
	}
	if after := tg.requests("", "/api/"); after != before {
		t.Errorf("%d requests were sent for input the client knew to be invalid", after-before)
	}
}
