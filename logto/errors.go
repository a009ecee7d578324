package logto

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// APIError is every non-2xx answer from Logto, from /api and /oidc routes alike.
//
// Callers branch on Code (Logto's stable error code) or OIDCError (the RFC
// error name), never on Message: Logto localises it and sometimes leaves it
// uninterpolated (docs/logto-behaviour.md#pitfall-raw-message).
type APIError struct {
	// Status is the HTTP status code.
	Status int
	// Code is Logto's error code such as "user.email_already_in_use"; empty
	// when the body carried none (e.g. a 500 or a proxy page).
	Code string
	// OIDCError is the RFC 6749 "error" field of /oidc answers.
	OIDCError string
	// Data is the endpoint-specific "data" field, kept raw.
	Data json.RawMessage
	// Details is the human-readable zod summary of guard.invalid_input.
	Details string
	// Message is the server's (localised) message: for logs, never for users.
	Message string
	// Method and Path name the request (path without query string).
	Method, Path string
	// NotJSON is set when the body was not a JSON error object (a proxy's
	// HTML page, a truncated body); nothing of it is kept.
	NotJSON bool
}

// Error names the request, status and code; it never carries request data.
func (e *APIError) Error() string {
	what := e.Code
	if what == "" {
		what = e.OIDCError
	}
	if e.NotJSON {
		return fmt.Sprintf("logto: %s %s: HTTP %d %s with a body that is not a Logto error (a proxy or gateway answered?)",
			e.Method, e.Path, e.Status, http.StatusText(e.Status))
	}
	if what == "" {
		return fmt.Sprintf("logto: %s %s: HTTP %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	}
	return fmt.Sprintf("logto: %s %s: HTTP %d %s", e.Method, e.Path, e.Status, what)
}

// CodeOf returns the Logto code (or else the OIDC error) of err when it
// wraps an *APIError, and "" otherwise.
func CodeOf(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		if ae.Code != "" {
			return ae.Code
		}
		return ae.OIDCError
	}
	return ""
}

// IsCode reports whether err is an *APIError with the given Logto code or
// OIDC error name.
func IsCode(err error, code string) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	return ae.Code == code || (ae.OIDCError != "" && ae.OIDCError == code)
}

// StatusOf returns the HTTP status of an *APIError in err, or 0.
func StatusOf(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

// ValidationError is returned before any request is sent when an argument
// breaks a rule Logto would enforce (docs/logto-behaviour.md gives the rule).
type ValidationError struct {
	// Field is the JSON name of the offending field, e.g. "primaryPhone".
	Field string
	// Reason says what is wrong and what is accepted, in plain words.
	Reason string
}

// Error implements error.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("logto: invalid %s: %s", e.Field, e.Reason)
}

// errorBody is the union of the /api and /oidc error shapes.
type errorBody struct {
	Code             string          `json:"code"`
	Message          string          `json:"message"`
	Details          string          `json:"details"`
	Data             json.RawMessage `json:"data"`
	Error            string          `json:"error"`
	ErrorDescription string          `json:"error_description"`
}

// decodeAPIError turns a non-2xx status and its (size-limited) body into an
// *APIError. It never fails: an unreadable body gives NotJSON.
func decodeAPIError(method, path string, status int, body []byte) *APIError {
	e := &APIError{Status: status, Method: method, Path: path}
	var eb errorBody
	if len(body) == 0 || json.Unmarshal(body, &eb) != nil {
		e.NotJSON = len(body) > 0
		return e
	}
	e.Code = eb.Code
	e.Message = eb.Message
	e.Details = eb.Details
	if len(eb.Data) > 0 && string(eb.Data) != "null" {
		e.Data = eb.Data
	}
	e.OIDCError = eb.Error
	if e.Message == "" {
		e.Message = eb.ErrorDescription
	}
	return e
}

// ErrorFromResponse builds the *APIError of a non-2xx answer from its status
// and (size-limited) body; for callers that make their own requests (the
// OIDC flows in auth).
func ErrorFromResponse(method, path string, status int, body []byte) *APIError {
	return decodeAPIError(method, path, status, body)
}
