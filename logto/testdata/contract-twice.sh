#!/usr/bin/env bash
# Runs the contract suite's real-tenant path (the LOGTO_TEST_* variables set,
# so every emulator-only test skips) twice in a row against ONE emulator
# process served on loopback, standing in for a real Logto, and shows that
# both runs give the same passes and skips: the suite leaves the tenant as it
# found it. Everything is obtained as against a real tenant: the M2M app's
# credentials (printed by `logto-account emulator`), a test user created with
# the Management API, the user's token from a device-flow `logto-account
# login` approved on the tenant's /device page, and sent codes from the
# tenant's output (the emulator prints them; a real Logto's mock connectors
# write them to /tmp). No secret is printed.
#
#   bash logto/testdata/contract-twice.sh [PORT]     (default 3011; needs curl)
#
# KEEP=1 keeps the work folder (both runs' go test -v output, the emulator's
# log) and prints where it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${1:-3011}
base=http://127.0.0.1:$port
work=$(mktemp -d)
emu_pid=
cleanup() {
	if [ -n "$emu_pid" ]; then kill "$emu_pid" 2>/dev/null || true; fi
	if [ -n "${KEEP:-}" ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# field NAME: the string value of "NAME" in the JSON on standard input.
field() { sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" | head -n 1; }

go build -o "$work/logto-account" .
"$work/logto-account" emulator --listen "127.0.0.1:$port" >"$work/emulator.log" 2>&1 &
emu_pid=$!
for _ in $(seq 100); do
	curl -fsS "$base/oidc/.well-known/openid-configuration" >/dev/null 2>&1 && break
	sleep 0.1
done
m2m_id=$(sed -n 's/^  M2M app: *\([^ ]*\) .*/\1/p' "$work/emulator.log")
m2m_secret=$(sed -n 's/.*emulator-only secret: \([^)]*\)).*/\1/p' "$work/emulator.log")
device_app=$(sed -n 's/^  Device app: *\([^ ]*\) .*/\1/p' "$work/emulator.log")

# The test user: a password and an email, no MFA factor (README, Tests).
password="Contract-Run-Kx9-2718"
m2m_token=$(curl -fsS -u "$m2m_id:$m2m_secret" -d grant_type=client_credentials \
	-d resource=https://default.logto.app/api -d scope=all "$base/oidc/token" | field access_token)
curl -fsS -H "Authorization: Bearer $m2m_token" -H 'Content-Type: application/json' \
	-d "{\"username\":\"contract_user\",\"primaryEmail\":\"contract.user@example.com\",\"name\":\"Contract User\",\"password\":\"$password\"}" \
	"$base/api/users" >/dev/null

# Its token: the device flow, as an end user signs in (no M2M variable, so
# login asks for the Account API's scopes); the person at /device is curl.
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" LOGTO_ACCOUNT_KEYRING=file \
	LOGTO_ACCOUNT_ENDPOINT="$base" LOGTO_ACCOUNT_APP_ID="$device_app"
"$work/logto-account" login --no-qr >"$work/login.out" 2>"$work/login.err" &
login_pid=$!
user_code=
for _ in $(seq 100); do
	user_code=$(grep -oE '\b[A-Z]{4}-[A-Z]{4}\b' "$work/login.err" | head -n 1 || true)
	[ -n "$user_code" ] && break
	sleep 0.1
done
curl -fsS -d "user_code=$user_code" -d username=contract_user -d "password=$password" -d action=approve \
	"$base/device" | grep -q Approved
wait "$login_pid"
user_token=$("$work/logto-account" status --json --show-token | field access_token)
unset LOGTO_ACCOUNT_ENDPOINT LOGTO_ACCOUNT_APP_ID

# The code hook: the last code the tenant sent to $1.
cat >"$work/code-hook" <<EOF
#!/bin/sh
grep -F "verification code for \$1: " "$work/emulator.log" | tail -n 1 | sed 's/.*: //'
EOF
chmod +x "$work/code-hook"

# tenant: what a run must leave as it found it, seen from outside the tests:
# how many users there are, the Account Center, the sign-in experience.
tenant() {
	curl -fsS -D - -o /dev/null -H "Authorization: Bearer $m2m_token" "$base/api/users?page_size=1" |
		tr -d '\r' | sed -n 's/^[Tt]otal-[Nn]umber: \(.*\)/users: \1/p'
	echo "account center: $(curl -fsS -H "Authorization: Bearer $m2m_token" "$base/api/account-center")"
	echo "sign-in experience: $(curl -fsS -H "Authorization: Bearer $m2m_token" "$base/api/sign-in-exp" | cksum)"
}

run() {
	LOGTO_TEST_ENDPOINT="$base" LOGTO_TEST_M2M_APP_ID="$m2m_id" LOGTO_TEST_M2M_APP_SECRET="$m2m_secret" \
		LOGTO_TEST_USER_TOKEN="$user_token" LOGTO_TEST_USER_PASSWORD="$password" \
		LOGTO_TEST_CODE_HOOK="$work/code-hook" \
		go test -count=1 -v -run 'Contract|AccountAPI|MockSocial|ClientRefuses|ClientValidates' ./logto/ >"$work/run$1.txt" 2>&1 || true
	grep -E '^--- (PASS|FAIL|SKIP)' "$work/run$1.txt" | sed 's/ (.*//' | sort >"$work/result$1.txt"
	echo "run $1: $(grep -c PASS "$work/result$1.txt") passed, $(grep -c FAIL "$work/result$1.txt") failed, $(grep -c SKIP "$work/result$1.txt") skipped ($(tail -n 1 "$work/run$1.txt"))"
}
tenant >"$work/tenant0.txt"
run 1
tenant >"$work/tenant1.txt"
run 2
tenant >"$work/tenant2.txt"
cat "$work/result1.txt"
echo "why they skip (run 1):"
grep -B1 -E '^--- SKIP' "$work/run1.txt" | grep -E '^ +[a-z_]+_test\.go:[0-9]+: ' | sed 's/^ *//' || true
sed 's/^/before, and after each run: /' "$work/tenant0.txt"
if diff -u "$work/result1.txt" "$work/result2.txt" && diff -u "$work/tenant0.txt" "$work/tenant1.txt" &&
	diff -u "$work/tenant0.txt" "$work/tenant2.txt"; then
	echo "both runs gave the same result and left the tenant as they found it"
else
	echo "the runs differ" >&2
	exit 1
fi
